import { mockCredentials } from '@backstage/backend-test-utils';
import {
  StandInHfOperator,
  startStandInHfOperator,
} from '@internal/local-control-plane';
import {
  hfOperatorJobName,
  modelDownloadKind,
} from '@model-delivery/plugin-model-delivery-common';
import {
  chatAssistant,
  eventually,
  getObject,
  jobPodsGo,
  listObjects,
  modelDownload,
  modelDownloadNeeds,
  refOf,
} from '@model-delivery/test-kit';
import request from 'supertest';
import { statusScene, waitForStatus } from '../__testUtils__/statusBackend';

jest.setTimeout(180_000);

/*
 * A ModelDownload with settings.forceReload, with hf-operator (its stand-in, following its
 * reconciler) running against the real Job controller and garbage collector: the loop it
 * starts, and the portal's re-download stopping it.
 */

const NS = 'ml';
const NAME = 'looping-models';
const MODELS = ['org/first', 'org/second'];
const jobOf = (model: string) => hfOperatorJobName(NAME, model);
const JOB = { apiVersion: 'batch/v1', kind: 'Job' };

describe('forceReload and re-download, with hf-operator running', () => {
  let operator: StandInHfOperator;
  const scene = statusScene({
    manifests: () => [
      ...modelDownloadNeeds(NS, 'models'),
      ...MODELS.map(m => jobPodsGo(NS, jobOf(m), { state: 'completed' })),
      {
        ...modelDownload({
          name: NAME,
          namespace: NS,
          kubernetesId: 'chat-assistant',
          models: MODELS,
        }),
        spec: {
          models: MODELS.map(name => ({ name })),
          storagePVC: 'models',
          hfTokenRef: { name: 'hf-token', key: 'token' },
          nodePool: 'gpu-pool',
          settings: { forceReload: true },
        },
      },
    ],
    entities: [chatAssistant],
  });

  beforeAll(async () => {
    // The operator's own requeue intervals: the loop needs none of them.
    operator = await startStandInHfOperator(scene.cp.kubeConfig('hf-operator'));
  });
  afterAll(async () => {
    await operator?.stop();
  });

  const jobUid = async (model: string) =>
    (await getObject(scene.admin, refOf(JOB, jobOf(model), NS)))?.metadata
      .uid as string | undefined;

  it('recreates the Jobs over and over, meeting each deleted Job still there (AlreadyExists), leaving its pods behind', async () => {
    const seen = new Set<string>();
    const loops = await eventually(async () => {
      const uid = await jobUid('org/first');
      if (uid) seen.add(uid);
      const creates = operator.actions.filter(
        a => a.action === 'create-job' && a.job === jobOf('org/first'),
      );
      const raced = operator.actions.filter(
        a =>
          a.action === 'create-job-failed' &&
          a.job === jobOf('org/first') &&
          /409 AlreadyExists/.test(a.detail ?? ''),
      );
      return creates.length >= 5 && raced.length >= 1 && seen.size >= 3
        ? { creates, raced }
        : undefined;
    }, 'five recreations of the first Job');
    // Far quicker than the operator's 20 s requeue: each new Job queues the next round.
    const span = loops.creates[4].at - loops.creates[0].at;
    expect(span).toBeLessThan(20_000);
    // hf-operator's deletes orphan (batch/v1's default): the pods stay, owned by nothing.
    const pods = await listObjects(scene.admin, {
      apiVersion: 'v1',
      kind: 'Pod',
      namespace: NS,
      labelSelector: `job-name=${jobOf('org/first')}`,
    });
    expect(
      pods.filter(p => !(p.metadata.ownerReferences as unknown[])?.length)
        .length,
    ).toBeGreaterThanOrEqual(2);
  });

  it("unsets forceReload and deletes the model's Job; hf-operator recreates it and the loop stops", async () => {
    const before = await jobUid('org/first');
    const response = await request(scene.backend.server)
      .post('/api/model-delivery/redownload')
      .set('Authorization', mockCredentials.user.header('user:default/alice'))
      .send({
        entityRef: 'component:default/chat-assistant',
        cluster: 'local',
        kind: 'ModelDownload',
        namespace: NS,
        name: NAME,
        model: 'org/first',
      });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      namespace: NS,
      forceReloadUnset: true,
      jobs: [{ model: 'org/first', job: jobOf('org/first') }],
    });
    const resource = await getObject(
      scene.admin,
      refOf(modelDownloadKind.resource, NAME, NS),
    );
    expect(resource.spec.settings?.forceReload).toBeUndefined();

    // The loop stops: the first model's Job is a new one, and stays the same one.
    const settle = async () => {
      const uids = await Promise.all(MODELS.map(jobUid));
      await new Promise(r => setTimeout(r, 3_000));
      const later = await Promise.all(MODELS.map(jobUid));
      return uids.every((u, i) => u && u === later[i]) ? later : undefined;
    };
    const [first] = await eventually(
      settle,
      'Jobs no longer recreated',
      60_000,
    );
    expect(first).not.toBe(before);
    // The status follows the new Job. Whether it completes here is the Job controller's
    // call: a Job created under the name of one deleted moments before (the loop's churn)
    // may get no pod until the controller's expectations for the deleted one expire
    // (Kubernetes 1.20's job_controller.go: the namesake's pods are not counted as its own).
    const job = await getObject(
      scene.admin,
      refOf(JOB, jobOf('org/first'), NS),
    );
    await waitForStatus(scene.backend, chatAssistant, s =>
      s.resources.some(r =>
        r.items.some(
          i =>
            i.name === 'org/first' &&
            i.phase !== 'job-missing' &&
            i.createdAt === job.metadata.creationTimestamp,
        ),
      ),
    );
    const creates = operator.actions.filter(
      a => a.action === 'create-job',
    ).length;
    await new Promise(r => setTimeout(r, 5_000));
    expect(operator.actions.filter(a => a.action === 'create-job').length).toBe(
      creates,
    );
  });
});
