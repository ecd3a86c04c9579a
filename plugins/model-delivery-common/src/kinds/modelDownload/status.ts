import { JobLike, PodLike, isoTime } from '../../kubernetesObjects';
import { ItemStatus, ResourceFact, ResourceStatus } from '../../status';
import { resourceStatus } from '../resourceStatus';
import { StatusContext } from '../definition';
import { jobProgress } from '../jobProgress';
import { hfOperatorJobName } from './jobNames';
import { ModelDownload } from './types';
import { validateModelDownloadInput } from './validate';

/** What one item of the kind is called. */
export const ITEM_NOUN = 'model';

/**
 * How long a ModelDownload may exist without any sign of the operator before the status
 * says what usually causes that.
 */
const OPERATOR_SILENCE_MS = 60_000;

/**
 * The Job the operator made for a model: its computed name, in the resource's namespace,
 * and (when it says) owned by this very resource, not a deleted namesake.
 */
function findJob(resource: ModelDownload, jobName: string, jobs: JobLike[]) {
  const uid = resource.metadata?.uid;
  return jobs.find(job => {
    if (job.metadata?.name !== jobName) return false;
    if (job.metadata?.namespace !== resource.metadata?.namespace) return false;
    const owner = job.metadata?.ownerReferences?.find(o => o.controller);
    return !owner || !uid || owner.uid === uid;
  });
}

/** A model whose Job is gone: the operator's lists are all that is left. */
function fromStatusLists(
  resource: ModelDownload,
  model: string,
  jobName: string,
  now: Date,
): ItemStatus {
  const lists = resource.status ?? {};
  // Retry deletes a failed Job; without one there is nothing to delete.
  const base = { name: model, jobName, retryable: false };
  // completed > failed > pending: the lists are never cleared, so the most final one wins.
  if (lists.completed?.includes(model)) {
    return {
      ...base,
      state: 'completed',
      phase: 'completed',
      detail:
        'completed (its Job has since been removed, e.g. after keepAliveSeconds)',
    };
  }
  if (lists.failed?.includes(model)) {
    return {
      ...base,
      state: 'failed',
      phase: 'failed',
      detail: 'failed (its Job has since been removed)',
      reason:
        'hf-operator lists this model as failed; the Job and its pod, which held the reason, no longer exist',
    };
  }
  if (lists.pending?.includes(model)) {
    return {
      ...base,
      state: 'pending',
      phase: 'job-missing',
      detail: 'waiting for hf-operator to recreate its Job',
    };
  }
  const created = Date.parse(
    isoTime(resource.metadata?.creationTimestamp) ?? '',
  );
  const silent =
    Number.isFinite(created) && now.getTime() - created > OPERATOR_SILENCE_MS;
  return {
    ...base,
    state: 'pending',
    phase: 'waiting-for-operator',
    detail: 'not started: no Job and no status from hf-operator yet',
    ...(silent
      ? {
          reason:
            'hf-operator writes no status while the token Secret or its key is missing (it retries every 10 s), or while any Job of this resource cannot be created; check that the operator runs and the Secret exists',
        }
      : {}),
  };
}

/**
 * Per-model state of a ModelDownload, truthful despite hf-operator's status lists (which
 * are never cleared): the live Job and its pod first, the lists only when the Job is gone.
 * Models in the lists but no longer in the spec are not shown as current.
 *
 * @public
 */
export function deriveModelDownloadStatus(
  resource: ModelDownload,
  jobs: JobLike[],
  pods: PodLike[],
  context: StatusContext,
): ResourceStatus {
  const spec = resource.spec ?? { models: [] };
  const models = (spec.models ?? []).map(m => m.name);
  const name = resource.metadata?.name ?? '';
  const notes: string[] = [];

  // A spec the operator cannot run (made by hand, or before this suite) says so per model.
  const issues = validateModelDownloadInput({
    ...spec,
    name,
    namespace: resource.metadata?.namespace,
  });
  const blocking = issues.filter(i => /^models\[\d+\]\.name$/.test(i.field));

  const items: ItemStatus[] = models.map((model, index) => {
    const jobName = hfOperatorJobName(name, model);
    const problem = blocking.find(i => i.field === `models[${index}].name`);
    const job = findJob(resource, jobName, jobs);
    if (job) {
      const progress = jobProgress(job, pods);
      return {
        name: model,
        jobName,
        ...progress,
        retryable: progress.state === 'failed',
      };
    }
    if (problem) {
      return {
        name: model,
        jobName,
        retryable: false,
        state: 'failed',
        phase: 'invalid-spec',
        detail: 'hf-operator cannot run this model',
        reason: `${problem.message}. hf-operator stops its reconcile at the first Job it cannot create, so no model of this resource progresses until the spec is fixed.`,
      };
    }
    return fromStatusLists(resource, model, jobName, context.now);
  });

  const listed = new Set([
    ...(resource.status?.pending ?? []),
    ...(resource.status?.completed ?? []),
    ...(resource.status?.failed ?? []),
  ]);
  const stale = [...listed].filter(m => !models.includes(m));
  if (stale.length > 0) {
    notes.push(
      `hf-operator still lists ${stale.join(
        ', ',
      )} in its status, though no longer in the spec (it never clears its lists); not shown.`,
    );
  }
  if (spec.settings?.forceReload) {
    notes.push(
      "settings.forceReload is set: hf-operator deletes and recreates every Job on each reconcile, over and over, leaving each old Job's pod behind, until it is unset.",
    );
  }

  const facts: ResourceFact[] = [
    { label: 'PVC', value: spec.storagePVC },
    {
      label: 'Token Secret',
      value: spec.hfTokenRef
        ? `${spec.hfTokenRef.name} (key ${spec.hfTokenRef.key})`
        : '—',
    },
    {
      label: 'Node pool',
      value:
        spec.nodePool ||
        '(empty: pods only schedule on nodes labelled karpenter.sh/nodepool="")',
    },
  ];

  return resourceStatus(
    resource,
    { itemNoun: ITEM_NOUN, items, facts, notes },
    context,
  );
}
