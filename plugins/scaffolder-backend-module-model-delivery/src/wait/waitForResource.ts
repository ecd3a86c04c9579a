import { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  ItemStatus,
  JOB_PODS,
  KubeObject,
  RelatedObjects,
  ResourceKindDefinition,
  ResourceStatus,
  WatchedType,
  combineLabelSelectors,
  formatLabelSelector,
  watchedTypeKey,
} from '@model-delivery/plugin-model-delivery-common';
import { ClusterConnection } from '../cluster/clusterConnection';
import { redactCredentials } from '@model-delivery/plugin-model-delivery-node';

export interface WaitForResourceOptions {
  connection: ClusterConnection;
  /** The kind's definition from common: what to read and how its status is derived. */
  kind: ResourceKindDefinition<any>;
  name: string;
  /** Absent for cluster-scoped kinds. */
  namespace?: string;
  /**
   * Where the related types the definition puts in a namespace of the operator's own
   * really are, when the cluster configures it otherwise (KServe's jobs namespace).
   */
  relatedNamespace?: string;
  timeoutMs: number;
  pollIntervalMs: number;
  signal?: AbortSignal;
  logger: LoggerService;
}

export type WaitResult = {
  /** completed: every item completed; failed: any item failed; timed-out: neither in time. */
  result: 'completed' | 'failed' | 'timed-out';
  status: ResourceStatus;
};

const JOB_PODS_KEY = watchedTypeKey(JOB_PODS);

function subjectOf(options: WaitForResourceOptions): string {
  const { kind, namespace, name, connection } = options;
  return `${kind.kind} ${namespace ? `${namespace}/` : ''}${name} in cluster '${
    connection.name
  }'`;
}

/** The objects of a type in a namespace (or all) that carry the labels. */
async function listLabelledObjects(
  connection: ClusterConnection,
  type: { apiVersion: string; kind: string },
  namespace: string | undefined,
  labelSelector: string | undefined,
): Promise<KubeObject[]> {
  const list = await connection.request(
    {
      action: 'list',
      resource: `${type.kind} objects${
        namespace ? ` in namespace ${namespace}` : ''
      }${labelSelector ? ` labelled ${labelSelector}` : ''}`,
    },
    () =>
      connection.objects.list(
        type.apiVersion,
        type.kind,
        namespace,
        undefined,
        undefined,
        undefined,
        undefined,
        labelSelector,
      ),
  );
  return list.items as KubeObject[];
}

/**
 * Reads the resource and its related objects once and derives its status with the kind's
 * own `deriveStatus`, the same derivation the entity page shows. Related objects are read
 * with the kind's `relatedLabels` for this resource, so a poll reads this resource's
 * objects, not a namespace's; pods are read for the Jobs found (`job-name in (...)`).
 */
export async function readResourceStatus(
  options: WaitForResourceOptions,
): Promise<ResourceStatus> {
  const { connection, kind, name, namespace, relatedNamespace } = options;
  const resource = await connection.readIfExists(
    { action: 'get', resource: subjectOf(options) },
    () =>
      connection.objects.read({
        apiVersion: kind.resource.apiVersion,
        kind: kind.resource.kind,
        metadata: { name, ...(namespace ? { namespace } : {}) },
      }),
  );
  if (!resource) {
    throw new NotFoundError(
      `${subjectOf(
        options,
      )} no longer exists: it was deleted while the task waited for it`,
    );
  }

  const objects = new Map<string, KubeObject[]>();
  for (const type of kind.related) {
    if (watchedTypeKey(type) === JOB_PODS_KEY) continue;
    const labels = kind.relatedLabels(type, { name, namespace });
    const selector = combineLabelSelectors(
      type.labelSelector,
      labels && formatLabelSelector(labels),
    );
    objects.set(
      watchedTypeKey(type),
      await listLabelledObjects(
        connection,
        type,
        type.namespace ? relatedNamespace ?? type.namespace : namespace,
        selector || undefined,
      ),
    );
  }

  if (kind.related.some(type => watchedTypeKey(type) === JOB_PODS_KEY)) {
    const jobsByNamespace = new Map<string, string[]>();
    const jobTypes = kind.related.filter(type => type.kind === 'Job');
    for (const type of jobTypes) {
      for (const job of objects.get(watchedTypeKey(type)) ?? []) {
        const ns = job.metadata?.namespace;
        const jobName = job.metadata?.name;
        if (!ns || !jobName) continue;
        jobsByNamespace.set(ns, [...(jobsByNamespace.get(ns) ?? []), jobName]);
      }
    }
    const pods: KubeObject[] = [];
    for (const [ns, jobNames] of jobsByNamespace) {
      pods.push(
        ...(await listLabelledObjects(
          connection,
          JOB_PODS,
          ns,
          `job-name in (${jobNames.join(',')})`,
        )),
      );
    }
    objects.set(JOB_PODS_KEY, pods);
  }

  const related: RelatedObjects = {
    list: <T extends KubeObject>(type: WatchedType) =>
      (objects.get(watchedTypeKey(type)) ?? []) as T[],
  };
  return kind.deriveStatus(resource, related, {
    cluster: connection.name,
    now: new Date(),
  });
}

/** One line for an item, cluster-provided text masked. */
export function describeItem(noun: string, item: ItemStatus): string {
  const job = item.jobName ? ` (Job ${item.jobName})` : '';
  // Some details already quote the reason (the scheduler's message): say it once.
  const reason =
    item.reason && !item.detail.includes(item.reason)
      ? `: ${redactCredentials(item.reason)}`
      : '';
  return `${noun} ${item.name}${job}: ${redactCredentials(
    item.detail,
  )}${reason}`;
}

function abortError(options: WaitForResourceOptions): Error {
  return new Error(
    `Cancelled while waiting for ${subjectOf(
      options,
    )}; the resource stays in the cluster`,
  );
}

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new Error('aborted'));
      return;
    }
    let timer: ReturnType<typeof setTimeout> | undefined = undefined;
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Error('aborted'));
    };
    timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Polls the resource until every item completed, any item failed, or the time is up,
 * logging each item's progress as it changes. Stops when `signal` aborts (the task was
 * cancelled). Leaves the verdict to the caller.
 */
export async function waitForResource(
  options: WaitForResourceOptions,
): Promise<WaitResult> {
  const { logger, signal } = options;
  const deadline = Date.now() + options.timeoutMs;
  const seen = new Map<string, string>();
  for (;;) {
    if (signal?.aborted) throw abortError(options);
    const status = await readResourceStatus(options);
    for (const item of status.items) {
      const line = describeItem(status.itemNoun, item);
      if (seen.get(item.name) !== line) {
        seen.set(item.name, line);
        logger.info(line);
      }
    }
    if (status.state !== 'pending') {
      return { result: status.state, status };
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) return { result: 'timed-out', status };
    try {
      await pause(Math.min(options.pollIntervalMs, remaining), signal);
    } catch {
      throw abortError(options);
    }
  }
}
