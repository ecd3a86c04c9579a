import { chatAssistant, modelDownloadWithJob } from '@model-delivery/test-kit';
import { statusScene, waitForStatus } from '../__testUtils__/statusBackend';

jest.setTimeout(120_000);

/** The bounds: stale within 15 s of freezing, fresh within 5 s of resuming. */
const STALE_WITHIN_MS = 15_000;
const FRESH_WITHIN_MS = 5_000;

const entity = chatAssistant;
const chatModels = modelDownloadWithJob({
  resource: 'chat-models',
  namespace: 'ml',
  kubernetesId: 'chat-assistant',
  models: ['org/model'],
});

describe('an API server that freezes (no refusal, only silence)', () => {
  const scene = statusScene({
    manifests: () => chatModels.manifests,
    entities: [entity],
    // The production liveness defaults: the bounds hold with them, not with test values.
    status: {},
  });
  let frozen: number | undefined;

  const resume = () => {
    if (frozen !== undefined) {
      process.kill(frozen, 'SIGCONT');
      frozen = undefined;
    }
  };
  // Never leave a stopped process behind, whatever failed.
  afterAll(resume);

  it('is reported unreachable, with since when, then ready again once it resumes', async () => {
    await waitForStatus(
      scene.backend,
      entity,
      s => s.clusters[0].state === 'ready' && s.resources.length === 1,
    );
    const pid = scene.cp.apiServerPid();
    expect(pid).toBeDefined();

    const frozenAt = Date.now();
    process.kill(pid!, 'SIGSTOP');
    frozen = pid;
    try {
      const stale = await waitForStatus(
        scene.backend,
        entity,
        s => s.clusters[0].state === 'unreachable',
        STALE_WITHIN_MS,
      );
      const local = stale.clusters[0];
      expect(local.message).toContain(`Cannot reach cluster 'local'`);
      // Since when: no later than the freeze plus the probe's wait, no earlier than
      // the last answer before it.
      expect(local.unreachableSince).toBeDefined();
      expect(Date.parse(local.unreachableSince!)).toBeGreaterThanOrEqual(
        frozenAt - 5_000,
      );
      expect(local.lastSyncedAt).toBeDefined();
      expect(Date.parse(local.lastSyncedAt!)).toBeLessThanOrEqual(
        Date.parse(local.unreachableSince!),
      );
      // What was known is still shown, as of then.
      expect(stale.resources[0].items[0].phase).toBe('downloading');
    } finally {
      resume();
    }

    const fresh = await waitForStatus(
      scene.backend,
      entity,
      s => s.clusters[0].state === 'ready',
      FRESH_WITHIN_MS,
    );
    expect(fresh.clusters[0].unreachableSince).toBeUndefined();
    expect(fresh.resources).toHaveLength(1);
  });
});
