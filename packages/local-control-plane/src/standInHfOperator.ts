import { createHash } from 'node:crypto';
import {
  BatchV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  KubernetesObject,
  makeInformer,
} from '@kubernetes/client-node';
import type {
  ModelDownloadModel,
  ModelDownloadSettings,
  ModelDownloadStatusLists,
} from '@model-delivery/plugin-model-delivery-common';
import { rawRequest } from './manifests';
import {
  jobSettled,
  podScriptName,
  POD_SCRIPT_NAMESPACE,
} from './standInKubelet';

/*
 * A stand-in for hf-operator's controller, written from its reconciler: skamalj/hf-operator
 * v0.1.1 (commit b90d43f8), internal/controller/modeldownload_controller.go. Each behaviour
 * names the lines it follows ("L172" = line 172 of that file). It shares only the CRD's
 * types with the suite's own reading of the operator (plugins/model-delivery-common), none
 * of its logic: the tests compare the two through the cluster.
 *
 * What it does not do: run the download (the Job's pod is the stand-in kubelet's, see
 * standInKubelet.ts), leader election, metrics.
 */

const GROUP = 'hfops.kamal.dev';
const VERSION = 'v1alpha1';
const PLURAL = 'modeldownloads';
const SPEC_HASH_ANNOTATION = 'hfops.kamal.dev/spec-hash';

/** controller-runtime's default per-item backoff after an error: 5 ms doubling to 1000 s. */
const ERROR_BACKOFF_BASE_MS = 5;
const ERROR_BACKOFF_MAX_MS = 1_000_000;

/** The resource as a client may have written it: any field may be missing. */
interface ModelDownloadObject extends KubernetesObject {
  metadata: {
    name: string;
    namespace: string;
    uid: string;
    resourceVersion?: string;
    [k: string]: unknown;
  };
  spec: {
    models?: ModelDownloadModel[];
    storagePVC?: string;
    hfTokenRef?: { name?: string; key?: string };
    nodePool?: string;
    settings?: ModelDownloadSettings;
  };
  status?: ModelDownloadStatusLists;
}

/** L61-70: lowercase, `/` `_` `.` → `-`, cut to 50 bytes. */
export function hfOperatorSanitize(name: string): string {
  const s = name.toLowerCase().replace(/[/_.]/g, '-');
  return s.length > 50 ? s.slice(0, 50) : s;
}

/** L159: `hf-dl-<sanitize(CR)>-<sanitize(model)>`. */
export function hfOperatorJobNameFor(resource: string, model: string): string {
  return `hf-dl-${hfOperatorSanitize(resource)}-${hfOperatorSanitize(model)}`;
}

/** Go's encoding/json escapes these three in strings (HTML-safe output). */
function goJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026');
}

/** A struct with `omitempty` fields, in the declared order (api/v1alpha1 types). */
function omitEmpty(fields: Array<[string, unknown]>): Record<string, unknown> {
  return Object.fromEntries(
    fields.filter(
      ([, v]) => v !== undefined && v !== '' && v !== 0 && v !== false,
    ),
  );
}

/**
 * L74-85: sha1 of the JSON of model, settings, whether a token is set, PVC and node pool.
 * Go marshals a map with its keys sorted. Every setting is in it, forceReload too: setting
 * or unsetting any of them changes every Job's hash, and so recreates every Job once.
 */
export function hfOperatorSpecHash(
  resource: ModelDownloadObject,
  model: ModelDownloadModel,
  token: string,
): string {
  const settings = resource.spec.settings ?? {};
  const data = {
    model: {
      name: model.name ?? '',
      ...omitEmpty([
        ['sha', model.sha],
        ['retryCount', model.retryCount],
      ]),
    },
    nodepool: resource.spec.nodePool ?? '',
    pvc: resource.spec.storagePVC ?? '',
    settings: omitEmpty([
      ['timeoutMillis', settings.timeoutMillis],
      ['enableHFTransfer', settings.enableHFTransfer],
      ['keepAliveSeconds', settings.keepAliveSeconds],
      ['cpu', settings.cpu],
      ['memory', settings.memory],
      ['forceReload', settings.forceReload],
    ]),
    tokenSet: token !== '',
  };
  return createHash('sha1').update(goJson(data)).digest('hex');
}

/** `resource.MustParse`'s grammar; a quantity it rejects makes buildJob panic (L300-305). */
const QUANTITY =
  /^[+-]?(\d+(\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;

/**
 * L224-335: the Job for one model. The download itself is summed up in our own words; the
 * operator's script, like this one, puts the token on the command line (L243-245) and
 * downloads the repository's default branch: neither `sha` nor `retryCount` is used.
 */
export function hfOperatorJob(
  resource: ModelDownloadObject,
  model: ModelDownloadModel,
  jobName: string,
  token: string,
  hash: string,
) {
  const settings = resource.spec.settings ?? {};
  // L226-229: ttlSecondsAfterFinished is keepAliveSeconds, or 3600.
  const ttl =
    settings.keepAliveSeconds && settings.keepAliveSeconds > 0
      ? settings.keepAliveSeconds
      : 3600;
  // L232-239: cpu and memory default to "1" and "4Gi"; both request and limit.
  const cpu = settings.cpu || '1';
  const memory = settings.memory || '4Gi';
  for (const quantity of [cpu, memory]) {
    if (!QUANTITY.test(quantity)) {
      // L300-305 resource.MustParse panics; controller-runtime turns the panic into an error.
      throw new Error(
        `panic: cannot parse '${quantity}': quantities must match the regular expression`,
      );
    }
  }
  const folder = `/models/${model.name}`;
  const script = [
    'set -e',
    `export TOKEN="${token}"`,
    `if [ -d "${folder}" ] && [ "$(ls -A "${folder}" | wc -l)" -gt 0 ]; then echo "${model.name} already there, skipped"; exit 0; fi`,
    `export HF_HUB_ENABLE_HF_TRANSFER="${
      settings.enableHFTransfer ? 'true' : 'false'
    }"`,
    `hf download "${model.name}" --token "$TOKEN" --local-dir "${folder}"`,
  ].join('\n');
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: jobName,
      namespace: resource.metadata.namespace,
      // L317-319
      annotations: { [SPEC_HASH_ANNOTATION]: hash },
      // L320-324: parent is the CR's name as it is, model the sanitised model name.
      labels: {
        app: 'hf-downloader',
        parent: resource.metadata.name,
        model: hfOperatorSanitize(model.name),
      },
      // L177 / L205: ctrl.SetControllerReference.
      ownerReferences: [
        {
          apiVersion: `${GROUP}/${VERSION}`,
          kind: 'ModelDownload',
          name: resource.metadata.name,
          uid: resource.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      // L230: no retries; one failed pod fails the Job.
      backoffLimit: 0,
      ttlSecondsAfterFinished: ttl,
      template: {
        spec: {
          restartPolicy: 'Never',
          // L276: always set, even to "" when nodePool is empty.
          nodeSelector: {
            'karpenter.sh/nodepool': resource.spec.nodePool ?? '',
          },
          volumes: [
            {
              name: 'models',
              persistentVolumeClaim: { claimName: resource.spec.storagePVC },
            },
          ],
          containers: [
            {
              name: 'downloader',
              image: 'ubuntu:22.04',
              command: ['/bin/bash', '-c', script],
              volumeMounts: [{ name: 'models', mountPath: '/models' }],
              resources: {
                requests: { cpu, memory },
                limits: { cpu, memory },
              },
            },
          ],
        },
      },
    },
  };
}

/** L87-94 */
function appendIfMissing(list: string[], value: string): string[] {
  return list.includes(value) ? list : [...list, value];
}

/** An API error of a write, with its HTTP status, as controller-runtime returns it. */
class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** What a reconcile reads: controller-runtime's client reads its informer cache. */
interface Reads {
  modelDownload(
    namespace: string,
    name: string,
  ): Promise<ModelDownloadObject | undefined>;
  secret(namespace: string, name: string): Promise<any | undefined>;
  job(namespace: string, name: string): Promise<any | undefined>;
}

/** One thing the stand-in did, for tests to follow. */
export interface HfOperatorAction {
  at: number;
  resource: string;
  action:
    | 'create-job'
    | 'create-job-failed'
    | 'delete-job'
    | 'update-status'
    | 'update-status-failed'
    | 'requeue-secret';
  job?: string;
  detail?: string;
}

interface Result {
  requeueAfterMs?: number;
}

async function write(
  kc: KubeConfig,
  method: string,
  path: string,
  body?: unknown,
): Promise<any> {
  const r = await rawRequest(kc, method, path, body);
  if (r.status >= 300) {
    throw new ApiError(
      r.status,
      `${method} ${path}: ${r.status} ${r.body?.reason ?? ''} ${
        r.body?.message ?? ''
      }`.trim(),
    );
  }
  return r.body;
}

const jobsPath = (namespace: string) =>
  `/apis/batch/v1/namespaces/${namespace}/jobs`;

/** Timings; the defaults are the operator's own (L133, L142, L220). */
export interface HfOperatorTimings {
  /** L220: the requeue after every reconcile that wrote its status. Default 20 s. */
  requeueAfterMs?: number;
  /** L133, L142: the retry while the token Secret or its key is missing. Default 10 s. */
  secretRetryMs?: number;
}

/** L97-221: one reconcile of one ModelDownload. */
async function reconcile(
  kc: KubeConfig,
  reads: Reads,
  namespace: string,
  name: string,
  timings: Required<HfOperatorTimings>,
  record: (a: Omit<HfOperatorAction, 'at' | 'resource'>) => void,
): Promise<Result> {
  // L100-107: gone → nothing to do (its Jobs are the garbage collector's).
  const cached = await reads.modelDownload(namespace, name);
  if (!cached) return {};
  const md: ModelDownloadObject = structuredClone(cached);
  const spec = md.spec ?? {};
  // L111-120
  const status = {
    pending: [...(md.status?.pending ?? [])],
    completed: [...(md.status?.completed ?? [])],
    failed: [...(md.status?.failed ?? [])],
  };

  // L122-144: the token. A missing Secret or key requeues after 10 s, writing no status.
  let token = '';
  if (spec.hfTokenRef?.name) {
    const secret = await reads.secret(namespace, spec.hfTokenRef.name);
    if (!secret) {
      record({
        action: 'requeue-secret',
        detail: `Secret ${spec.hfTokenRef.name} not found`,
      });
      return { requeueAfterMs: timings.secretRetryMs };
    }
    const value = secret.data?.[spec.hfTokenRef.key ?? ''];
    if (value === undefined) {
      record({
        action: 'requeue-secret',
        detail: `key ${spec.hfTokenRef.key} not found`,
      });
      return { requeueAfterMs: timings.secretRetryMs };
    }
    token = Buffer.from(value, 'base64').toString('utf8');
  }

  // L157-212: a Job per model, in spec order; the first failed create ends the reconcile
  // before any status is written (L180-182, L208-210).
  for (const model of spec.models ?? []) {
    const jobName = hfOperatorJobNameFor(md.metadata.name, model.name);
    const desiredHash = hfOperatorSpecHash(md, model, token);
    const job = await reads.job(namespace, jobName);
    const create = async () => {
      const body = hfOperatorJob(md, model, jobName, token, desiredHash);
      try {
        await write(kc, 'POST', jobsPath(namespace), body);
        record({ action: 'create-job', job: jobName });
      } catch (e) {
        record({
          action: 'create-job-failed',
          job: jobName,
          detail: String(e),
        });
        throw e;
      }
    };
    if (job) {
      const existingHash =
        job.metadata?.annotations?.[SPEC_HASH_ANNOTATION] ?? '';
      // L172-185: a changed spec or forceReload deletes the Job and creates it again at once.
      if (existingHash !== desiredHash || spec.settings?.forceReload) {
        // L175: `r.Delete(ctx, &job)` with no options. For batch/v1 the API server's
        // default is to orphan the pods: the Job gets the `orphan` finalizer and stays
        // (terminating) until the garbage collector has released its pods, so the create
        // just after fails with AlreadyExists (409) meanwhile. The error is ignored.
        try {
          await write(kc, 'DELETE', `${jobsPath(namespace)}/${jobName}`);
          record({ action: 'delete-job', job: jobName });
        } catch {
          // L175 `_ = r.Delete(...)`
        }
        await create();
        continue;
      }
      // L187-192: the lists only grow; a model can be pending and completed at once.
      if ((job.status?.succeeded ?? 0) > 0) {
        status.completed = appendIfMissing(status.completed, model.name);
      } else if ((job.status?.failed ?? 0) > 0) {
        status.failed = appendIfMissing(status.failed, model.name);
      }
      continue;
    }
    // L202-211
    await create();
    status.pending = appendIfMissing(status.pending, model.name);
  }

  // L215-217: Status().Update with the object as read: a stale resourceVersion is a 409
  // and the reconcile is retried. Empty lists are omitted (`omitempty`).
  const body = {
    ...md,
    status: omitEmpty([
      ['pending', status.pending.length ? status.pending : undefined],
      ['completed', status.completed.length ? status.completed : undefined],
      ['failed', status.failed.length ? status.failed : undefined],
    ]),
  };
  try {
    await write(
      kc,
      'PUT',
      `/apis/${GROUP}/${VERSION}/namespaces/${namespace}/${PLURAL}/${name}/status`,
      body,
    );
    record({ action: 'update-status', detail: JSON.stringify(body.status) });
  } catch (e) {
    record({ action: 'update-status-failed', detail: String(e) });
    throw e;
  }
  // L220
  return { requeueAfterMs: timings.requeueAfterMs };
}

const DEFAULT_TIMINGS: Required<HfOperatorTimings> = {
  requeueAfterMs: 20_000,
  secretRetryMs: 10_000,
};

async function liveGet(kc: KubeConfig, path: string) {
  const r = await rawRequest(kc, 'GET', path);
  if (r.status === 404) return undefined;
  if (r.status !== 200)
    throw new ApiError(r.status, `GET ${path}: ${r.status}`);
  return r.body;
}

/** Reads straight from the API server, for a single reconcile outside a running controller. */
function liveReads(kc: KubeConfig): Reads {
  return {
    modelDownload: (ns, name) =>
      liveGet(
        kc,
        `/apis/${GROUP}/${VERSION}/namespaces/${ns}/${PLURAL}/${name}`,
      ),
    secret: (ns, name) =>
      liveGet(kc, `/api/v1/namespaces/${ns}/secrets/${name}`),
    job: (ns, name) => liveGet(kc, `${jobsPath(ns)}/${name}`),
  };
}

/**
 * One reconcile of one ModelDownload, as hf-operator's Reconcile does it, reading the
 * cluster directly: what a test uses to play the operator at a chosen moment. Returns when
 * the operator would have it requeued (ms), or throws the error it would return.
 */
export async function reconcileModelDownloadOnce(
  kc: KubeConfig,
  namespace: string,
  name: string,
  timings: HfOperatorTimings = {},
): Promise<{ requeueAfterMs?: number; actions: HfOperatorAction[] }> {
  const actions: HfOperatorAction[] = [];
  const result = await reconcile(
    kc,
    liveReads(kc),
    namespace,
    name,
    { ...DEFAULT_TIMINGS, ...timings },
    a =>
      actions.push({ ...a, at: Date.now(), resource: `${namespace}/${name}` }),
  );
  return { ...result, actions };
}

/**
 * One reconcile, retried on error as controller-runtime's queue retries it (5 ms,
 * doubling): e.g. a create that meets a Job still being deleted (AlreadyExists) until the
 * garbage collector has released it.
 */
async function reconcileUntilDone(
  kc: KubeConfig,
  namespace: string,
  name: string,
): Promise<HfOperatorAction[]> {
  const deadline = Date.now() + 30_000;
  for (let delay = ERROR_BACKOFF_BASE_MS; ; delay *= 2) {
    try {
      return (await reconcileModelDownloadOnce(kc, namespace, name)).actions;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise(r => setTimeout(r, delay));
    }
  }
}

/**
 * hf-operator at work on one ModelDownload for a moment, without a running controller
 * (scenes, the seeded samples): a reconcile creates the Jobs; the Jobs whose pods have a
 * script are waited for until the Job controller has brought them where it leads; a second
 * reconcile then lists them completed or failed. With `settings.forceReload` that second
 * reconcile deletes and recreates every Job instead, as hf-operator does, and the new
 * Jobs are waited for too. Returns what it did; a missing token Secret shows as
 * `requeue-secret` actions and nothing else.
 */
export async function playHfOperatorReconciles(
  kc: KubeConfig,
  namespace: string,
  name: string,
): Promise<HfOperatorAction[]> {
  const first = await reconcileUntilDone(kc, namespace, name);
  if (first.some(a => a.action === 'requeue-secret')) return first;
  const resource = await liveGet(
    kc,
    `/apis/${GROUP}/${VERSION}/namespaces/${namespace}/${PLURAL}/${name}`,
  );
  const settled = async () => {
    for (const model of resource?.spec?.models ?? []) {
      const job = hfOperatorJobNameFor(name, model.name);
      const script = await liveGet(
        kc,
        `/api/v1/namespaces/${POD_SCRIPT_NAMESPACE}/configmaps/${podScriptName(
          namespace,
          job,
        )}`,
      );
      if (script) {
        await jobSettled(kc, namespace, job, JSON.parse(script.data.script));
      }
    }
  };
  await settled();
  const second = await reconcileUntilDone(kc, namespace, name);
  await settled();
  return [...first, ...second];
}

/** A running stand-in hf-operator; see {@link startStandInHfOperator}. */
export interface StandInHfOperator {
  /** Everything it did, oldest first. */
  readonly actions: HfOperatorAction[];
  stop(): Promise<void>;
}

/**
 * controller-runtime's work queue, as far as the operator's behaviour depends on it: a key
 * is queued once however often it is added, never reconciled twice at once, retried with
 * a per-key exponential backoff after an error (5 ms doubling) and forgotten on success.
 */
class WorkQueue {
  private readonly queue: string[] = [];
  private readonly dirty = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private waiters: Array<(key: string | undefined) => void> = [];
  private shutDown = false;

  add(key: string) {
    if (this.shutDown || this.dirty.has(key)) return;
    this.dirty.add(key);
    if (this.processing.has(key)) return;
    const waiter = this.waiters.shift();
    if (waiter) {
      this.dirty.delete(key);
      this.processing.add(key);
      waiter(key);
    } else {
      this.queue.push(key);
    }
  }

  addAfter(key: string, ms: number) {
    if (this.shutDown) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.add(key);
    }, ms);
    this.timers.add(timer);
  }

  addRateLimited(key: string) {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    this.addAfter(
      key,
      Math.min(ERROR_BACKOFF_BASE_MS * 2 ** n, ERROR_BACKOFF_MAX_MS),
    );
  }

  forget(key: string) {
    this.failures.delete(key);
  }

  get(): Promise<string | undefined> {
    if (this.shutDown) return Promise.resolve(undefined);
    const key = this.queue.shift();
    if (key !== undefined) {
      this.dirty.delete(key);
      this.processing.add(key);
      return Promise.resolve(key);
    }
    return new Promise(res => this.waiters.push(res));
  }

  done(key: string) {
    this.processing.delete(key);
    if (this.dirty.has(key)) {
      this.dirty.delete(key);
      this.add(key);
    }
  }

  stop() {
    this.shutDown = true;
    for (const t of this.timers) clearTimeout(t);
    for (const w of this.waiters) w(undefined);
    this.waiters = [];
  }
}

/**
 * Runs the stand-in hf-operator until stopped: as the operator's manager, it caches
 * ModelDownloads, Jobs and Secrets cluster-wide (L338-379 `For`, `Owns`, `Watches`), queues
 * a ModelDownload when it changes, when a Job it controls changes, or when a Secret it
 * names changes, and reconciles up to 3 at a time (L376-378). It acts as the `hf-operator`
 * identity, with hf-operator's own ClusterRole.
 *
 * `timings` shortens the operator's requeue intervals for tests; the defaults are its own.
 */
export async function startStandInHfOperator(
  kc: KubeConfig,
  timings: HfOperatorTimings = {},
): Promise<StandInHfOperator> {
  const resolved = { ...DEFAULT_TIMINGS, ...timings };
  const custom = kc.makeApiClient(CustomObjectsApi);
  const batch = kc.makeApiClient(BatchV1Api);
  const core = kc.makeApiClient(CoreV1Api);
  const modelDownloads = makeInformer<ModelDownloadObject>(
    kc,
    `/apis/${GROUP}/${VERSION}/${PLURAL}`,
    () =>
      custom.listClusterCustomObject({
        group: GROUP,
        version: VERSION,
        plural: PLURAL,
      }) as any,
  );
  const jobs = makeInformer<any>(kc, '/apis/batch/v1/jobs', () =>
    batch.listJobForAllNamespaces(),
  );
  const secrets = makeInformer<any>(kc, '/api/v1/secrets', () =>
    core.listSecretForAllNamespaces(),
  );
  const informers = [modelDownloads, jobs, secrets];
  const queue = new WorkQueue();
  const actions: HfOperatorAction[] = [];
  let stopped = false;

  const keyOf = (o: any) => `${o.metadata?.namespace}/${o.metadata?.name}`;
  const enqueueResource = (o: any) => queue.add(keyOf(o));
  // Owns(&batchv1.Job{}): the controller owner of the Job, if it is a ModelDownload.
  const enqueueOwner = (job: any) => {
    const owner = (job.metadata?.ownerReferences ?? []).find(
      (r: any) =>
        r.controller &&
        r.kind === 'ModelDownload' &&
        r.apiVersion === `${GROUP}/${VERSION}`,
    );
    if (owner) queue.add(`${job.metadata.namespace}/${owner.name}`);
  };
  // L343-375: every ModelDownload of the namespace whose hfTokenRef names the Secret.
  const enqueueForSecret = (secret: any) => {
    for (const md of modelDownloads.list(secret.metadata?.namespace)) {
      if (md.spec?.hfTokenRef?.name === secret.metadata?.name)
        enqueueResource(md);
    }
  };
  for (const verb of ['add', 'update', 'delete'] as const) {
    modelDownloads.on(verb, enqueueResource);
    jobs.on(verb, enqueueOwner);
    secrets.on(verb, enqueueForSecret);
  }
  // A watch that fails is started again, as a reflector would.
  const restartOnError = (informer: (typeof informers)[number]) =>
    informer.on('error', () => {
      setTimeout(() => {
        if (!stopped) informer.start().catch(() => undefined);
      }, 500);
    });
  informers.forEach(restartOnError);
  await Promise.all(informers.map(i => i.start()));

  const reads: Reads = {
    modelDownload: async (ns, name) => modelDownloads.get(name, ns),
    secret: async (ns, name) => secrets.get(name, ns),
    job: async (ns, name) => jobs.get(name, ns),
  };

  const worker = async () => {
    for (;;) {
      const key = await queue.get();
      if (key === undefined || stopped) return;
      const [namespace, name] = key.split('/');
      try {
        const result = await reconcile(
          kc,
          reads,
          namespace,
          name,
          resolved,
          a => actions.push({ ...a, at: Date.now(), resource: key }),
        );
        queue.forget(key);
        if (result.requeueAfterMs !== undefined) {
          queue.addAfter(key, result.requeueAfterMs);
        }
      } catch {
        queue.addRateLimited(key);
      } finally {
        queue.done(key);
      }
    }
  };
  const workers = [worker(), worker(), worker()];

  return {
    actions,
    stop: async () => {
      stopped = true;
      queue.stop();
      await Promise.all(informers.map(i => i.stop()));
      await Promise.all(workers);
    },
  };
}
