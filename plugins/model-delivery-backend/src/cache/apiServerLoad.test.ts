import { TestBackend } from '@backstage/backend-test-utils';
import {
  ControlPlane,
  applyManifests,
  startControlPlane,
} from '@internal/local-control-plane';
import {
  countsDelta,
  readRequestCounts,
} from '../__testUtils__/apiServerMetrics';
import {
  hfOperatorJob,
  jobPod,
  jobStatus,
  modelDownload,
  namespace,
  podStatus,
} from '../__testUtils__/playOperators';
import {
  clusterConfig,
  componentEntity,
  getStatus,
  startStatusBackend,
  waitForStatus,
} from '../__testUtils__/statusBackend';

jest.setTimeout(120_000);

const entity = componentEntity('chat-assistant', {
  'backstage.io/kubernetes-id': 'chat-assistant',
});

describe('serving statuses', () => {
  let cp: ControlPlane;
  let backend: TestBackend;

  beforeAll(async () => {
    cp = await startControlPlane();
    const manifests = [namespace('ml')];
    for (let i = 0; i < 5; i++) {
      const resource = `models-${i}`;
      manifests.push(
        modelDownload({
          name: resource,
          namespace: 'ml',
          kubernetesId: 'chat-assistant',
          models: ['org/a', 'org/b'],
        }),
      );
      const job = hfOperatorJob({
        resource,
        namespace: 'ml',
        model: 'org/a',
        status: jobStatus.active('2026-01-01T10:00:00Z'),
      });
      manifests.push(
        job,
        jobPod({
          job: job.metadata!.name!,
          namespace: 'ml',
          status: podStatus.running('2026-01-01T10:00:05Z'),
        }),
      );
    }
    await applyManifests(cp.kubeConfig('admin'), manifests);
    backend = await startStatusBackend({
      clusters: [clusterConfig(cp, 'local')],
      entities: [entity],
    });
    await waitForStatus(
      backend,
      entity,
      s =>
        s.clusters[0].state === 'ready' &&
        s.resources.length === 5 &&
        s.resources.every(r => r.items[0].phase === 'downloading'),
    );
  });

  afterAll(async () => {
    await backend?.stop();
    await cp?.stop();
  });

  it('answers 1,000 status requests without a single LIST or GET to the API server', async () => {
    const before = await readRequestCounts(cp);
    // The watches did list once each: the counters see this backend's requests.
    expect(before.LIST).toBeGreaterThanOrEqual(7);

    for (let i = 0; i < 1000; i++) {
      const response = await getStatus(backend, entity);
      expect(response.status).toBe(200);
      expect(response.body.resources).toHaveLength(5);
    }

    const delta = countsDelta(before, await readRequestCounts(cp));
    expect(delta.LIST ?? 0).toBe(0);
    expect(delta.GET ?? 0).toBe(0);
  });
});
