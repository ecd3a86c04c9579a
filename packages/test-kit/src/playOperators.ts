import { KubeConfig } from '@kubernetes/client-node';
import { Manifest, readManifests } from '@internal/local-control-plane';
import {
  JOB_PODS,
  KSERVE_DOWNLOAD_JOBS,
  LABEL_KUBERNETES_ID,
  gemmaChildNames,
  gemmaOnTPUServerKind,
  hfOperatorJobLabels,
  hfOperatorJobName,
  localModelCacheKind,
  localModelNamespaceCacheKind,
  kroChildLabels,
  kserveDownloadJobLabels,
  modelDownloadKind,
} from '@model-delivery/plugin-model-delivery-common';
import {
  KubeObject,
  eventually,
  getObject,
  givenObjects,
  refOf,
  repositoryFile,
} from './objects';

/*
 * No operator, Job controller or scheduler runs in the local control plane: tests play
 * them. The manifests below are what hf-operator, kro, KServe and Kubernetes would write,
 * named and labelled as the kind definitions of common say they are; the `play…`
 * functions write them through the real API (objects, then their status subresource).
 */

export function namespace(name: string): Manifest {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}

export function secret(
  ns: string,
  name: string,
  stringData: Record<string, string>,
  type = 'Opaque',
): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace: ns },
    type,
    data: Object.fromEntries(
      Object.entries(stringData).map(([k, v]) => [
        k,
        Buffer.from(v).toString('base64'),
      ]),
    ),
  };
}

export function serviceAccount(ns: string, name: string): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name, namespace: ns },
  };
}

export function persistentVolumeClaim(ns: string, name: string): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace: ns },
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '1Gi' } },
    },
  };
}

/**
 * What a ModelDownload's namespace must hold before hf-operator can download: the
 * namespace, the claim it downloads into, and the token Secret `hf-token` (key `token`).
 */
export function modelDownloadNeeds(
  ns: string,
  claim: string,
  token = 'hf_not-a-real-token',
): Manifest[] {
  return [
    namespace(ns),
    persistentVolumeClaim(ns, claim),
    secret(ns, 'hf-token', { token }),
  ];
}

/** A ModelDownload as a user (or the suite) creates it, labelled for an entity. */
export function modelDownload(options: {
  name: string;
  namespace: string;
  kubernetesId: string;
  models: string[];
  status?: { pending?: string[]; completed?: string[]; failed?: string[] };
}): Manifest {
  return {
    ...refOf(modelDownloadKind.resource, options.name, options.namespace),
    metadata: {
      name: options.name,
      namespace: options.namespace,
      labels: { [LABEL_KUBERNETES_ID]: options.kubernetesId },
    },
    spec: {
      models: options.models.map(name => ({ name })),
      storagePVC: 'models',
      hfTokenRef: { name: 'hf-token', key: 'token' },
      nodePool: 'gpu-pool',
    },
    ...(options.status ? { status: options.status } : {}),
  };
}

const CONTAINER = {
  name: 'downloader',
  image: 'alpine/git:2.45.2',
};

const JOB_SPEC = {
  backoffLimit: 0,
  template: { spec: { restartPolicy: 'Never', containers: [CONTAINER] } },
};

/** The object that controls another, as its `ownerReferences` say. */
export interface Owner {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
}

/** A Job with the labels its creator gives it (see the operator-specific ones below). */
export function labelledJob(options: {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  owner?: Owner;
  status?: Record<string, unknown>;
}): Manifest {
  const { owner } = options;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: options.name,
      namespace: options.namespace,
      labels: options.labels,
      ...(owner ? { ownerReferences: [{ ...owner, controller: true }] } : {}),
    },
    spec: JOB_SPEC,
    ...(options.status ? { status: options.status } : {}),
  };
}

/** The Job hf-operator creates for one model, named and labelled as it does. */
export function hfOperatorJob(options: {
  resource: string;
  namespace: string;
  model: string;
  owner?: Owner;
  status?: Record<string, unknown>;
}): Manifest {
  return labelledJob({
    name: hfOperatorJobName(options.resource, options.model),
    namespace: options.namespace,
    labels: hfOperatorJobLabels(options.resource, options.model),
    owner: options.owner,
    status: options.status,
  });
}

/** The loader Job the suite's Gemma RGD has kro create for an instance. */
export function gemmaLoaderJob(options: {
  instance: string;
  namespace: string;
  status?: Record<string, unknown>;
}): Manifest {
  return labelledJob({
    name: gemmaChildNames(options.instance).loaderJob,
    namespace: options.namespace,
    labels: kroChildLabels({
      name: options.instance,
      namespace: options.namespace,
    }),
    status: options.status,
  });
}

/** The download Job KServe creates for one cache on one node, in its jobs namespace. */
export function kserveDownloadJob(options: {
  cache: string;
  node: string;
  /** KServe names the Job `<cache>-<node>-` plus a generated suffix. */
  suffix?: string;
  status?: Record<string, unknown>;
}): Manifest {
  return labelledJob({
    name: `${options.cache}-${options.node}-${options.suffix ?? 'x1'}`,
    namespace: KSERVE_DOWNLOAD_JOBS.namespace!,
    labels: kserveDownloadJobLabels(options.cache, options.node),
    status: options.status,
  });
}

/** A pod of a Job, labelled by the Job controller as the kinds' `JOB_PODS` select it. */
export function jobPod(options: {
  job: string;
  namespace: string;
  suffix?: string;
  status: Record<string, unknown>;
  /** The node it is bound to, as the scheduler would bind it; its kubelet serves the logs. */
  nodeName?: string;
}): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${options.job}-${options.suffix ?? 'x1y2z'}`.slice(0, 63),
      namespace: options.namespace,
      labels: { [JOB_PODS.labelSelector!]: options.job },
    },
    spec: {
      restartPolicy: 'Never',
      containers: [CONTAINER],
      ...(options.nodeName ? { nodeName: options.nodeName } : {}),
    },
    status: options.status,
  };
}

/** Just a status, for `applyManifests` to write onto an object applied earlier. */
export function statusOf(object: Manifest, status: unknown): Manifest {
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    metadata: {
      name: object.metadata?.name,
      namespace: object.metadata?.namespace,
    },
    status,
  };
}

/** Job statuses as the Job controller writes them. */
export const jobStatus = {
  active: (startTime: string) => ({ active: 1, startTime }),
  succeeded: (startTime: string, completionTime: string) => ({
    succeeded: 1,
    startTime,
    completionTime,
    conditions: [
      {
        type: 'Complete',
        status: 'True',
        lastProbeTime: completionTime,
        lastTransitionTime: completionTime,
      },
    ],
  }),
  failed: (startTime: string, failedAt: string) => ({
    failed: 1,
    startTime,
    conditions: [
      {
        type: 'Failed',
        status: 'True',
        reason: 'BackoffLimitExceeded',
        message: 'Job has reached the specified backoff limit',
        lastProbeTime: failedAt,
        lastTransitionTime: failedAt,
      },
    ],
  }),
};

const container = (state: Record<string, unknown>, ready = false) => ({
  name: CONTAINER.name,
  ready,
  restartCount: 0,
  image: CONTAINER.image,
  imageID: '',
  state,
});

/** Pod statuses as the kubelet and the scheduler write them. */
export const podStatus = {
  running: (startedAt: string) => ({
    phase: 'Running',
    startTime: startedAt,
    containerStatuses: [container({ running: { startedAt } }, true)],
  }),
  unschedulable: (message: string) => ({
    phase: 'Pending',
    conditions: [
      {
        type: 'PodScheduled',
        status: 'False',
        reason: 'Unschedulable',
        message,
        lastProbeTime: null,
        lastTransitionTime: '2026-01-01T00:00:00Z',
      },
    ],
  }),
  /** The Job controller keeps a completed Job's pod, terminated with exit code 0. */
  succeeded: (startedAt: string, finishedAt: string) => ({
    phase: 'Succeeded',
    startTime: startedAt,
    containerStatuses: [
      container({
        terminated: { exitCode: 0, reason: 'Completed', startedAt, finishedAt },
      }),
    ],
  }),
  failed: (
    message: string,
    startedAt: string,
    finishedAt: string,
    exitCode = 128,
  ) => ({
    phase: 'Failed',
    startTime: startedAt,
    containerStatuses: [
      container({
        terminated: {
          exitCode,
          reason: 'Error',
          message,
          startedAt,
          finishedAt,
        },
      }),
    ],
  }),
};

/**
 * hf-operator at work on a ModelDownload: its namespace, the resource, and for one of its
 * models (the first by default) the Job and its pod. By default the model is downloading:
 * the Job active since `startTime`, its pod running 5 s later; `jobStatus` and `podStatus`
 * tell another outcome.
 */
export function modelDownloadWithJob(options: {
  resource: string;
  namespace: string;
  kubernetesId: string;
  models: string[];
  model?: string;
  startTime?: string;
  jobStatus?: Record<string, unknown>;
  podStatus?: Record<string, unknown>;
}): Record<'namespace' | 'resource' | 'job' | 'pod', Manifest> & {
  manifests: Manifest[];
} {
  const startTime = options.startTime ?? '2026-01-01T10:00:00Z';
  const podStart = new Date(Date.parse(startTime) + 5_000)
    .toISOString()
    .replace(/\.\d+Z$/, 'Z');
  const job = hfOperatorJob({
    resource: options.resource,
    namespace: options.namespace,
    model: options.model ?? options.models[0],
    status: options.jobStatus ?? jobStatus.active(startTime),
  });
  const pod = jobPod({
    job: job.metadata!.name!,
    namespace: options.namespace,
    status: options.podStatus ?? podStatus.running(podStart),
  });
  const resource = modelDownload({
    name: options.resource,
    namespace: options.namespace,
    kubernetesId: options.kubernetesId,
    models: options.models,
  });
  const ns = namespace(options.namespace);
  return {
    namespace: ns,
    resource,
    job,
    pod,
    manifests: [ns, resource, job, pod],
  };
}

/** GemmaOnTPUServer statuses as kro writes them. */
export const kroStatus = {
  /** Every child ready: the instance serves. */
  activeAndReady: (at = '2026-11-21T09:10:00Z') => ({
    state: 'ACTIVE',
    conditions: [
      {
        type: 'Ready',
        status: 'True',
        reason: 'AllResourcesReady',
        lastTransitionTime: at,
      },
    ],
  }),
  inProgress: () => ({ state: 'IN_PROGRESS', conditions: [] }),
};

/** How a Job ends up, as the Job controller reports it (and its pod, when that explains it). */
export type JobOutcome =
  | { state: 'completed' }
  | { state: 'failed'; exitCode: number; message: string }
  | { state: 'running' }
  | { state: 'unschedulable'; message: string };

const STARTED = '2026-11-21T09:00:05Z';

/**
 * The Job with the status of the outcome, plus the pod that explains a failed or
 * unschedulable one (a running or completed Job speaks for itself).
 */
export function jobWithOutcome(job: Manifest, outcome: JobOutcome): Manifest[] {
  const name = job.metadata!.name!;
  const ns = job.metadata!.namespace!;
  switch (outcome.state) {
    case 'completed':
      return [
        {
          ...job,
          status: jobStatus.succeeded(STARTED, '2026-11-21T09:07:42Z'),
        },
      ];
    case 'running':
      return [{ ...job, status: jobStatus.active(STARTED) }];
    case 'failed':
      // The pod fails before the Job controller marks the Job failed: a watcher that sees
      // the failed Job can already find the pod that says why.
      return [
        jobPod({
          job: name,
          namespace: ns,
          suffix: 'x7k2p',
          status: podStatus.failed(
            outcome.message,
            '2026-11-21T09:00:09Z',
            '2026-11-21T09:00:30Z',
            outcome.exitCode,
          ),
        }),
        { ...job, status: jobStatus.failed(STARTED, '2026-11-21T09:00:31Z') },
      ];
    case 'unschedulable':
      return [
        { ...job, status: jobStatus.active(STARTED) },
        jobPod({
          job: name,
          namespace: ns,
          suffix: 'x7k2p',
          status: podStatus.unschedulable(outcome.message),
        }),
      ];
    default:
      throw new Error(`unknown outcome ${JSON.stringify(outcome)}`);
  }
}

/** Waits until the resource a test (or an action) creates exists, and returns it. */
async function created(
  kc: KubeConfig,
  type: { apiVersion: string; kind: string },
  name: string,
  ns?: string,
) {
  return eventually(
    () => getObject<KubeObject>(kc, refOf(type, name, ns)),
    `${type.kind} ${ns ? `${ns}/` : ''}${name}`,
  );
}

/**
 * Plays hf-operator (and the Job controller) for one ModelDownload, once it exists: a Job
 * per model, owned by it, ending as `outcomes` say, and the status lists hf-operator
 * writes (never cleared: every model stays pending).
 */
export async function playHfOperator(
  kc: KubeConfig,
  ns: string,
  name: string,
  outcomes: Record<string, JobOutcome>,
) {
  const type = modelDownloadKind.resource;
  const resource = await created(kc, type, name, ns);
  const owner: Owner = {
    apiVersion: type.apiVersion,
    kind: type.kind,
    name,
    uid: resource.metadata.uid ?? '',
  };
  await givenObjects(
    kc,
    ...Object.entries(outcomes).flatMap(([model, outcome]) =>
      jobWithOutcome(
        hfOperatorJob({ resource: name, namespace: ns, model, owner }),
        outcome,
      ),
    ),
  );
  const models = Object.keys(outcomes);
  await givenObjects(kc, {
    ...refOf(type, name, ns),
    status: {
      pending: models,
      completed: models.filter(m => outcomes[m].state === 'completed'),
      failed: models.filter(m => outcomes[m].state === 'failed'),
    },
  });
}

/**
 * Plays kro for one GemmaOnTPUServer, once it exists: the loader Job (when given) ending
 * as `loader` says, then the instance status kro writes.
 */
export async function playKro(
  kc: KubeConfig,
  ns: string,
  name: string,
  play: { status: Record<string, unknown>; loader?: JobOutcome },
) {
  const type = gemmaOnTPUServerKind.resource;
  await created(kc, type, name, ns);
  await givenObjects(
    kc,
    ...(play.loader
      ? jobWithOutcome(
          gemmaLoaderJob({ instance: name, namespace: ns }),
          play.loader,
        )
      : []),
    { ...refOf(type, name, ns), status: play.status },
  );
}

/**
 * Plays KServe for one LocalModelCache (or, given a namespace, LocalModelNamespaceCache),
 * once it exists: a download Job per node in `jobs`, then the cache status KServe writes.
 */
export async function playKServe(
  kc: KubeConfig,
  name: string,
  play: {
    status: Record<string, unknown>;
    jobs?: Record<string, JobOutcome>;
    namespace?: string;
  },
) {
  const type = (
    play.namespace ? localModelNamespaceCacheKind : localModelCacheKind
  ).resource;
  await created(kc, type, name, play.namespace);
  await givenObjects(
    kc,
    ...Object.entries(play.jobs ?? {}).flatMap(([node, outcome]) =>
      jobWithOutcome(kserveDownloadJob({ cache: name, node }), outcome),
    ),
    { ...refOf(type, name, play.namespace), status: play.status },
  );
}

/** The suite's Gemma ResourceGraphDefinition, in the state kro would report. */
export function gemmaRgd(status: Record<string, unknown>): Manifest {
  const [definition] = readManifests([
    repositoryFile(
      'plugins/model-delivery-node/manifests/kro/gemma-on-tpu-rgd.yaml',
    ),
  ]);
  return { ...definition, status };
}

/** A KServe node group a platform admin set up, for caches to name. */
export function localModelNodeGroup(name: string): Manifest {
  return {
    apiVersion: localModelCacheKind.resource.apiVersion,
    kind: 'LocalModelNodeGroup',
    metadata: { name },
    spec: {
      storageLimit: '1Ti',
      persistentVolumeSpec: {
        accessModes: ['ReadWriteOnce'],
        capacity: { storage: '1Ti' },
        hostPath: { path: '/models' },
      },
      persistentVolumeClaimSpec: {
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: '1Ti' } },
      },
    },
  };
}
