import { KubeConfig } from '@kubernetes/client-node';
import { hfOperatorJobName } from '@model-delivery/plugin-model-delivery-common';
import { ControlPlane, startControlPlane } from './controlPlane';
import { Manifest, applyManifests, rawRequest } from './manifests';
import {
  StandInHfOperator,
  hfOperatorJobNameFor,
  startStandInHfOperator,
} from './standInHfOperator';
import { podScript } from './standInKubelet';

jest.setTimeout(180_000);

const NS = 'ml';
/** The operator's own intervals, scaled down: what is asserted is relative to them. */
const TIMINGS = { requeueAfterMs: 2_000, secretRetryMs: 1_000 };

const modelDownload = (
  name: string,
  models: string[],
  settings: Record<string, unknown> = {},
): Manifest => ({
  apiVersion: 'hfops.kamal.dev/v1alpha1',
  kind: 'ModelDownload',
  metadata: { name, namespace: NS },
  spec: {
    models: models.map(m => ({ name: m })),
    storagePVC: 'models',
    hfTokenRef: { name: 'hf-token', key: 'token' },
    nodePool: 'gpu-pool',
    settings,
  },
});

const tokenSecret: Manifest = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'hf-token', namespace: NS },
  stringData: { token: 'hf_StandInTokenNotReal' },
};

async function get(kc: KubeConfig, path: string) {
  const r = await rawRequest(kc, 'GET', path);
  return r.status === 200 ? r.body : undefined;
}

const jobPath = (name: string) =>
  `/apis/batch/v1/namespaces/${NS}/jobs/${name}`;
const resourcePath = (name: string) =>
  `/apis/hfops.kamal.dev/v1alpha1/namespaces/${NS}/modeldownloads/${name}`;

async function until<T>(
  what: string,
  read: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: never happened`);
    await new Promise(r => setTimeout(r, 50));
  }
}

describe('the stand-in hf-operator, against the real Job controller and garbage collector', () => {
  let cp: ControlPlane;
  let admin: KubeConfig;
  let operator: StandInHfOperator;

  beforeAll(async () => {
    cp = await startControlPlane();
    admin = cp.kubeConfig('admin');
    await applyManifests(admin, [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } },
    ]);
    // It acts as hf-operator's service account, with hf-operator's own ClusterRole.
    operator = await startStandInHfOperator(
      cp.kubeConfig('hf-operator'),
      TIMINGS,
    );
  });

  afterAll(async () => {
    await operator?.stop();
    await cp?.stop();
  });

  const actionsOf = (resource: string) =>
    operator.actions.filter(a => a.resource === `${NS}/${resource}`);

  it('names Jobs as the suite computes them', () => {
    for (const [resource, model] of [
      ['chat-models', 'meta-llama/Llama-3.1-8B-Instruct'],
      ['A_b', 'Org/Model.v2_final'],
      ['x'.repeat(60), 'y'.repeat(60)],
    ]) {
      expect(hfOperatorJobNameFor(resource, model)).toBe(
        hfOperatorJobName(resource, model),
      );
    }
  });

  it('waits for the token Secret, writing no status, then creates a Job per model owned by the resource', async () => {
    await applyManifests(admin, [
      modelDownload('chat-models', ['org/first', 'org/second'], {
        keepAliveSeconds: 600,
      }),
    ]);
    // L131-134: requeued every secretRetryMs, nothing written meanwhile.
    await until('two retries for the Secret', async () =>
      actionsOf('chat-models').filter(a => a.action === 'requeue-secret')
        .length >= 2
        ? true
        : undefined,
    );
    expect(
      actionsOf('chat-models').every(a => a.action === 'requeue-secret'),
    ).toBe(true);
    expect((await get(admin, resourcePath('chat-models'))).status).toBe(
      undefined,
    );

    // The Secret appears: the watch on Secrets queues the resource at once.
    await applyManifests(admin, [tokenSecret]);
    const resource = await until('status pending', async () => {
      const r = await get(admin, resourcePath('chat-models'));
      return r?.status?.pending?.length === 2 ? r : undefined;
    });
    expect(resource.status).toEqual({
      pending: ['org/first', 'org/second'],
    });
    const job = await get(admin, jobPath('hf-dl-chat-models-org-first'));
    expect(job.metadata.ownerReferences).toEqual([
      {
        apiVersion: 'hfops.kamal.dev/v1alpha1',
        kind: 'ModelDownload',
        name: 'chat-models',
        uid: resource.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    expect(job.metadata.labels).toEqual({
      app: 'hf-downloader',
      parent: 'chat-models',
      model: 'org-first',
    });
    // Kept by the API server only with the TTLAfterFinished feature gate (1.20).
    expect(job.spec.ttlSecondsAfterFinished).toBe(600);
    expect(job.spec.backoffLimit).toBe(0);
    expect(job.spec.template.spec.nodeSelector).toEqual({
      'karpenter.sh/nodepool': 'gpu-pool',
    });
  });

  it('only ever appends to its status lists: a completed model stays pending, a failed one too', async () => {
    await applyManifests(admin, [
      podScript(NS, 'hf-dl-chat-models-org-first', { exitCode: 0 }),
      podScript(NS, 'hf-dl-chat-models-org-second', {
        exitCode: 128,
        message: 'fatal: Authentication failed',
      }),
    ]);
    const resource = await until('completed and failed listed', async () => {
      const r = await get(admin, resourcePath('chat-models'));
      return r?.status?.completed && r?.status?.failed ? r : undefined;
    });
    expect(resource.status).toEqual({
      pending: ['org/first', 'org/second'],
      completed: ['org/first'],
      failed: ['org/second'],
    });
    // The Job controller, not the stand-in, failed the Job from the failed pod.
    const failed = await get(admin, jobPath('hf-dl-chat-models-org-second'));
    expect(failed.status.conditions).toEqual([
      expect.objectContaining({
        type: 'Failed',
        status: 'True',
        reason: 'BackoffLimitExceeded',
      }),
    ]);

    // A model removed from the spec stays listed.
    await applyManifests(admin, [
      modelDownload('chat-models', ['org/first'], { keepAliveSeconds: 600 }),
    ]);
    await new Promise(r => setTimeout(r, TIMINGS.requeueAfterMs * 1.5));
    expect((await get(admin, resourcePath('chat-models'))).status).toEqual(
      resource.status,
    );
  });

  it('with forceReload, deletes and recreates every Job over and over, meeting the orphaned Job (AlreadyExists) until the garbage collector releases it', async () => {
    const job = hfOperatorJobNameFor('looping-models', 'org/loop');
    await applyManifests(admin, [
      podScript(NS, job, { exitCode: 0 }),
      modelDownload('looping-models', ['org/loop'], { forceReload: true }),
    ]);
    const start = Date.now();
    const uids = new Set<string>();
    while (Date.now() - start < 10 * TIMINGS.requeueAfterMs) {
      const current = await get(admin, jobPath(job));
      if (current) uids.add(current.metadata.uid);
      await new Promise(r => setTimeout(r, 50));
    }
    const actions = actionsOf('looping-models');
    const creates = actions.filter(a => a.action === 'create-job');
    const alreadyExists = actions.filter(
      a =>
        a.action === 'create-job-failed' &&
        /409 AlreadyExists/.test(a.detail ?? ''),
    );
    // Not one recreation per requeue interval: every Job event queues the resource again.
    expect(creates.length).toBeGreaterThan(10);
    expect(uids.size).toBeGreaterThan(5);
    expect(alreadyExists.length).toBeGreaterThan(0);
    // The orphaned pods of the deleted Jobs stay behind (batch/v1 deletes orphan by default).
    const pods = await get(
      admin,
      `/api/v1/namespaces/${NS}/pods?labelSelector=job-name%3D${job}`,
    );
    expect(
      pods.items.filter((p: any) => !p.metadata.ownerReferences?.length).length,
    ).toBeGreaterThan(0);

    // Unset: the spec hash changes once more (settings are in it), then the loop stops.
    await rawRequest(
      admin,
      'PATCH',
      resourcePath('looping-models'),
      { spec: { settings: { forceReload: null } } },
      'application/merge-patch+json',
    );
    await new Promise(r => setTimeout(r, 3 * TIMINGS.requeueAfterMs));
    const settled = await get(admin, jobPath(job));
    await new Promise(r => setTimeout(r, 3 * TIMINGS.requeueAfterMs));
    expect((await get(admin, jobPath(job))).metadata.uid).toBe(
      settled.metadata.uid,
    );
  });

  it('removes a finished Job after keepAliveSeconds (the TTL controller); the status lists still say how it ended', async () => {
    const job = hfOperatorJobNameFor('short-lived', 'org/quick');
    await applyManifests(admin, [
      podScript(NS, job, { exitCode: 0 }),
      modelDownload('short-lived', ['org/quick'], { keepAliveSeconds: 1 }),
    ]);
    await until('completed listed', async () => {
      const r = await get(admin, resourcePath('short-lived'));
      return r?.status?.completed ? r : undefined;
    });
    await until('Job removed by its TTL', async () =>
      (await get(admin, jobPath(job))) ? undefined : true,
    );
    expect((await get(admin, resourcePath('short-lived'))).status).toEqual({
      pending: ['org/quick'],
      completed: ['org/quick'],
    });
  });

  it('leaves a deleted resource alone: the garbage collector removes its Jobs and their pods', async () => {
    const job = hfOperatorJobNameFor('doomed', 'org/running');
    await applyManifests(admin, [
      podScript(NS, job, {}),
      modelDownload('doomed', ['org/running']),
    ]);
    const podsOf = async () =>
      (
        await get(
          admin,
          `/api/v1/namespaces/${NS}/pods?labelSelector=job-name%3D${job}`,
        )
      ).items;
    await until('the pod running', async () =>
      (await podsOf()).some((p: any) => p.status.phase === 'Running')
        ? true
        : undefined,
    );
    await rawRequest(admin, 'DELETE', resourcePath('doomed'), {
      propagationPolicy: 'Background',
    });
    await until('Job and pod gone', async () =>
      !(await get(admin, jobPath(job))) && (await podsOf()).length === 0
        ? true
        : undefined,
    );
    // hf-operator created nothing again (L101-105).
    await new Promise(r => setTimeout(r, TIMINGS.requeueAfterMs));
    expect(await get(admin, jobPath(job))).toBeUndefined();
  });
});
