import { KubeConfig } from '@kubernetes/client-node';
import {
  Manifest,
  PodScript,
  playHfOperatorReconciles,
  podScript,
  readManifests,
} from '@internal/local-control-plane';
import {
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
import { namespace, optedInNamespace } from './namespaces';

/*
 * The operators' part in the local control plane. The real Job controller, garbage collector
 * and TTL controller run there (kube-controller-manager); what cannot run is stood in for:
 * - hf-operator by the stand-in reconciler of `@internal/local-control-plane`
 *   (`reconcileModelDownloadOnce`, `startStandInHfOperator`), which `playHfOperator` runs;
 * - kro and KServe by tests writing the objects and statuses they write (the manifests
 *   below, named and labelled as the kind definitions of common say);
 * - the scheduler and kubelets by the control plane's stand-in kubelet, which moves each
 *   pod of a Job as the Job's {@link JobOutcome} says (through `pods/status`); the Job
 *   controller then writes the Job's status and conditions from those pods.
 * Nothing here writes a Job's or a pod's status.
 */

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
 * namespace (opted in for the suite, owned by `owner` when given), the claim it downloads
 * into, and the token Secret `hf-token` (key `token`).
 */
export function modelDownloadNeeds(
  ns: string,
  claim: string,
  options: { token?: string; owner?: string } = {},
): Manifest[] {
  const token = options.token ?? 'hf_not-a-real-token';
  return [
    ...optedInNamespace(ns, options.owner),
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
  };
}

/**
 * A Job named and labelled as hf-operator names its Job for one model, for scenes that
 * set a cluster up by hand (a model with no Job, a Job without an owner); `playHfOperator`
 * has the stand-in operator create the real thing.
 */
export function hfOperatorJob(options: {
  resource: string;
  namespace: string;
  model: string;
  owner?: Owner;
}): Manifest {
  return labelledJob({
    name: hfOperatorJobName(options.resource, options.model),
    namespace: options.namespace,
    labels: hfOperatorJobLabels(options.resource, options.model),
    owner: options.owner,
  });
}

/** The loader Job the suite's Gemma RGD has kro create for an instance. */
export function gemmaLoaderJob(options: {
  instance: string;
  namespace: string;
}): Manifest {
  return labelledJob({
    name: gemmaChildNames(options.instance).loaderJob,
    namespace: options.namespace,
    labels: kroChildLabels({
      name: options.instance,
      namespace: options.namespace,
    }),
  });
}

/** The download Job KServe creates for one cache on one node, in its jobs namespace. */
export function kserveDownloadJob(options: {
  cache: string;
  node: string;
  /** KServe names the Job `<cache>-<node>-` plus a generated suffix. */
  suffix?: string;
}): Manifest {
  return labelledJob({
    name: `${options.cache}-${options.node}-${options.suffix ?? 'x1'}`,
    namespace: KSERVE_DOWNLOAD_JOBS.namespace!,
    labels: kserveDownloadJobLabels(options.cache, options.node),
  });
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

/**
 * How a Job's pod goes, and so (through the real Job controller) the Job: the container
 * exits 0 (`completed`) or with a code and message (`failed`, reason `Error` unless said:
 * the Job fails, its backoff limit being 0), keeps running, cannot be scheduled (the
 * scheduler's message), or cannot start (`waiting`: the kubelet's reason, e.g.
 * ImagePullBackOff). `node` is the node it runs on (default the stand-in kubelet's own).
 */
export type JobOutcome = { node?: string } & (
  | { state: 'completed' }
  | { state: 'failed'; exitCode: number; message: string; reason?: string }
  | { state: 'running' }
  | { state: 'unschedulable'; message: string }
  | { state: 'waiting'; reason: string; message?: string }
);

/** What the stand-in kubelet does with a pod for an outcome. */
export function podScriptOf(outcome: JobOutcome): PodScript {
  const node = outcome.node ? { node: outcome.node } : {};
  switch (outcome.state) {
    case 'completed':
      return { ...node, exitCode: 0 };
    case 'failed':
      return {
        ...node,
        exitCode: outcome.exitCode,
        message: outcome.message,
        ...(outcome.reason ? { reason: outcome.reason } : {}),
      };
    case 'running':
      return node;
    case 'unschedulable':
      return { unschedulable: outcome.message };
    case 'waiting':
      return {
        ...node,
        waiting: {
          reason: outcome.reason,
          ...(outcome.message ? { message: outcome.message } : {}),
        },
      };
    default:
      throw new Error(`unknown outcome ${JSON.stringify(outcome)}`);
  }
}

/** The stand-in kubelet's script for the pods of Job `namespace/job`. */
export function jobPodsGo(
  ns: string,
  job: string,
  outcome: JobOutcome,
): Manifest {
  return podScript(ns, job, podScriptOf(outcome));
}

/** A Job and the script its pods follow: given together, the Job ends as `outcome` says. */
export function jobWithOutcome(job: Manifest, outcome: JobOutcome): Manifest[] {
  return [
    jobPodsGo(job.metadata!.namespace!, job.metadata!.name!, outcome),
    job,
  ];
}

/**
 * hf-operator's resource and, for one of its models (the first by default), a Job as it
 * names it, with the script its pod follows: by default it downloads (the pod keeps
 * running). Hand-built: the operator itself does not run (see `playHfOperator`).
 */
export function modelDownloadWithJob(options: {
  resource: string;
  namespace: string;
  kubernetesId: string;
  models: string[];
  model?: string;
  outcome?: JobOutcome;
}): Record<'namespace' | 'resource' | 'job' | 'script', Manifest> & {
  manifests: Manifest[];
} {
  const job = hfOperatorJob({
    resource: options.resource,
    namespace: options.namespace,
    model: options.model ?? options.models[0],
  });
  const [script] = jobWithOutcome(job, options.outcome ?? { state: 'running' });
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
    script,
    manifests: [ns, resource, script, job],
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
 * Plays hf-operator for one ModelDownload, once it exists: the stand-in operator's
 * reconciles (hf-operator's own, `playHfOperatorReconciles`) create a Job per model of the
 * spec, owned by the resource, and list them `pending`; each Job of `outcomes` then ends as
 * said (its pod played by the stand-in kubelet, its status written by the Job controller),
 * and the next reconcile appends them to `completed` / `failed` (never clearing a list). A
 * model left out of `outcomes` keeps a pod no node runs. With `settings.forceReload` set,
 * that reconcile deletes and recreates every Job instead, and the new Jobs end as said too.
 *
 * Throws when the operator would only wait (the token Secret or its key missing).
 */
export async function playHfOperator(
  kc: KubeConfig,
  ns: string,
  name: string,
  outcomes: Record<string, JobOutcome>,
) {
  const type = modelDownloadKind.resource;
  await created(kc, type, name, ns);
  await givenObjects(
    kc,
    ...Object.entries(outcomes).map(([model, outcome]) =>
      jobPodsGo(ns, hfOperatorJobName(name, model), outcome),
    ),
  );
  const actions = await playHfOperatorReconciles(kc, ns, name);
  const waiting = actions.filter(a => a.action === 'requeue-secret');
  if (waiting.length > 0) {
    throw new Error(
      `hf-operator would not act on ModelDownload ${ns}/${name}: ${waiting
        .map(a => a.detail)
        .join('; ')} (give the scene its token Secret)`,
    );
  }
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
  // The Job first, brought to its end: kro reports what the Job shows.
  if (play.loader) {
    await givenObjects(
      kc,
      ...jobWithOutcome(
        gemmaLoaderJob({ instance: name, namespace: ns }),
        play.loader,
      ),
    );
  }
  await givenObjects(kc, { ...refOf(type, name, ns), status: play.status });
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
  // The Jobs first, brought to their end: KServe reports what its Jobs show.
  await givenObjects(
    kc,
    ...Object.entries(play.jobs ?? {}).flatMap(([node, outcome]) =>
      jobWithOutcome(kserveDownloadJob({ cache: name, node }), outcome),
    ),
  );
  await givenObjects(kc, {
    ...refOf(type, name, play.namespace),
    status: play.status,
  });
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
