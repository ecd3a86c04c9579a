import { CoreV1Api } from '@kubernetes/client-node';
import { ControlPlane, startControlPlane } from './controlPlane';
import { FakeKubelet } from './fakeKubelet';
import { seedSamples } from './samples';
import { seedKubelet } from './seedKubelet';
import { podsOfJob } from './standInKubelet';

jest.setTimeout(60_000);

const NS = 'ml-models';
const FAILED_JOB = 'hf-dl-chat-models-meta-llama-llama-3-2-1b-instruct';

describe('seedKubelet', () => {
  let cp: ControlPlane;
  let kubelet: FakeKubelet;
  let core: CoreV1Api;
  let failedPod: string;

  beforeAll(async () => {
    cp = await startControlPlane();
    await seedSamples(cp.kubeConfig('admin'));
    kubelet = await seedKubelet(cp);
    core = cp.kubeConfig('backstage').makeApiClient(CoreV1Api);
    // Named by the Job controller.
    [failedPod] = (await podsOfJob(cp.kubeConfig('admin'), NS, FAILED_JOB)).map(
      p => p.metadata.name,
    );
  });
  afterAll(async () => {
    await kubelet?.stop();
    await cp?.stop();
  });

  it("serves the failed sample download's log through the API server, as kubectl logs reads it", async () => {
    const log = await core.readNamespacedPodLog({
      name: failedPod,
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

  it("records the failed Job's events (the Job controller's) and its pod's (the kubelet's, seeded), the last at the moment of seeding", async () => {
    const events = (
      await core.listNamespacedEvent({ namespace: NS })
    ).items.filter(e =>
      [FAILED_JOB, failedPod].includes(e.involvedObject.name!),
    );
    expect(
      events.map(e => `${e.involvedObject.kind}/${e.reason}`).sort(),
    ).toEqual([
      'Job/BackoffLimitExceeded',
      'Job/SuccessfulCreate',
      'Pod/Started',
    ]);
    const last = Math.max(
      ...events.map(e => new Date(e.lastTimestamp!).getTime()),
    );
    expect(Date.now() - last).toBeLessThan(60_000);
  });
});
