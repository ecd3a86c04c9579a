import signalsPlugin from '@backstage/plugin-signals-backend';
import { entitySignalChannel } from '@model-delivery/plugin-model-delivery-common';
import {
  CHAT_ASSISTANT_REF,
  chatAssistant,
  componentEntity,
  modelDownloadWithJob,
  givenObjects,
  jobPodsGo,
  untilQuiet,
} from '@model-delivery/test-kit';
import { SignalsClient } from '../__testUtils__/signalsClient';
import {
  getStatus,
  statusScene,
  waitForStatus,
} from '../__testUtils__/statusBackend';

jest.setTimeout(90_000);

const entity = chatAssistant;
const entityRef = CHAT_ASSISTANT_REF;
const quiet = componentEntity('quiet-assistant', {
  'backstage.io/kubernetes-id': 'quiet-assistant',
});

const chatModels = modelDownloadWithJob({
  resource: 'chat-models',
  namespace: 'ml',
  kubernetesId: 'chat-assistant',
  models: ['org/model'],
});
const { job } = chatModels;

describe('change signals', () => {
  const scene = statusScene({
    manifests: () => chatModels.manifests,
    entities: [entity, quiet],
    features: [signalsPlugin],
  });
  let client: SignalsClient;

  beforeAll(async () => {
    await waitForStatus(scene.backend, entity, s =>
      s.resources.some(r => r.items[0]?.phase === 'downloading'),
    );
    // The quiet entity's page is steady before the test's window opens: while the cluster's
    // watches are still starting (the last kinds syncing, on a busy machine), its page
    // changes too, and a signal for it would be right.
    await waitForStatus(scene.backend, quiet, s =>
      s.clusters.every(c => c.state === 'ready'),
    );
    await untilQuiet(
      async () => (await getStatus(scene.backend, quiet)).headers.etag,
    );
    client = await SignalsClient.connect(scene.backend.server.port());
    client.subscribe(entitySignalChannel(entityRef));
    client.subscribe(entitySignalChannel('component:default/quiet-assistant'));
  });

  afterAll(() => client?.close());

  it("reaches a subscribed page when a Job's status changes in the cluster, carrying no data", async () => {
    // Viewing the page is what subscribes the entity to change detection.
    expect((await getStatus(scene.backend, entity)).status).toBe(200);
    expect((await getStatus(scene.backend, quiet)).status).toBe(200);
    const before = Date.now();

    // The download fails: its container exits 1 and the Job controller fails the Job.
    await givenObjects(
      scene.admin,
      jobPodsGo('ml', job.metadata!.name!, {
        state: 'failed',
        exitCode: 1,
        message: 'download failed',
      }),
      job,
    );

    const signal = await client.next(
      entitySignalChannel(entityRef),
      before,
      10_000,
    );
    expect(signal.message).toEqual({ entityRef });
    // The page refetches and finds the change.
    const refetched = await getStatus(scene.backend, entity);
    expect(refetched.body.resources[0].items[0].state).toBe('failed');
    // An entity whose resources did not change is not signalled.
    expect(
      client.received.filter(
        s =>
          s.channel ===
          entitySignalChannel('component:default/quiet-assistant'),
      ),
    ).toEqual([]);
  });
});
