import { mockServices } from '@backstage/backend-test-utils';
import {
  ControlPlane,
  applyManifests,
  startControlPlane,
} from '@internal/local-control-plane';
import { KubeObject } from '@model-delivery/plugin-model-delivery-common';
import { labelledJob, namespace } from '@model-delivery/test-kit';
import {
  countsDelta,
  readRequestCounts,
} from '../__testUtils__/apiServerMetrics';
import { ListWatch, ListWatchPhase } from './ListWatch';

jest.setTimeout(180_000);

const JOBS = {
  apiVersion: 'batch/v1',
  kind: 'Job',
  plural: 'jobs',
  namespaced: true,
  labelSelector: 'app=hf-downloader',
};

async function until(check: () => boolean, what: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 50));
  }
}

describe('ListWatch', () => {
  let cp: ControlPlane;
  let watch: ListWatch | undefined;

  beforeAll(async () => {
    cp = await startControlPlane({ crds: false });
    await applyManifests(cp.kubeConfig('admin'), [
      namespace('ml'),
      labelledJob({
        name: 'ours',
        namespace: 'ml',
        labels: { app: 'hf-downloader' },
      }),
      labelledJob({
        name: 'not-ours',
        namespace: 'ml',
        labels: { app: 'other' },
      }),
    ]);
  });

  afterAll(async () => {
    await watch?.stop();
    await cp?.stop();
  });

  it('lists again when its resourceVersion expired (410 Gone), and stays current', async () => {
    const phases: ListWatchPhase[] = [];
    watch = new ListWatch({
      kubeConfig: cp.kubeConfig('backstage'),
      type: JOBS,
      logger: mockServices.logger.mock(),
      crdRecheckIntervalMs: 1000,
      maxReconnectDelayMs: 1000,
      requestTimeoutMs: 5000,
      // Watches this short get no bookmark from the API server before they end, so the
      // next one resumes from the last event that matched the label selector.
      watchTimeoutSeconds: { min: 1, max: 2 },
      onChange: () => {
        const phase = watch!.state.phase;
        if (phases[phases.length - 1] !== phase) phases.push(phase);
      },
    });
    watch.start();
    await until(() => watch!.state.phase === 'watching', 'the first list');
    expect(watch.items().map(j => j.metadata?.name)).toEqual(['ours']);

    // Make the resourceVersion this watch resumes from fall out of the API server's watch
    // cache, without any event matching the selector. The cache keeps at least the last
    // 75 seconds of events of a type (it grows rather than drop fresher ones), so: let the
    // events from before the list age past that, then write more events than the cache's
    // initial 100 places. The oldest are dropped, and the next watch is answered 410 Gone.
    const before = await readRequestCounts(cp);
    await new Promise(r => setTimeout(r, 76_000));
    for (let i = 0; i < 150; i++) {
      await applyManifests(cp.kubeConfig('admin'), [
        labelledJob({
          name: 'not-ours',
          namespace: 'ml',
          labels: { app: 'other', round: String(i) },
        }),
      ]);
    }
    await until(() => phases.includes('relisting'), 'a re-list');
    await until(() => watch!.state.phase === 'watching', 'the watch to resume');
    const delta = countsDelta(before, await readRequestCounts(cp));
    expect(delta.LIST).toBeGreaterThanOrEqual(1);
    // An expiry is routine: never reported as a failure.
    expect(phases).not.toContain('failed');
    expect(phases).not.toContain('unreachable');

    // Still current afterwards: a change to a matching Job arrives through the watch.
    await applyManifests(cp.kubeConfig('admin'), [
      labelledJob({
        name: 'ours-too',
        namespace: 'ml',
        labels: { app: 'hf-downloader' },
      }),
    ]);
    await until(
      () =>
        watch!.items().some((j: KubeObject) => j.metadata?.name === 'ours-too'),
      'the new Job in the cache',
    );
    expect(
      watch
        .items()
        .map(j => j.metadata?.name)
        .sort(),
    ).toEqual(['ours', 'ours-too']);
  });
});
