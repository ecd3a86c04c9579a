import signalsPlugin from '@backstage/plugin-signals-backend';
import { Entity } from '@backstage/catalog-model';
import { applyManifests } from '@internal/local-control-plane';
import {
  ANNOTATION_MODEL_ID,
  MODEL_ENTITY,
  entitySignalChannel,
  modelEntityName,
  modelEntityRef,
} from '@model-delivery/plugin-model-delivery-common';
import {
  chatAssistant,
  inferenceService,
  kserveServerStatus,
  namespace,
  statusOf,
} from '@model-delivery/test-kit';
import { SignalsClient } from '../__testUtils__/signalsClient';
import {
  getStatus,
  statusScene,
  waitForStatus,
} from '../__testUtils__/statusBackend';

jest.setTimeout(90_000);

const MODEL = 'org/model';

/** The model's entity, as the catalog module makes it. */
const modelEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: MODEL_ENTITY.kind,
  metadata: {
    name: modelEntityName(MODEL),
    namespace: MODEL_ENTITY.namespace,
    annotations: { [ANNOTATION_MODEL_ID]: MODEL },
  },
  spec: { type: MODEL_ENTITY.type, owner: 'group:default/platform-team' },
};

const server = inferenceService({
  name: 'chat-llm',
  namespace: 'team-a',
  kubernetesId: 'chat-assistant',
  storageUri: `hf://${MODEL}`,
  status: kserveServerStatus.ready('http://chat-llm.team-a.example.com'),
});

const NOT_READY = {
  reason: 'RevisionMissing',
  message:
    'Configuration "chat-llm-predictor" is waiting for a Revision to become ready.',
};

describe("a model entity's open page", () => {
  const scene = statusScene({
    manifests: () => [namespace('team-a'), server],
    entities: [chatAssistant, modelEntity],
    features: [signalsPlugin],
  });
  let client: SignalsClient;

  beforeAll(async () => {
    await waitForStatus(scene.backend, modelEntity, s =>
      Boolean(s.places?.some(p => p.how === 'served' && p.server?.ready)),
    );
    client = await SignalsClient.connect(scene.backend.server.port());
    client.subscribe(entitySignalChannel(modelEntityRef(MODEL)));
  });

  afterAll(() => client?.close());

  it('hears within 2 s that its server is no longer ready, and the page then shows why', async () => {
    // Viewing the page is what subscribes the entity to change detection.
    expect((await getStatus(scene.backend, modelEntity)).status).toBe(200);
    const before = Date.now();

    await applyManifests(scene.admin, [
      statusOf(
        server,
        kserveServerStatus.notReady(NOT_READY.reason, NOT_READY.message),
      ),
    ]);

    // The issue's own bound: the change reaches an open model page within 2 s.
    const signal = await client.next(
      entitySignalChannel(modelEntityRef(MODEL)),
      before,
      2_000,
    );
    expect(signal.message).toEqual({ entityRef: modelEntityRef(MODEL) });
    const refetched = (await getStatus(scene.backend, modelEntity)).body;
    const served = refetched.places.find((p: any) => p.how === 'served');
    expect(served).toMatchObject({
      kind: 'InferenceService',
      name: 'chat-llm',
      state: 'pending',
      reason: `${NOT_READY.reason}: ${NOT_READY.message}`,
      server: {
        ready: false,
        url: 'http://chat-llm.team-a.example.com/openai/v1',
      },
    });
  });
});
