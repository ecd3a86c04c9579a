import { JobLike, PodLike } from '../../kubernetesObjects';
import { HeadlineState } from '../../status';
import { deriveModelDownloadStatus } from './status';
import { hfOperatorJobName } from './jobNames';
import { ModelDownload, ModelDownloadStatusLists } from './types';

const NOW = new Date('2026-11-21T12:00:00Z');
const MODEL = 'google/gemma-2-2b-it';
const JOB = hfOperatorJobName('chat-models', MODEL);

function resource(
  status?: ModelDownloadStatusLists,
  overrides: Partial<ModelDownload['spec']> = {},
  createdAt = '2026-11-21T11:59:30Z',
): ModelDownload {
  return {
    apiVersion: 'hfops.kamal.dev/v1alpha1',
    kind: 'ModelDownload',
    metadata: {
      name: 'chat-models',
      namespace: 'ml',
      uid: 'md-uid',
      creationTimestamp: createdAt,
    },
    spec: {
      models: [{ name: MODEL }],
      storagePVC: 'store',
      hfTokenRef: { name: 'hf', key: 'token' },
      nodePool: 'gpu',
      ...overrides,
    },
    ...(status ? { status } : {}),
  };
}

function job(status: JobLike['status'], name = JOB): JobLike {
  return {
    metadata: {
      name,
      namespace: 'ml',
      uid: 'job-uid',
      creationTimestamp: '2026-11-21T11:59:40Z',
      ownerReferences: [
        {
          apiVersion: 'hfops.kamal.dev/v1alpha1',
          kind: 'ModelDownload',
          name: 'chat-models',
          uid: 'md-uid',
          controller: true,
        },
      ],
    },
    status,
  };
}

function pod(status: PodLike['status'], name = `${JOB}-abcde`): PodLike {
  return {
    metadata: {
      name,
      namespace: 'ml',
      labels: { 'job-name': JOB, 'controller-uid': 'job-uid' },
      creationTimestamp: '2026-11-21T11:59:41Z',
    },
    status,
  };
}

interface JobCase {
  title: string;
  job?: JobLike;
  pods: PodLike[];
  expect: {
    state: HeadlineState;
    phase: string;
    reason?: RegExp;
    detail?: RegExp;
  };
}

const jobCases: JobCase[] = [
  {
    title: 'Job exists, no pod yet',
    job: job({}),
    pods: [],
    expect: { state: 'pending', phase: 'job-created' },
  },
  {
    title: 'Job active, pod not seen',
    job: job({ active: 1, startTime: '2026-11-21T11:59:41Z' }),
    pods: [],
    expect: {
      state: 'pending',
      phase: 'downloading',
      detail: expect.stringMatching(/pod starting/),
    },
  },
  {
    title: 'pod running',
    job: job({ active: 1, ready: 1 }),
    pods: [
      pod({
        phase: 'Running',
        containerStatuses: [
          { name: 'dl', ready: true, state: { running: {} } },
        ],
      }),
    ],
    expect: {
      state: 'pending',
      phase: 'downloading',
      detail: expect.stringMatching(/pod running/),
    },
  },
  {
    title: 'pod unschedulable',
    job: job({ active: 1 }),
    pods: [
      pod({
        phase: 'Pending',
        conditions: [
          {
            type: 'PodScheduled',
            status: 'False',
            reason: 'Unschedulable',
            message:
              "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.",
          },
        ],
      }),
    ],
    expect: {
      state: 'pending',
      phase: 'unschedulable',
      reason: expect.stringMatching(/0\/3 nodes are available/),
    },
  },
  {
    title: 'image cannot be pulled',
    job: job({ active: 1 }),
    pods: [
      pod({
        phase: 'Pending',
        containerStatuses: [
          {
            name: 'dl',
            state: {
              waiting: {
                reason: 'ImagePullBackOff',
                message: 'Back-off pulling image "alpine/git:v2"',
              },
            },
          },
        ],
      }),
    ],
    expect: {
      state: 'pending',
      phase: 'image-pull-error',
      reason: expect.stringMatching(/ImagePullBackOff: Back-off pulling image/),
    },
  },
  {
    title: 'container cannot start (Secret key missing)',
    job: job({ active: 1 }),
    pods: [
      pod({
        phase: 'Pending',
        containerStatuses: [
          {
            name: 'dl',
            state: {
              waiting: {
                reason: 'CreateContainerConfigError',
                message: "couldn't find key token in Secret ml/hf",
              },
            },
          },
        ],
      }),
    ],
    expect: {
      state: 'pending',
      phase: 'container-waiting',
      reason: expect.stringMatching(/couldn't find key token/),
    },
  },
  {
    title: 'Job succeeded',
    job: job({ succeeded: 1, completionTime: '2026-11-21T11:59:59Z' }),
    pods: [pod({ phase: 'Succeeded' })],
    expect: { state: 'completed', phase: 'completed' },
  },
  {
    title: 'Job Complete condition only',
    job: job({ conditions: [{ type: 'Complete', status: 'True' }] }),
    pods: [],
    expect: { state: 'completed', phase: 'completed' },
  },
  {
    title: 'Job failed, pod terminated with a message',
    job: job({
      failed: 1,
      conditions: [
        {
          type: 'Failed',
          status: 'True',
          reason: 'BackoffLimitExceeded',
          message: 'Job has reached the specified backoff limit',
        },
      ],
    }),
    pods: [
      pod({
        phase: 'Failed',
        containerStatuses: [
          {
            name: 'dl',
            state: {
              terminated: {
                reason: 'Error',
                exitCode: 128,
                message:
                  'fatal: repository https://huggingface.co/google/gemma-2-2b-it not found',
              },
            },
          },
        ],
      }),
    ],
    expect: {
      state: 'failed',
      phase: 'failed',
      reason:
        /container dl: Error, exit code 128: fatal: repository .* not found/,
    },
  },
  {
    title: 'Job failed, pod gone',
    job: job({
      failed: 1,
      conditions: [
        {
          type: 'Failed',
          status: 'True',
          reason: 'BackoffLimitExceeded',
          message: 'Job has reached the specified backoff limit',
        },
      ],
    }),
    pods: [],
    expect: {
      state: 'failed',
      phase: 'failed',
      reason:
        /BackoffLimitExceeded: Job has reached the specified backoff limit/,
    },
  },
  {
    title: 'Job failed count without condition yet',
    job: job({ failed: 1 }),
    pods: [],
    expect: {
      state: 'failed',
      phase: 'failed',
      reason: expect.stringMatching(/reason is gone with the pod/),
    },
  },
  {
    title: 'no Job',
    job: undefined,
    pods: [],
    // depends on the lists, see below
    expect: { state: 'pending', phase: 'n/a' },
  },
];

interface ListCase {
  title: string;
  lists?: ModelDownloadStatusLists;
  /** What a model with no Job shows for these lists. */
  withoutJob: { state: HeadlineState; phase: string };
}

const listCases: ListCase[] = [
  {
    title: 'no status',
    lists: undefined,
    withoutJob: { state: 'pending', phase: 'waiting-for-operator' },
  },
  {
    title: 'pending',
    lists: { pending: [MODEL] },
    withoutJob: { state: 'pending', phase: 'job-missing' },
  },
  {
    title: 'pending and completed',
    lists: { pending: [MODEL], completed: [MODEL] },
    withoutJob: { state: 'completed', phase: 'completed' },
  },
  {
    title: 'pending and failed',
    lists: { pending: [MODEL], failed: [MODEL] },
    withoutJob: { state: 'failed', phase: 'failed' },
  },
  {
    title: 'completed and failed (retried after a failure)',
    lists: { pending: [MODEL], failed: [MODEL], completed: [MODEL] },
    withoutJob: { state: 'completed', phase: 'completed' },
  },
  {
    title: 'only completed',
    lists: { completed: [MODEL] },
    withoutJob: { state: 'completed', phase: 'completed' },
  },
  {
    title: 'only failed',
    lists: { failed: [MODEL] },
    withoutJob: { state: 'failed', phase: 'failed' },
  },
];

describe('deriveModelDownloadStatus: every Job state × pod state × list membership', () => {
  const combinations = jobCases.flatMap(j =>
    listCases.map(l => [j, l] as const),
  );

  it.each(combinations.map(([j, l]) => [j.title, l.title, j, l]))(
    '%s, lists: %s',
    (_j, _l, jobCase, listCase) => {
      const jc = jobCase as JobCase;
      const lc = listCase as ListCase;
      const status = deriveModelDownloadStatus(
        resource(lc.lists),
        jc.job ? [jc.job] : [],
        jc.pods,
        { cluster: 'local', now: NOW },
      );
      expect(status.items).toHaveLength(1);
      const [item] = status.items;
      expect(item.name).toBe(MODEL);
      expect(item.jobName).toBe(JOB);
      // The live Job decides whenever it exists; the never-cleared lists only without it.
      const expected = jc.job ? jc.expect : lc.withoutJob;
      expect(item).toMatchObject({
        ...expected,
        retryable: Boolean(jc.job) && expected.state === 'failed',
      });
      expect(status.state).toBe(expected.state);
    },
  );
});

describe('deriveModelDownloadStatus', () => {
  it('shows start and finish times of a completed Job', () => {
    const status = deriveModelDownloadStatus(
      resource({ pending: [MODEL], completed: [MODEL] }),
      [
        job({
          succeeded: 1,
          startTime: '2026-11-21T11:59:41Z',
          completionTime: '2026-11-21T11:59:59Z',
        }),
      ],
      [],
      { cluster: 'local', now: NOW },
    );
    expect(status.items[0]).toMatchObject({
      createdAt: '2026-11-21T11:59:40Z',
      startedAt: '2026-11-21T11:59:41Z',
      finishedAt: '2026-11-21T11:59:59Z',
    });
  });

  it('does not show models the operator still lists after they left the spec', () => {
    const status = deriveModelDownloadStatus(
      resource({ pending: [MODEL, 'old/model'], completed: ['old/model'] }),
      [],
      [],
      { cluster: 'local', now: NOW },
    );
    expect(status.items.map(i => i.name)).toEqual([MODEL]);
    expect(status.notes.join(' ')).toMatch(/still lists old\/model/);
  });

  it('ignores a Job of the same name owned by another (deleted) resource', () => {
    const foreign = job({ succeeded: 1 });
    foreign.metadata!.ownerReferences![0].uid = 'previous-uid';
    const status = deriveModelDownloadStatus(resource(), [foreign], [], {
      cluster: 'local',
      now: NOW,
    });
    expect(status.items[0].phase).toBe('waiting-for-operator');
  });

  it('ignores pods left by an earlier Job of the same name', () => {
    const oldPod = pod({
      phase: 'Failed',
      containerStatuses: [
        { name: 'dl', state: { terminated: { reason: 'Error', exitCode: 1 } } },
      ],
    });
    oldPod.metadata!.labels!['controller-uid'] = 'old-job-uid';
    const status = deriveModelDownloadStatus(
      resource(),
      [job({ active: 1 })],
      [oldPod],
      {
        cluster: 'local',
        now: NOW,
      },
    );
    expect(status.items[0].phase).toBe('downloading');
  });

  it('explains an operator that stays silent for a minute', () => {
    const young = deriveModelDownloadStatus(resource(), [], [], {
      cluster: 'local',
      now: NOW,
    });
    expect(young.items[0].reason).toBeUndefined();
    const old = deriveModelDownloadStatus(
      resource(undefined, {}, '2026-11-21T11:00:00Z'),
      [],
      [],
      {
        cluster: 'local',
        now: NOW,
      },
    );
    expect(old.items[0].reason).toMatch(
      /no status while the token Secret or its key is missing/,
    );
  });

  it('marks a model whose Job name the operator cannot create as failed, saying why', () => {
    const longModel =
      'meta-llama/Llama-3.1-8B-Instruct-with-a-rather-long-name';
    const status = deriveModelDownloadStatus(
      resource(undefined, { models: [{ name: MODEL }, { name: longModel }] }),
      [job({ succeeded: 1 })],
      [],
      { cluster: 'local', now: NOW },
    );
    expect(status.items[0].state).toBe('completed');
    expect(status.items[1]).toMatchObject({
      state: 'failed',
      phase: 'invalid-spec',
    });
    expect(status.items[1].reason).toMatch(/Kubernetes allows 63/);
    expect(status.counts).toEqual({ pending: 0, completed: 1, failed: 1 });
    expect(status.state).toBe('failed');
  });

  it('counts per state and is completed only when every model is', () => {
    const second = 'meta-llama/Llama-3.2-1B';
    const status = deriveModelDownloadStatus(
      resource(
        { pending: [MODEL, second], completed: [MODEL] },
        { models: [{ name: MODEL }, { name: second }] },
      ),
      [],
      [],
      { cluster: 'local', now: NOW },
    );
    expect(status.counts).toEqual({ pending: 1, completed: 1, failed: 0 });
    expect(status.state).toBe('pending');
  });

  it('never reveals the token, only where it is kept', () => {
    const status = deriveModelDownloadStatus(resource(), [], [], {
      cluster: 'local',
      now: NOW,
    });
    expect(status.facts).toContainEqual({
      label: 'Token Secret',
      value: 'hf (key token)',
    });
  });
});
