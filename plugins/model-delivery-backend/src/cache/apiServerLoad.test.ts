import {
  chatAssistant,
  modelDownloadWithJob,
  untilQuiet,
} from '@model-delivery/test-kit';
import {
  countsDelta,
  readRequestCounts,
} from '../__testUtils__/apiServerMetrics';
import {
  getStatus,
  statusScene,
  waitForStatus,
} from '../__testUtils__/statusBackend';

jest.setTimeout(120_000);

const entity = chatAssistant;

describe('serving statuses', () => {
  const scene = statusScene({
    manifests: () =>
      [0, 1, 2, 3, 4].flatMap(
        i =>
          modelDownloadWithJob({
            resource: `models-${i}`,
            namespace: 'ml',
            kubernetesId: 'chat-assistant',
            models: ['org/a', 'org/b'],
          }).manifests,
      ),
    entities: [entity],
  });

  beforeAll(async () => {
    await waitForStatus(
      scene.backend,
      entity,
      s =>
        s.clusters[0].state === 'ready' &&
        s.resources.length === 5 &&
        s.resources.every(r => r.items[0].phase === 'downloading'),
    );
  });

  it('answers 1,000 status requests without a single LIST or GET to the API server', async () => {
    // The stand-in kubelet and the controllers finish playing the scene's pods first (their
    // GETs of the Jobs come seconds after the status looks ready on a busy machine): the
    // window below holds this backend's requests only.
    const before = await untilQuiet(() => readRequestCounts(scene.cp), {
      key: counts => counts.GET ?? 0,
    });
    // The watches did list once each: the counters see this backend's requests.
    expect(before.LIST).toBeGreaterThanOrEqual(7);

    for (let i = 0; i < 1000; i++) {
      const response = await getStatus(scene.backend, entity);
      expect(response.status).toBe(200);
      expect(response.body.resources).toHaveLength(5);
    }

    const delta = countsDelta(before, await readRequestCounts(scene.cp));
    expect(delta.LIST ?? 0).toBe(0);
    expect(delta.GET ?? 0).toBe(0);
  });
});
