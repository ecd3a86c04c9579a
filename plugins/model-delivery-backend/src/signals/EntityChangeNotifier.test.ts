import { TestBackend } from '@backstage/backend-test-utils';
import signalsPlugin from '@backstage/plugin-signals-backend';
import {
  ControlPlane,
  applyManifests,
  startControlPlane,
} from '@internal/local-control-plane';
import { entitySignalChannel } from '@model-delivery/plugin-model-delivery-common';
import {
  hfOperatorJob,
  jobPod,
  jobStatus,
  modelDownload,
  namespace,
  podStatus,
  statusOf,
} from '../__testUtils__/playOperators';
import { SignalsClient } from '../__testUtils__/signalsClient';
import {
  clusterConfig,
  componentEntity,
  getStatus,
  startStatusBackend,
  waitForStatus,
} from '../__testUtils__/statusBackend';

jest.setTimeout(90_000);

const entity = componentEntity('chat-assistant', {
  'backstage.io/kubernetes-id': 'chat-assistant',
});
const entityRef = 'component:default/chat-assistant';
const quiet = componentEntity('quiet-assistant', {
  'backstage.io/kubernetes-id': 'quiet-assistant',
});

const job = hfOperatorJob({
  resource: 'chat-models',
  namespace: 'ml',
  model: 'org/model',
  status: jobStatus.active('2026-01-01T10:00:00Z'),
});

describe('change signals', () => {
  let cp: ControlPlane;
  let backend: TestBackend;
  let client: SignalsClient;

  beforeAll(async () => {
    cp = await startControlPlane();
    await applyManifests(cp.kubeConfig('admin'), [
      namespace('ml'),
      modelDownload({
        name: 'chat-models',
        namespace: 'ml',
        kubernetesId: 'chat-assistant',
        models: ['org/model'],
      }),
      job,
      jobPod({
        job: job.metadata!.name!,
        namespace: 'ml',
        status: podStatus.running('2026-01-01T10:00:05Z'),
      }),
    ]);
    backend = await startStatusBackend({
      clusters: [clusterConfig(cp, 'local')],
      entities: [entity, quiet],
      features: [signalsPlugin],
    });
    await waitForStatus(backend, entity, s =>
      s.resources.some(r => r.items[0]?.phase === 'downloading'),
    );
    client = await SignalsClient.connect(backend.server.port());
    client.subscribe(entitySignalChannel(entityRef));
    client.subscribe(entitySignalChannel('component:default/quiet-assistant'));
  });

  afterAll(async () => {
    client?.close();
    await backend?.stop();
    await cp?.stop();
  });

  it("reaches a subscribed page when a Job's status changes in the cluster, carrying no data", async () => {
    // Viewing the page is what subscribes the entity to change detection.
    expect((await getStatus(backend, entity)).status).toBe(200);
    expect((await getStatus(backend, quiet)).status).toBe(200);
    const before = Date.now();

    await applyManifests(cp.kubeConfig('admin'), [
      statusOf(
        job,
        jobStatus.failed('2026-01-01T10:00:00Z', '2026-01-01T10:02:00Z'),
      ),
    ]);

    const signal = await client.next(
      entitySignalChannel(entityRef),
      before,
      10_000,
    );
    expect(signal.message).toEqual({ entityRef });
    // The page refetches and finds the change.
    const refetched = await getStatus(backend, entity);
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
