import {
  ContainerStateLike,
  JobLike,
  PodLike,
  isoTime,
} from '../kubernetesObjects';
import { HeadlineState } from '../status';
import { WatchedType } from './definition';

/**
 * Pods of Jobs, selected by the label the Job controller puts on them (`job-name`, on every
 * Kubernetes version; 1.27+ also sets `batch.kubernetes.io/job-name`). Shared by all kinds:
 * hf-operator's pods carry no labels of their own.
 *
 * @public
 */
export const JOB_PODS: WatchedType = {
  apiVersion: 'v1',
  kind: 'Pod',
  plural: 'pods',
  namespaced: true,
  labelSelector: 'job-name',
};

/** A Job type selected by label. @public */
export function jobsSelectedBy(
  labelSelector: string,
  namespace?: string,
): WatchedType {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    plural: 'jobs',
    namespaced: true,
    labelSelector,
    ...(namespace ? { namespace } : {}),
  };
}

/**
 * The phases a Job-driven item can be in.
 * - `job-created`: the Job exists, no pod runs yet;
 * - `suspended`: the Job is suspended (`spec.suspend`, Kubernetes 1.21+): no pod runs
 *   until someone resumes it;
 * - `downloading`: a pod runs (or the Job reports active/ready pods);
 * - `unschedulable`: the scheduler cannot place the pod (message says why);
 * - `image-pull-error`: the image cannot be pulled (the Job will not fail by itself);
 * - `container-waiting`: the container cannot start for another reason, e.g. a missing
 *   Secret (CreateContainerConfigError) or CrashLoopBackOff;
 * - `completed` / `failed`: the Job finished.
 *
 * @public
 */
export type JobPhase =
  | 'job-created'
  | 'suspended'
  | 'downloading'
  | 'unschedulable'
  | 'image-pull-error'
  | 'container-waiting'
  | 'completed'
  | 'failed';

/** @public */
export interface JobProgress {
  state: HeadlineState;
  phase: JobPhase;
  detail: string;
  reason?: string;
  podName?: string;
  createdAt?: string;
  startedAt?: string;
  finishedAt?: string;
}

const IMAGE_PULL_REASONS = new Set([
  'ErrImagePull',
  'ImagePullBackOff',
  'InvalidImageName',
  'ErrImageNeverPull',
]);

/** Pods belonging to a Job: same namespace, `job-name` label (either spelling). @public */
export function podsOfJob(job: JobLike, pods: PodLike[]): PodLike[] {
  const name = job.metadata?.name;
  const namespace = job.metadata?.namespace;
  const uid = job.metadata?.uid;
  return pods.filter(pod => {
    const labels = pod.metadata?.labels ?? {};
    if (pod.metadata?.namespace !== namespace) return false;
    if (
      labels['batch.kubernetes.io/job-name'] !== name &&
      labels['job-name'] !== name
    ) {
      return false;
    }
    // A Job deleted and recreated under the same name leaves pods of the old one behind.
    const controllerUid =
      labels['batch.kubernetes.io/controller-uid'] ?? labels['controller-uid'];
    return !controllerUid || !uid || controllerUid === uid;
  });
}

function newestFirst(pods: PodLike[]): PodLike[] {
  const time = (p: PodLike) =>
    Date.parse(isoTime(p.metadata?.creationTimestamp) ?? '') || 0;
  return [...pods].sort((a, b) => time(b) - time(a));
}

function describeTerminated(
  t: NonNullable<ContainerStateLike['terminated']>,
): string {
  const head = [
    t.reason,
    t.exitCode !== undefined ? `exit code ${t.exitCode}` : undefined,
  ]
    .filter(Boolean)
    .join(', ');
  return [head, t.message?.trim()].filter(Boolean).join(': ');
}

function containerStatuses(pod: PodLike) {
  return [
    ...(pod.status?.initContainerStatuses ?? []),
    ...(pod.status?.containerStatuses ?? []),
  ];
}

/**
 * The best failure detail a failed Job's pods offer: a container's terminated reason and
 * message (current or last state), else the pod's own reason and message (evicted,
 * deadline exceeded).
 *
 * @public
 */
export function podFailureReason(
  pods: PodLike[],
): { reason: string; podName?: string } | undefined {
  for (const pod of newestFirst(pods)) {
    for (const c of containerStatuses(pod)) {
      const terminated = c.state?.terminated ?? c.lastState?.terminated;
      if (terminated && (terminated.exitCode ?? 0) !== 0) {
        return {
          reason: `container ${c.name}: ${describeTerminated(terminated)}`,
          podName: pod.metadata?.name,
        };
      }
    }
    if (
      pod.status?.phase === 'Failed' &&
      (pod.status.reason || pod.status.message)
    ) {
      return {
        reason: [pod.status.reason, pod.status.message]
          .filter(Boolean)
          .join(': '),
        podName: pod.metadata?.name,
      };
    }
  }
  return undefined;
}

/** Why a pending pod does not run, if something stops it. */
function podTrouble(
  pod: PodLike,
): { phase: JobPhase; detail: string; reason: string } | undefined {
  for (const c of containerStatuses(pod)) {
    const waiting = c.state?.waiting;
    if (
      !waiting?.reason ||
      waiting.reason === 'ContainerCreating' ||
      waiting.reason === 'PodInitializing'
    ) {
      continue;
    }
    const reason = [waiting.reason, waiting.message].filter(Boolean).join(': ');
    if (IMAGE_PULL_REASONS.has(waiting.reason)) {
      return {
        phase: 'image-pull-error',
        detail: `image pull error: ${waiting.reason}`,
        reason,
      };
    }
    return {
      phase: 'container-waiting',
      detail: `container ${c.name} cannot start: ${waiting.reason}`,
      reason,
    };
  }
  const scheduled = pod.status?.conditions?.find(
    c => c.type === 'PodScheduled',
  );
  if (scheduled?.status === 'False' && scheduled.reason === 'Unschedulable') {
    // The scheduler's message is long; it goes in `reason`, shown in full, once.
    return {
      phase: 'unschedulable',
      detail: 'pod unschedulable',
      reason: scheduled.message ?? 'Unschedulable: no node fits the pod',
    };
  }
  return undefined;
}

function conditionTrue(job: JobLike, type: string) {
  return job.status?.conditions?.find(
    c => c.type === type && c.status === 'True',
  );
}

const describeCondition = (c: { reason?: string; message?: string }) =>
  [c.reason, c.message].filter(Boolean).join(': ');

/**
 * Where a Job stands, from the Job and its pods (operators.md §5), as every Kubernetes
 * version from 1.20 writes it:
 * - `Failed`, or `FailureTarget` (1.31+: the Job is failing and its pods terminate; `Failed`
 *   follows) → failed, with the failing container's reason first, the condition's after
 *   (a pod failure policy's message names the container, exit code and rule);
 * - `Complete`, or `SuccessCriteriaMet` (1.31+, `Complete` follows) → completed;
 * - `Suspended` → pending, suspended;
 * - a pod that cannot be scheduled or started → pending with that reason;
 * - a running pod, or active / ready pods → downloading (a failed pod the Job retries
 *   does not fail it);
 * - without any condition: succeeded pods and none active → completed, failed pods and
 *   none active → failed (a Job whose status lost its conditions);
 * - otherwise the Job just exists → pending.
 *
 * @public
 */
export function jobProgress(job: JobLike, allPods: PodLike[]): JobProgress {
  const pods = podsOfJob(job, allPods);
  const times = {
    createdAt: isoTime(job.metadata?.creationTimestamp),
    startedAt: isoTime(job.status?.startTime),
  };
  const active = job.status?.active ?? 0;
  const ready = job.status?.ready ?? 0;
  const terminating = job.status?.terminating ?? 0;

  const failed = conditionTrue(job, 'Failed');
  const failing = failed ?? conditionTrue(job, 'FailureTarget');
  const complete = conditionTrue(job, 'Complete');
  const succeeding = complete ?? conditionTrue(job, 'SuccessCriteriaMet');
  const noCondition = !failing && !succeeding;

  if (
    failing ||
    (noCondition && (job.status?.failed ?? 0) > 0 && active === 0)
  ) {
    const fromPod = podFailureReason(pods);
    const fromJob = failing ? describeCondition(failing) : undefined;
    const stillTerminating = !failed && failing;
    return {
      state: 'failed',
      phase: 'failed',
      detail: `${failing?.reason ? `failed: ${failing.reason}` : 'failed'}${
        stillTerminating ? ' (its pods are terminating)' : ''
      }`,
      reason:
        failing?.reason === 'PodFailurePolicy'
          ? [fromJob, fromPod?.reason].filter(Boolean).join('\n')
          : fromPod?.reason ??
            (fromJob ||
              'the Job reports a failed pod; its reason is gone with the pod'),
      podName: fromPod?.podName,
      ...times,
      finishedAt: isoTime(failed?.lastTransitionTime),
    };
  }

  if (
    succeeding ||
    (noCondition && (job.status?.succeeded ?? 0) > 0 && active === 0)
  ) {
    return {
      state: 'completed',
      phase: 'completed',
      detail:
        !complete && succeeding
          ? 'completed (its pods are terminating)'
          : 'completed',
      ...times,
      finishedAt:
        isoTime(job.status?.completionTime) ??
        isoTime(complete?.lastTransitionTime),
    };
  }

  const suspended = conditionTrue(job, 'Suspended');
  if (suspended || (job.spec?.suspend && active === 0)) {
    return {
      state: 'pending',
      phase: 'suspended',
      detail: 'suspended: no pod runs until the Job is resumed',
      ...(suspended ? { reason: describeCondition(suspended) } : {}),
      ...times,
    };
  }

  const current = newestFirst(pods).filter(
    p => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed',
  );
  for (const pod of current) {
    const trouble = podTrouble(pod);
    if (trouble) {
      return {
        state: 'pending',
        ...trouble,
        podName: pod.metadata?.name,
        ...times,
      };
    }
  }
  const running = current.find(p => p.status?.phase === 'Running');
  if (running || ready > 0 || active > 0) {
    return {
      state: 'pending',
      phase: 'downloading',
      detail:
        running || ready > 0
          ? 'downloading (pod running)'
          : 'downloading (pod starting)',
      podName: running?.metadata?.name ?? current[0]?.metadata?.name,
      ...times,
    };
  }
  return {
    state: 'pending',
    phase: 'job-created',
    detail:
      terminating > 0
        ? 'Job created, its previous pods terminating'
        : 'Job created, waiting for its pod',
    ...times,
  };
}
