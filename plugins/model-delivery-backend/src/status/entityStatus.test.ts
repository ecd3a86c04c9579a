import { applyManifests } from '@internal/local-control-plane';
import {
  ItemStatus,
  ResourceStatus,
} from '@model-delivery/plugin-model-delivery-common';
import {
  KubeObject,
  ObjectRef,
  chatAssistant,
  componentEntity,
  gemmaLoaderJob,
  getObject,
  givenObjects,
  hfOperatorJob,
  jobPodsGo,
  jobWithOutcome,
  kserveDownloadJob,
  modelDownload,
  namespace,
  podsOfJob,
} from '@model-delivery/test-kit';
import {
  getStatus,
  statusScene,
  waitForStatus,
} from '../__testUtils__/statusBackend';

jest.setTimeout(90_000);

const NS = 'ml-models';
const GATED_MESSAGE =
  "remote: Access to model meta-llama/Llama-3.2-1B-Instruct is restricted. You must have access to it and be authenticated to access it.\nfatal: Authentication failed for 'https://huggingface.co/meta-llama/Llama-3.2-1B-Instruct/'";
const SCHEDULER_MESSAGE =
  "0/4 nodes are available: 4 node(s) didn't match Pod's node affinity/selector.";

const MODELS = {
  completed: 'google/gemma-2-2b-it',
  failed: 'meta-llama/Llama-3.2-1B-Instruct',
  downloading: 'Qwen/Qwen2.5-0.5B-Instruct',
  unschedulable: 'mistralai/Mistral-7B-Instruct-v0.3',
  jobCreated: 'microsoft/phi-2',
  noJob: 'openai/gpt-oss-20b',
};

const chatModels = modelDownload({
  name: 'chat-models',
  namespace: NS,
  kubernetesId: 'chat-assistant',
  models: Object.values(MODELS),
  // As hf-operator writes them: never cleared, so the completed model is still pending.
  status: {
    pending: Object.values(MODELS).filter(m => m !== MODELS.noJob),
    completed: [MODELS.completed],
    failed: [MODELS.failed],
  },
});
const job = (model: string) =>
  hfOperatorJob({ resource: 'chat-models', namespace: NS, model });
const jobName = (model: string) => job(model).metadata!.name!;
/** A Job as the API server has it now: its times are the Job controller's. */
const liveJob = async (scene: { admin: any }, model: string) =>
  (await getObject<KubeObject>(scene.admin, job(model) as ObjectRef))!;
const conditionTime = (j: KubeObject, type: string) =>
  j.status?.conditions?.find((c: any) => c.type === type)?.lastTransitionTime;

const chatAssistantInNamespace = componentEntity('chat-assistant-ml', {
  'backstage.io/kubernetes-id': 'chat-assistant',
  'backstage.io/kubernetes-namespace': NS,
});

function itemOf(
  resource: ResourceStatus | undefined,
  name: string,
): ItemStatus {
  const item = resource?.items.find(i => i.name === name);
  if (!item) {
    throw new Error(`no item ${name} in ${JSON.stringify(resource, null, 2)}`);
  }
  return item;
}

describe('GET /entity/:kind/:namespace/:name/status', () => {
  const scene = statusScene({
    manifests: () => [
      namespace(NS),
      namespace('other-ns'),
      namespace('kserve-localmodel-jobs'),
      chatModels,
      ...jobWithOutcome(job(MODELS.completed), { state: 'completed' }),
      ...jobWithOutcome(job(MODELS.failed), {
        state: 'failed',
        exitCode: 128,
        message: GATED_MESSAGE,
      }),
      ...jobWithOutcome(job(MODELS.downloading), { state: 'running' }),
      ...jobWithOutcome(job(MODELS.unschedulable), {
        state: 'unschedulable',
        message: SCHEDULER_MESSAGE,
      }),
      // Held with parallelism 0 (what `suspend` does from Kubernetes 1.21 on): the Job
      // controller creates no pod for it.
      {
        ...job(MODELS.jobCreated),
        spec: { ...(job(MODELS.jobCreated).spec as object), parallelism: 0 },
      },
      // Another team's resource, and one of this entity's outside its namespace.
      modelDownload({
        name: 'other-team',
        namespace: NS,
        kubernetesId: 'someone-else',
        models: ['org/other'],
      }),
      modelDownload({
        name: 'elsewhere',
        namespace: 'other-ns',
        kubernetesId: 'chat-assistant',
        models: ['org/elsewhere'],
      }),
      // kro's GemmaOnTPUServer, loading its weights.
      {
        apiVersion: 'kro.run/v1alpha1',
        kind: 'GemmaOnTPUServer',
        metadata: {
          name: 'gemma-chat',
          namespace: NS,
          labels: { 'backstage.io/kubernetes-id': 'chat-assistant' },
        },
        spec: { replicas: 1, kaggleSecret: 'kaggle-credentials' },
        status: {
          state: 'IN_PROGRESS',
          conditions: [
            {
              type: 'Ready',
              status: 'False',
              reason: 'NotReady',
              message:
                'resource loader is not ready: waiting for completionTime',
              lastTransitionTime: '2026-01-01T10:10:02Z',
            },
          ],
        },
      },
      ...jobWithOutcome(
        gemmaLoaderJob({ instance: 'gemma-chat', namespace: NS }),
        { state: 'running' },
      ),
      // KServe's cluster-scoped LocalModelCache: one node done, one failed.
      {
        apiVersion: 'serving.kserve.io/v1alpha1',
        kind: 'LocalModelCache',
        metadata: {
          name: 'llama-3-8b-instruct',
          labels: { 'backstage.io/kubernetes-id': 'chat-assistant' },
        },
        spec: {
          sourceModelUri: 'hf://meta-llama/meta-llama-3-8b-instruct',
          modelSize: '20Gi',
          nodeGroups: ['gpu-a100'],
        },
        status: {
          nodeStatus: {
            'gpu-node-1': 'NodeDownloaded',
            'gpu-node-2': 'NodeDownloadError',
          },
          copies: { total: 2, available: 1, failed: 1 },
        },
      },
      ...jobWithOutcome(
        kserveDownloadJob({
          cache: 'llama-3-8b-instruct',
          node: 'gpu-node-2',
          suffix: 'q8v5t',
        }),
        { state: 'failed', exitCode: 1, message: 'No space left on device' },
      ),
    ],
    entities: [chatAssistant, chatAssistantInNamespace],
  });

  const ready = () =>
    waitForStatus(scene.backend, chatAssistant, s =>
      s.clusters.every(c => c.state === 'ready'),
    );

  it('reports every model of a ModelDownload in its own state, with the reason and times', async () => {
    const status = await ready();
    const resource = status.resources.find(r => r.name === 'chat-models');
    expect(resource).toMatchObject({
      kind: 'ModelDownload',
      cluster: 'local',
      namespace: NS,
      itemNoun: 'model',
      state: 'failed',
      counts: { pending: 4, completed: 1, failed: 1 },
    });

    // The times are the Job controller's, read from the Jobs it wrote them to.
    const completedJob = await liveJob(scene, MODELS.completed);
    expect(itemOf(resource, MODELS.completed)).toMatchObject({
      state: 'completed',
      phase: 'completed',
      jobName: 'hf-dl-chat-models-google-gemma-2-2b-it',
      startedAt: completedJob.status.startTime,
      finishedAt: completedJob.status.completionTime,
      retryable: false,
    });
    const failedJob = await liveJob(scene, MODELS.failed);
    const [failedPod] = await podsOfJob(
      scene.admin,
      NS,
      jobName(MODELS.failed),
    );
    const failed = itemOf(resource, MODELS.failed);
    expect(failed).toMatchObject({
      state: 'failed',
      phase: 'failed',
      podName: failedPod.metadata.name,
      finishedAt: conditionTime(failedJob, 'Failed'),
      retryable: true,
    });
    // The container's own words, in full.
    expect(failed.reason).toContain('exit code 128');
    expect(failed.reason).toContain(GATED_MESSAGE);
    expect(itemOf(resource, MODELS.downloading)).toMatchObject({
      state: 'pending',
      phase: 'downloading',
      detail: 'downloading (pod running)',
      startedAt: (await liveJob(scene, MODELS.downloading)).status.startTime,
    });
    expect(itemOf(resource, MODELS.unschedulable)).toMatchObject({
      state: 'pending',
      phase: 'unschedulable',
      reason: SCHEDULER_MESSAGE,
    });
    expect(itemOf(resource, MODELS.jobCreated)).toMatchObject({
      state: 'pending',
      phase: 'job-created',
    });
    expect(itemOf(resource, MODELS.noJob)).toMatchObject({
      state: 'pending',
      phase: 'waiting-for-operator',
    });
  });

  it('follows the cluster: a download that finishes is reported completed, with its times', async () => {
    // The container exits 0: the Job controller completes the Job.
    await givenObjects(
      scene.admin,
      jobPodsGo(NS, jobName(MODELS.downloading), { state: 'completed' }),
      job(MODELS.downloading),
    );
    const finished = await liveJob(scene, MODELS.downloading);
    const status = await waitForStatus(
      scene.backend,
      chatAssistant,
      s =>
        itemOf(
          s.resources.find(r => r.name === 'chat-models'),
          MODELS.downloading,
        ).state === 'completed',
    );
    expect(
      itemOf(
        status.resources.find(r => r.name === 'chat-models'),
        MODELS.downloading,
      ),
    ).toMatchObject({
      phase: 'completed',
      startedAt: finished.status.startTime,
      finishedAt: finished.status.completionTime,
    });
  });

  it('shows a GemmaOnTPUServer and a LocalModelCache of the same entity side by side, each in its own terms', async () => {
    const status = await ready();
    const gemma = status.resources.find(r => r.kind === 'GemmaOnTPUServer');
    expect(gemma).toMatchObject({
      name: 'gemma-chat',
      namespace: NS,
      itemNoun: 'instance',
      state: 'pending',
    });
    expect(itemOf(gemma, 'gemma-chat')).toMatchObject({
      phase: 'loading-weights',
      jobName: 'gemma-chat-loader',
    });
    expect(gemma?.facts).toContainEqual({
      label: 'kro state',
      value: 'IN_PROGRESS',
    });

    const cache = status.resources.find(r => r.kind === 'LocalModelCache');
    expect(cache).toMatchObject({
      name: 'llama-3-8b-instruct',
      itemNoun: 'node',
      state: 'failed',
      counts: { pending: 0, completed: 1, failed: 1 },
    });
    expect(cache?.namespace).toBeUndefined();
    expect(itemOf(cache, 'gpu-node-1')).toMatchObject({
      state: 'completed',
      phase: 'downloaded',
    });
    const node2 = itemOf(cache, 'gpu-node-2');
    expect(node2).toMatchObject({
      state: 'failed',
      phase: 'download-error',
      jobName: 'llama-3-8b-instruct-gpu-node-2-q8v5t',
      jobNamespace: 'kserve-localmodel-jobs',
    });
    expect(node2.reason).toContain('No space left on device');

    // The overall counts add up every item of every resource.
    const sum = status.resources.reduce(
      (acc, r) => ({
        pending: acc.pending + r.counts.pending,
        completed: acc.completed + r.counts.completed,
        failed: acc.failed + r.counts.failed,
      }),
      { pending: 0, completed: 0, failed: 0 },
    );
    expect(status.counts).toEqual(sum);
    expect(status.counts.failed).toBeGreaterThanOrEqual(2);
  });

  it("matches resources by the entity's labels, narrowing namespaced kinds to its namespace only", async () => {
    const everywhere = await ready();
    expect(everywhere.entityRef).toBe('component:default/chat-assistant');
    expect(
      everywhere.resources
        .map(r => `${r.kind}/${r.namespace ?? ''}/${r.name}`)
        .sort(),
    ).toEqual([
      'GemmaOnTPUServer/ml-models/gemma-chat',
      'LocalModelCache//llama-3-8b-instruct',
      'ModelDownload/ml-models/chat-models',
      'ModelDownload/other-ns/elsewhere',
    ]);

    const narrowed = await getStatus(scene.backend, chatAssistantInNamespace);
    expect(narrowed.status).toBe(200);
    expect(
      narrowed.body.resources
        .map((r: ResourceStatus) => `${r.kind}/${r.namespace ?? ''}/${r.name}`)
        .sort(),
    ).toEqual([
      'GemmaOnTPUServer/ml-models/gemma-chat',
      // Cluster-scoped: matched by label alone.
      'LocalModelCache//llama-3-8b-instruct',
      'ModelDownload/ml-models/chat-models',
    ]);
  });

  it('reports a resource the operator has not acted on yet as waiting for it', async () => {
    await applyManifests(scene.admin, [
      modelDownload({
        name: 'just-created',
        namespace: NS,
        kubernetesId: 'chat-assistant',
        models: ['org/new-model'],
      }),
    ]);
    const status = await waitForStatus(scene.backend, chatAssistant, s =>
      s.resources.some(r => r.name === 'just-created'),
    );
    const resource = status.resources.find(r => r.name === 'just-created');
    expect(resource?.state).toBe('pending');
    expect(itemOf(resource, 'org/new-model')).toMatchObject({
      state: 'pending',
      phase: 'waiting-for-operator',
      detail: 'not started: no Job and no status from hf-operator yet',
    });
  });
});
