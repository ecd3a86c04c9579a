import { JobLike, PodLike } from '../kubernetesObjects';
import { jobProgress } from './jobProgress';

/*
 * Jobs and pods as the Job controller of Kubernetes 1.31 and later writes them, taken
 * from the Job controller's own unit tests: kubernetes/kubernetes
 * pkg/controller/job/job_controller_test.go (read at commit 003e8629), each fixture naming
 * its test function and case. The upstream cases give the status the controller computes
 * (conditions without times, which they ignore); the times here are added, and the pods
 * carry the label the controller puts on them (`batch.kubernetes.io/job-name`, 1.27+) so
 * the derivation finds them as it finds a cluster's.
 *
 * The local control plane runs the 1.20 Job controller, which writes none of this: these
 * fixtures are how the derivation is held to what clusters users run write.
 */

const T0 = '2026-11-21T09:00:00Z';
const T1 = '2026-11-21T09:05:00Z';

function job(status: JobLike['status'], spec: JobLike['spec'] = {}): JobLike {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: 'foobar',
      namespace: 'default',
      uid: 'job-uid',
      creationTimestamp: T0,
    },
    spec,
    status: { startTime: T0, ...status },
  };
}

function pod(name: string, status: PodLike['status']): PodLike {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      creationTimestamp: T0,
      labels: {
        'batch.kubernetes.io/job-name': 'foobar',
        'batch.kubernetes.io/controller-uid': 'job-uid',
      },
    },
    status,
  };
}

/** setPodsStatusesWithIndexes: a finished pod has a terminated container, FinishedAt only. */
const finished = (name: string, phase: string) =>
  pod(name, {
    phase,
    containerStatuses: [
      { name: '', state: { terminated: { finishedAt: T1, exitCode: 0 } } },
    ],
  });

const condition = (
  type: string,
  reason: string,
  message: string,
  status = 'True',
) => ({ type, status, reason, message, lastTransitionTime: T1 });

const POLICY_MESSAGE =
  'Container main-container for pod default/mypod-0 failed with exit code 5 matching FailJob rule at index 1';

/** Exit code 5 of main-container, as TestSyncJobWithJobPodFailurePolicy's pods fail. */
const exitFive = pod('mypod-0', {
  phase: 'Failed',
  containerStatuses: [
    { name: 'main-container', state: { terminated: { exitCode: 5 } } },
  ],
});

describe('the status of Jobs as Kubernetes 1.31+ writes them', () => {
  it('FailureTarget before Failed: failing already, with the condition reason (TestControllerSyncJob, "backoff limit exceeded; JobManagedBy enabled")', () => {
    const progress = jobProgress(
      job({
        succeeded: 1,
        failed: 2,
        ready: 0,
        conditions: [
          condition(
            'FailureTarget',
            'BackoffLimitExceeded',
            'Job has reached the specified backoff limit',
          ),
        ],
      }),
      [
        finished('foobar-0', 'Succeeded'),
        finished('foobar-1', 'Failed'),
        pod('foobar-2', { phase: 'Running' }),
      ],
    );
    expect(progress).toMatchObject({
      state: 'failed',
      phase: 'failed',
      detail: 'failed: BackoffLimitExceeded (its pods are terminating)',
      reason:
        'BackoffLimitExceeded: Job has reached the specified backoff limit',
    });
    // Not finished yet: Failed comes once every pod has terminated.
    expect(progress.finishedAt).toBeUndefined();
  });

  it('a pod failure policy, FailureTarget first (TestSyncJobWithJobPodFailurePolicy, "job marked already as failure target with failed pod", the Job as given)', () => {
    const progress = jobProgress(
      job({
        conditions: [
          condition('FailureTarget', 'PodFailurePolicy', POLICY_MESSAGE),
        ],
      }),
      [exitFive],
    );
    expect(progress).toMatchObject({
      state: 'failed',
      detail: 'failed: PodFailurePolicy (its pods are terminating)',
      // The rule the exit code matched, then the container's own report.
      reason: `PodFailurePolicy: ${POLICY_MESSAGE}\ncontainer main-container: exit code 5`,
      podName: 'mypod-0',
    });
  });

  it('then Failed: finished, at the time of the Failed condition (the same case, the status the controller writes)', () => {
    const progress = jobProgress(
      job({
        failed: 1,
        conditions: [
          condition('FailureTarget', 'PodFailurePolicy', POLICY_MESSAGE),
          condition('Failed', 'PodFailurePolicy', POLICY_MESSAGE),
        ],
      }),
      [exitFive],
    );
    expect(progress).toMatchObject({
      state: 'failed',
      phase: 'failed',
      detail: 'failed: PodFailurePolicy',
      reason: `PodFailurePolicy: ${POLICY_MESSAGE}\ncontainer main-container: exit code 5`,
      finishedAt: T1,
    });
  });

  it('a pod failure policy on a pod condition, the pod saying nothing itself (TestSyncJobWithJobPodFailurePolicy, "fail job based on OnPodConditions")', () => {
    const message =
      'Pod default/mypod-0 has condition DisruptionTarget matching FailJob rule at index 0';
    const progress = jobProgress(
      job({
        failed: 1,
        conditions: [
          condition('FailureTarget', 'PodFailurePolicy', message),
          condition('Failed', 'PodFailurePolicy', message),
        ],
      }),
      [
        pod('mypod-0', {
          phase: 'Failed',
          conditions: [{ type: 'DisruptionTarget', status: 'True' }],
        }),
      ],
    );
    expect(progress).toMatchObject({
      state: 'failed',
      reason: `PodFailurePolicy: ${message}`,
    });
  });

  it('a failed pod the Job retries does not fail it (TestSyncJobWithJobPodFailurePolicy, "default handling for pod failure if the container matching the exit codes does not match the containerName restriction")', () => {
    const progress = jobProgress(job({ active: 1, failed: 1 }), [
      pod('mypod-0', {
        phase: 'Failed',
        containerStatuses: [
          {
            name: 'monitoring-container',
            state: { terminated: { exitCode: 5 } },
          },
          {
            name: 'main-container',
            state: { terminated: { exitCode: 42, finishedAt: T1 } },
          },
        ],
      }),
    ]);
    expect(progress).toMatchObject({
      state: 'pending',
      phase: 'downloading',
      detail: 'downloading (pod starting)',
    });
  });

  it('SuccessCriteriaMet before Complete: completed, its pods still terminating (TestSyncJobWithJobSuccessPolicy, "job with successPolicy; jobPodReplacementPolicy feature enabled; job has SuccessCriteriaMet condition if job meets to successPolicy and some indexes fail")', () => {
    const progress = jobProgress(
      job({
        failed: 1,
        succeeded: 1,
        terminating: 2,
        conditions: [
          condition(
            'SuccessCriteriaMet',
            'SuccessPolicy',
            'Matched rules at index 0',
          ),
        ],
      }),
      [
        finished('foobar-a1', 'Failed'),
        pod('foobar-a2', { phase: 'Running' }),
        finished('foobar-b', 'Succeeded'),
        pod('foobar-c', { phase: 'Running' }),
      ],
    );
    expect(progress).toMatchObject({
      state: 'completed',
      phase: 'completed',
      detail: 'completed (its pods are terminating)',
    });
    expect(progress.finishedAt).toBeUndefined();
  });

  it('then Complete (TestSyncJobWithJobSuccessPolicy, "job with successPolicy; jobPodReplacementPolicy feature disabled; job has SuccessCriteriaMet condition if job meets to successPolicy and some indexes fail")', () => {
    const progress = jobProgress(
      job({
        failed: 1,
        succeeded: 1,
        conditions: [
          condition(
            'SuccessCriteriaMet',
            'SuccessPolicy',
            'Matched rules at index 0',
          ),
          condition('Complete', 'SuccessPolicy', 'Matched rules at index 0'),
        ],
      }),
      [],
    );
    expect(progress).toMatchObject({
      state: 'completed',
      detail: 'completed',
      finishedAt: T1,
    });
  });

  it('Suspended: pending, saying so (TestControllerSyncJob, "suspending a job with satisfied expectations")', () => {
    const progress = jobProgress(
      job(
        {
          active: 0,
          ready: 0,
          conditions: [condition('Suspended', 'JobSuspended', 'Job suspended')],
        },
        { suspend: true },
      ),
      [],
    );
    expect(progress).toMatchObject({
      state: 'pending',
      phase: 'suspended',
      detail: 'suspended: no pod runs until the Job is resumed',
      reason: 'JobSuspended: Job suspended',
    });
  });

  it('resumed: its pods starting (TestControllerSyncJob, "resuming a suspended job")', () => {
    const progress = jobProgress(
      job(
        {
          active: 2,
          ready: 0,
          conditions: [
            condition('Suspended', 'JobResumed', 'Job resumed', 'False'),
          ],
        },
        { suspend: false },
      ),
      [],
    );
    expect(progress).toMatchObject({
      state: 'pending',
      phase: 'downloading',
      detail: 'downloading (pod starting)',
    });
  });

  it('ready pods count as running even when the pods cannot be read (TestControllerSyncJob, "correct # of pods")', () => {
    expect(jobProgress(job({ active: 3, ready: 2 }), [])).toMatchObject({
      state: 'pending',
      phase: 'downloading',
      detail: 'downloading (pod running)',
    });
  });

  it('a FailureTarget=False condition is no failure (TestControllerSyncJob, "FailureTarget=False condition added manually is ignored")', () => {
    expect(
      jobProgress(
        job({
          active: 1,
          ready: 1,
          conditions: [
            condition(
              'FailureTarget',
              'ConditionAddedManually',
              'Testing',
              'False',
            ),
          ],
        }),
        [],
      ),
    ).toMatchObject({ state: 'pending', phase: 'downloading' });
  });
});
