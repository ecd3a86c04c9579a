import { JobLike, PodLike, isoTime } from '../../kubernetesObjects';
import { ItemStatus, ResourceFact, ResourceStatus } from '../../status';
import { resourceStatus } from '../resourceStatus';
import { StatusContext } from '../definition';
import { jobProgress, podFailureReason, podsOfJob } from '../jobProgress';
import { labelsSelector, matchesLabelSelector } from '../../labelSelector';
import { LocalModelCacheResource, kserveDownloadJobLabels } from './types';

/** What one item of the kind is called. */
export const ITEM_NOUN = 'node';

/** The newest download Job of the cache on the node. */
function downloadJobFor(
  cache: string,
  node: string,
  jobs: JobLike[],
): JobLike | undefined {
  const selector = labelsSelector(kserveDownloadJobLabels(cache, node));
  const matching = jobs.filter(j =>
    matchesLabelSelector(selector, j.metadata?.labels),
  );
  const time = (j: JobLike) =>
    Date.parse(isoTime(j.metadata?.creationTimestamp) ?? '') || 0;
  return matching.sort((a, b) => time(b) - time(a))[0];
}

function nodeItem(
  cache: string,
  node: string,
  nodeState: string,
  jobs: JobLike[],
  pods: PodLike[],
): ItemStatus {
  const job = downloadJobFor(cache, node, jobs);
  const progress = job ? jobProgress(job, pods) : undefined;
  const base = {
    name: node,
    jobName: job?.metadata?.name,
    jobNamespace: job?.metadata?.namespace,
    createdAt: progress?.createdAt,
    startedAt: progress?.startedAt,
    retryable: false,
  };
  switch (nodeState) {
    case 'NodeDownloaded':
      return {
        ...base,
        state: 'completed',
        phase: 'downloaded',
        detail: 'cached on this node',
        finishedAt: progress?.finishedAt,
      };
    case 'NodeDownloadError': {
      const fromPod = job ? podFailureReason(podsOfJob(job, pods)) : undefined;
      return {
        ...base,
        state: 'failed',
        phase: 'download-error',
        detail: 'the download failed on this node',
        reason:
          fromPod?.reason ??
          progress?.reason ??
          'KServe reports NodeDownloadError; its download Job, which held the reason, is gone',
        podName: fromPod?.podName ?? progress?.podName,
        finishedAt: progress?.finishedAt,
      };
    }
    case 'NodeDownloading':
      return {
        ...base,
        state: 'pending',
        phase:
          progress &&
          progress.phase !== 'downloading' &&
          progress.state === 'pending'
            ? progress.phase
            : 'downloading',
        detail:
          progress &&
          progress.state === 'pending' &&
          progress.phase !== 'downloading'
            ? `download Job: ${progress.detail}`
            : 'downloading',
        reason: progress?.reason,
        podName: progress?.podName,
      };
    case 'NodeDownloadPending':
      return {
        ...base,
        state: 'pending',
        phase: 'download-pending',
        detail: 'download queued',
      };
    case 'NodeNotReady':
      return {
        ...base,
        state: 'pending',
        phase: 'node-not-ready',
        detail: 'the node is not ready; KServe waits for it',
      };
    default:
      return {
        ...base,
        state: 'pending',
        phase: 'unknown',
        detail: 'KServe has not reported a state for this node yet',
      };
  }
}

/** Which credential method the cache uses; never a value. */
function describeCredentials(spec: LocalModelCacheResource['spec']): string {
  if (spec.serviceAccountName)
    return `service account ${spec.serviceAccountName}`;
  if (spec.storage?.key) return `storage-config key ${spec.storage.key}`;
  if (spec.storage?.parameters) {
    return `inline parameters (${Object.keys(spec.storage.parameters).join(
      ', ',
    )})`;
  }
  return 'none';
}

/**
 * A LocalModelCache (or LocalModelNamespaceCache) in KServe's terms: one item per node of
 * its node groups, from `status.nodeStatus`, with the failing download Job's reason.
 *
 * @public
 */
export function deriveLocalModelCacheStatus(
  cache: LocalModelCacheResource,
  jobs: JobLike[],
  pods: PodLike[],
  context: StatusContext,
): ResourceStatus {
  const name = cache.metadata?.name ?? '';
  const nodeStatus = cache.status?.nodeStatus ?? {};
  const items = Object.keys(nodeStatus)
    .sort()
    .map(node => nodeItem(name, node, nodeStatus[node], jobs, pods));
  const copies = cache.status?.copies;
  const users = [
    ...(cache.status?.inferenceServices ?? []).map(
      s => `InferenceService ${s.namespace}/${s.name}`,
    ),
    ...(cache.status?.llmInferenceServices ?? []).map(
      s => `LLMInferenceService ${s.namespace}/${s.name}`,
    ),
  ];
  const spec = cache.spec ?? ({} as LocalModelCacheResource['spec']);
  const credentials = describeCredentials(spec);

  const facts: ResourceFact[] = [
    { label: 'Source', value: spec.sourceModelUri },
    { label: 'Size', value: String(spec.modelSize) },
    { label: 'Node groups', value: (spec.nodeGroups ?? []).join(', ') },
    { label: 'Credentials', value: credentials },
    {
      label: 'Copies',
      value: copies
        ? `${copies.available ?? 0} available, ${copies.failed ?? 0} failed, ${
            copies.total ?? 0
          } total`
        : '—',
    },
    {
      label: 'Used by',
      value: users.length > 0 ? users.join(', ') : 'no InferenceService yet',
    },
  ];
  const notes =
    items.length === 0
      ? [
          'KServe has not assigned this cache to any node yet: no node status reported.',
        ]
      : [];

  return resourceStatus(
    cache,
    { itemNoun: ITEM_NOUN, items, facts, notes },
    context,
  );
}
