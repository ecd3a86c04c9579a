import { InputError } from '@backstage/errors';
import {
  BatchV1Api,
  CoreV1Api,
  CoreV1Event,
  V1ContainerStatus,
  V1Pod,
} from '@kubernetes/client-node';
import {
  DEFAULT_DIAGNOSTICS_TAIL_LINES,
  DiagnosticsContainer,
  DiagnosticsEvent,
  ItemDiagnostics,
  ItemDiagnosticsQuery,
  JOB_PODS,
  JobLike,
  MAX_DIAGNOSTICS_TAIL_LINES,
  PodLike,
  isoTime,
  podsOfJob,
} from '@model-delivery/plugin-model-delivery-common';
import {
  ModelDeliveryClustersService,
  describeKubernetesError,
  kubernetesStatusCode,
  redactCredentials,
} from '@model-delivery/plugin-model-delivery-node';
import { AuthorizedEntity } from '@model-delivery/plugin-model-delivery-node';
import { entityResource, resourceItem } from '../access/entityResources';
import { StatusCache } from '../cache/StatusCache';

/** The API server's own message in a failed call's Status body, credential-shaped text redacted. */
function apiMessageOf(error: unknown): string | undefined {
  const body = (error as { body?: unknown } | undefined)?.body;
  try {
    const status = typeof body === 'string' ? JSON.parse(body) : body;
    return typeof status?.message === 'string'
      ? redactCredentials(status.message)
      : undefined;
  } catch {
    return typeof body === 'string' && body.trim()
      ? redactCredentials(body.trim())
      : undefined;
  }
}

/** `tailLines` as given in a query string, checked. */
export function parseTailLines(value: unknown): number {
  // A query string gives text; the spec-validated router may already give a number.
  if (value === undefined || value === '')
    return DEFAULT_DIAGNOSTICS_TAIL_LINES;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_DIAGNOSTICS_TAIL_LINES) {
    throw new InputError(
      `tailLines must be a whole number from 1 to ${MAX_DIAGNOSTICS_TAIL_LINES}, got '${String(
        value,
      )}'`,
    );
  }
  return n;
}

function describeState(status: V1ContainerStatus | undefined): string {
  const state = status?.state;
  if (state?.running) return 'running';
  if (state?.terminated) {
    const t = state.terminated;
    return `terminated: ${[t.reason, `exit code ${t.exitCode}`]
      .filter(Boolean)
      .join(', ')}`;
  }
  if (state?.waiting) return `waiting: ${state.waiting.reason ?? 'unknown'}`;
  return 'no status yet';
}

/** Whether a container has ever run, so that the kubelet holds a log for it. */
function hasStarted(status: V1ContainerStatus | undefined): boolean {
  return !!(
    status?.state?.running ||
    status?.state?.terminated ||
    status?.lastState?.terminated ||
    status?.lastState?.running
  );
}

function newest(pods: PodLike[]): PodLike | undefined {
  const time = (p: PodLike) =>
    Date.parse(isoTime(p.metadata?.creationTimestamp) ?? '') || 0;
  return [...pods].sort((a, b) => time(b) - time(a))[0];
}

function toEvent(event: CoreV1Event): DiagnosticsEvent {
  const first = isoTime(event.firstTimestamp ?? event.eventTime);
  const last = isoTime(
    event.lastTimestamp ?? event.series?.lastObservedTime ?? event.eventTime,
  );
  return {
    object: `${event.involvedObject.kind}/${event.involvedObject.name}`,
    type: event.type ?? 'Normal',
    reason: event.reason ?? '',
    message: redactCredentials(event.message ?? ''),
    count: event.series?.count ?? event.count ?? 1,
    ...(first ? { firstSeen: first } : {}),
    ...(last ? { lastSeen: last } : {}),
  };
}

/**
 * Reads, on demand and with the backend's identity for the item's cluster, what explains
 * where one item stands: the log tail of each container of its Job's newest pod (through
 * the API server's `pods/log`, which asks the node's kubelet) and the events of that Job
 * and pod. The resource must belong to the entity in the cache's current view, exactly as
 * for retry; the Job and pods are found from the item's Job name and the kind's
 * {@link JOB_PODS} selection, never by label strings of their own.
 *
 * Everything read from the cluster is redacted before it is returned: hf-operator passes
 * the Hugging Face token on its container's command line, and a downloader can echo it.
 * Problems with one container or with the events are reported beside what could be
 * read; only a cluster that cannot be reached (503) or refuses to show the Job (403)
 * fails the whole answer.
 */
export async function readItemDiagnostics(options: {
  cache: StatusCache;
  clusters: ModelDeliveryClustersService;
  entity: AuthorizedEntity;
  query: ItemDiagnosticsQuery;
}): Promise<ItemDiagnostics> {
  const { query } = options;
  const tailLines = parseTailLines(query.tailLines);
  const found = entityResource(options.cache, options.entity, {
    cluster: query.cluster,
    kind: query.resourceKind,
    namespace: query.resourceNamespace,
    name: query.resourceName,
  });
  const { kind, status } = found;
  const item = resourceItem(found, query.item);

  const answer: ItemDiagnostics = {
    cluster: query.cluster,
    kind: kind.kind,
    ...(status.namespace ? { namespace: status.namespace } : {}),
    name: status.name,
    item: item.name,
    tailLines,
    containers: [],
    events: [],
  };
  const jobNamespace = item.jobNamespace ?? status.namespace;
  if (!item.jobName || !jobNamespace) {
    answer.problem = `${kind.operator} has not created a Job for ${kind.itemNoun} '${item.name}' (${item.detail}): there is no pod and no log yet`;
    return answer;
  }
  answer.jobName = item.jobName;
  answer.jobNamespace = jobNamespace;

  const cluster = options.clusters.getCluster(query.cluster);
  const kubeConfig = await cluster.kubeConfig();
  const batch = kubeConfig.makeApiClient(BatchV1Api);
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const fail = (error: unknown, action: string, resource: string) =>
    describeKubernetesError(error, {
      action,
      cluster: cluster.name,
      resource,
      url: cluster.url,
    });

  let job: JobLike | undefined;
  try {
    job = (await batch.readNamespacedJob({
      name: item.jobName,
      namespace: jobNamespace,
    })) as JobLike;
  } catch (error) {
    if (kubernetesStatusCode(error) !== 404) {
      throw fail(error, 'get', `Job ${jobNamespace}/${item.jobName}`);
    }
    // A pending item's Job is not there yet; a finished one's was deleted.
    answer.problem =
      item.state === 'pending'
        ? `${kind.operator} has not created Job ${jobNamespace}/${item.jobName} yet (${item.detail}): there is no pod and no log yet`
        : `Job ${jobNamespace}/${item.jobName} no longer exists (finished Jobs are deleted after their TTL, and retry or re-download deletes them): its pod and log are gone with it`;
  }

  let pod: PodLike | undefined;
  if (job) {
    try {
      const pods = await core.listNamespacedPod({
        namespace: jobNamespace,
        labelSelector: JOB_PODS.labelSelector,
      });
      const ofJob = podsOfJob(job, pods.items as PodLike[]);
      pod = ofJob.find(p => p.metadata?.name === item.podName) ?? newest(ofJob);
      if (!pod) {
        answer.problem = `Job ${jobNamespace}/${item.jobName} has no pod (not created yet, or deleted): no log to show`;
      }
    } catch (error) {
      answer.problem = fail(
        error,
        'list',
        `pods in namespace ${jobNamespace}`,
      ).message;
    }
  }

  if (pod) {
    await readLogs(core, pod as V1Pod, tailLines, answer, fail);
  }
  await readEvents(core, jobNamespace, answer, fail);
  return answer;
}

async function readLogs(
  core: CoreV1Api,
  pod: V1Pod,
  tailLines: number,
  answer: ItemDiagnostics,
  fail: (error: unknown, action: string, resource: string) => Error,
) {
  const name = pod.metadata?.name ?? '';
  const namespace = pod.metadata?.namespace ?? '';
  answer.podName = name;
  const statuses = new Map(
    [
      ...(pod.status?.initContainerStatuses ?? []),
      ...(pod.status?.containerStatuses ?? []),
    ].map(s => [s.name, s]),
  );
  const containers = [
    ...(pod.spec?.initContainers ?? []).map(c => ({
      name: c.name,
      init: true,
    })),
    ...(pod.spec?.containers ?? []).map(c => ({ name: c.name, init: false })),
  ];
  if (!pod.spec?.nodeName) {
    answer.problem = `Pod ${namespace}/${name} is not scheduled on a node yet, so no container has run: see its events for why`;
  }
  answer.containers = await Promise.all(
    containers.map(async ({ name: container, init }) => {
      const status = statuses.get(container);
      const entry: DiagnosticsContainer = {
        name: container,
        init,
        state: describeState(status),
      };
      if (!pod.spec?.nodeName) {
        entry.problem = 'not started: the pod is not scheduled on a node';
        return entry;
      }
      if (!hasStarted(status)) {
        const waiting = status?.state?.waiting;
        entry.problem = `not started${
          waiting?.reason ? ` (${waiting.reason})` : ''
        }: no log yet${
          waiting?.message ? `: ${redactCredentials(waiting.message)}` : ''
        }`;
        return entry;
      }
      try {
        const log = await core.readNamespacedPodLog({
          name,
          namespace,
          container,
          tailLines,
        });
        entry.log = redactCredentials(typeof log === 'string' ? log : '');
      } catch (error) {
        const code = kubernetesStatusCode(error);
        const said = apiMessageOf(error);
        if (code === 404) {
          entry.problem = `Pod ${namespace}/${name} or its container is gone from the node${
            said ? ` (${said})` : ''
          }: no log to read`;
        } else if (code === 400) {
          entry.problem = `the node has no log for it${
            said ? `: ${said}` : ''
          }`;
        } else {
          entry.problem = redactCredentials(
            fail(error, 'get', `pods/log of ${namespace}/${name}`).message,
          );
        }
      }
      return entry;
    }),
  );
}

async function readEvents(
  core: CoreV1Api,
  namespace: string,
  answer: ItemDiagnostics,
  fail: (error: unknown, action: string, resource: string) => Error,
) {
  const subjects = [
    { kind: 'Job', name: answer.jobName! },
    ...(answer.podName ? [{ kind: 'Pod', name: answer.podName }] : []),
  ];
  try {
    const lists = await Promise.all(
      subjects.map(subject =>
        core.listNamespacedEvent({
          namespace,
          fieldSelector: `involvedObject.kind=${subject.kind},involvedObject.name=${subject.name}`,
        }),
      ),
    );
    answer.events = lists
      .flatMap(list => list.items.map(toEvent))
      .sort((a, b) =>
        (a.lastSeen ?? a.firstSeen ?? '').localeCompare(
          b.lastSeen ?? b.firstSeen ?? '',
        ),
      );
  } catch (error) {
    answer.eventsProblem = redactCredentials(
      fail(error, 'list', `events in namespace ${namespace}`).message,
    );
  }
}
