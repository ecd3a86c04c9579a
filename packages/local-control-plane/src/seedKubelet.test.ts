import { CoreV1Api } from '@kubernetes/client-node';
import { ControlPlane, startControlPlane } from './controlPlane';
import { FakeKubelet } from './fakeKubelet';
import { seedSamples } from './samples';
import { seedKubelet } from './seedKubelet';

jest.setTimeout(60_000);

const NS = 'ml-models';
const FAILED_POD = 'hf-dl-chat-models-meta-llama-llama-3-2-1b-instruct-x7k2p';

describe('seedKubelet', () => {
  let cp: ControlPlane;
  let kubelet: FakeKubelet;
  let core: CoreV1Api;

  beforeAll(async () => {
    cp = await startControlPlane();
    await seedSamples(cp.kubeConfig('admin'));
    kubelet = await seedKubelet(cp);
    core = cp.kubeConfig('backstage').makeApiClient(CoreV1Api);
  });
  afterAll(async () => {
    await kubelet?.stop();
    await cp?.stop();
  });

  it("serves the failed sample download's log through the API server, as kubectl logs reads it", async () => {
    const log = await core.readNamespacedPodLog({
      name: FAILED_POD,
      namespace: NS,
      container: 'downloader',
      tailLines: 2,
    });
    expect(log).toBe(
      [
        'remote: Access to model meta-llama/Llama-3.2-1B-Instruct is restricted. You must have access to it and be authenticated to access it.',
        "fatal: Authentication failed for 'https://huggingface.co/meta-llama/Llama-3.2-1B-Instruct/'",
        '',
      ].join('\n'),
    );
  });

  it('records the events of the failed Job and its pod, the last at the moment of seeding', async () => {
    const events = await core.listNamespacedEvent({ namespace: NS });
    expect(
      events.items.map(e => `${e.involvedObject.kind}/${e.reason}`).sort(),
    ).toEqual([
      'Job/BackoffLimitExceeded',
      'Job/SuccessfulCreate',
      'Pod/Started',
    ]);
    const last = Math.max(
      ...events.items.map(e => new Date(e.lastTimestamp!).getTime()),
    );
    expect(Date.now() - last).toBeLessThan(60_000);
  });
});
