import { KubeConfig } from '@kubernetes/client-node';
import { Manifest, rawRequest } from './manifests';
import { ObjectWatch, watchObjects } from './watchObjects';

/**
 * What a Job's container does once a node runs it, as a test (or the seeded samples) wants
 * it: the stand-in kubelet reads it from a ConfigMap, {@link podScript}.
 */
export interface PodScript {
  /**
   * The scheduler finds no node: kube-scheduler's message (e.g. "0/4 nodes are available:
   * …"). The pod stays Pending and unbound.
   */
  unschedulable?: string;
  /** The node the pod is bound to; default {@link STAND_IN_NODE}. */
  node?: string;
  /** The container cannot start (ImagePullBackOff, CreateContainerConfigError, …). */
  waiting?: { reason: string; message?: string };
  /** The container's exit code (0: the pod succeeds). Absent: it keeps running. */
  exitCode?: number;
  /** The terminated container's message (its termination log). */
  message?: string;
  /** The terminated container's reason; default `Completed` (exit 0) or `Error`. */
  reason?: string;
}

/** Where the pod scripts live: one ConfigMap per Job, labelled {@link POD_SCRIPT_LABEL}. */
export const POD_SCRIPT_NAMESPACE = 'kube-system';
export const POD_SCRIPT_LABEL =
  'local-control-plane.model-delivery.dev/pod-script';
/** The node pods are bound to when their script names none. */
export const STAND_IN_NODE = 'stand-in-node';

/** The ConfigMap holding the script for the pods of one Job. */
export function podScriptName(namespace: string, job: string): string {
  return `pod-script.${namespace}.${job}`;
}

/**
 * The ConfigMap that tells the stand-in kubelet what the pods of Job `namespace/job` do.
 * Apply it before or after the Job: a pod waits (Pending, unbound, as on a cluster whose
 * scheduler has not got to it) until its script exists, and each pod is played once, with
 * the script of that moment: change the script before a Job's next pod (a retry) to change
 * what that one does. A changed script also moves the Job's pods still under way: a running
 * one exits if the script now has an `exitCode` (the download finishes, or fails, now); a
 * waiting one reports the new waiting reason, or starts if the script no longer waits.
 */
export function podScript(
  namespace: string,
  job: string,
  script: PodScript,
): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: podScriptName(namespace, job),
      namespace: POD_SCRIPT_NAMESPACE,
      labels: { [POD_SCRIPT_LABEL]: 'true' },
    },
    data: { namespace, job, script: JSON.stringify(script) },
  };
}

/** The stand-in kubelet, started with every control plane. */
export interface StandInKubelet {
  stop(): void;
}

const isoNow = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

/** The label the Job controller puts on its pods (1.20 and every later version). */
const JOB_NAME_LABEL = 'job-name';

function containerStatus(
  container: { name: string; image?: string },
  state: Record<string, unknown>,
  ready: boolean,
) {
  const running = 'running' in state;
  return {
    name: container.name,
    image: container.image ?? '',
    imageID:
      running || 'terminated' in state ? `${container.image}@sha256:0` : '',
    ...(running || 'terminated' in state
      ? { containerID: `containerd://${container.name}` }
      : {}),
    ready,
    started: running,
    restartCount: 0,
    state,
  };
}

function condition(type: string, status: boolean, reason?: string) {
  return {
    type,
    status: status ? 'True' : 'False',
    lastProbeTime: null,
    lastTransitionTime: isoNow(),
    ...(reason ? { reason } : {}),
  };
}

/**
 * Plays the scheduler and the kubelets for the pods the real Job controller creates: no
 * scheduler, node or container runtime runs here. Each pod of a Job that has a
 * {@link podScript} is bound to a node through the `binding` subresource (as kube-scheduler
 * binds), then moved through its phases by `pods/status` writes (as the kubelet reports
 * them): Running with its container started, then Succeeded or Failed with the container's
 * terminated state. The Job controller counts those phases into the Job's status and
 * conditions; nothing here writes a Job.
 *
 * Pods without a script are left alone: Pending and unbound, as if no node had room yet. A
 * running pod that is deleted is confirmed gone at once (containers stopped, no grace).
 */
export function startStandInKubelet(admin: KubeConfig): StandInKubelet {
  const scripts = new Map<string, PodScript>();
  const waiting = new Map<string, any>();
  const handled = new Set<string>();
  /** Pods waiting or running with no exit planned, by script key: a new script moves them. */
  const underWay = new Map<string, Map<string, () => Promise<void>>>();

  const writeStatus = async (pod: any, status: Record<string, unknown>) => {
    const { namespace, name } = pod.metadata;
    const r = await rawRequest(
      admin,
      'PATCH',
      `/api/v1/namespaces/${namespace}/pods/${name}/status`,
      { status },
      'application/merge-patch+json',
    );
    // Gone meanwhile (its Job deleted): nothing left to run.
    return r.status < 300;
  };

  /** The kubelet's report of a bound pod: its container waiting, or running (and exiting). */
  const start = async (
    pod: any,
    script: PodScript,
    key: string,
    base: Record<string, string>,
  ) => {
    const containers: Array<{ name: string; image?: string }> =
      pod.spec?.containers ?? [];
    const startTime = isoNow();
    const track = (next: (latest: PodScript) => Promise<void>) => {
      const ofScript = underWay.get(key) ?? new Map();
      underWay.set(key, ofScript);
      ofScript.set(pod.metadata.uid, async () => {
        const latest = scripts.get(key);
        if (latest) await next(latest);
      });
    };
    if (script.waiting) {
      await writeStatus(pod, {
        ...base,
        phase: 'Pending',
        conditions: [
          condition('Initialized', true),
          condition('Ready', false, 'ContainersNotReady'),
          condition('ContainersReady', false, 'ContainersNotReady'),
          condition('PodScheduled', true),
        ],
        containerStatuses: containers.map(c =>
          containerStatus(c, { waiting: script.waiting }, false),
        ),
      });
      track(latest => start(pod, latest, key, base));
      return;
    }
    const running = await writeStatus(pod, {
      ...base,
      phase: 'Running',
      conditions: [
        condition('Initialized', true),
        condition('Ready', true),
        condition('ContainersReady', true),
        condition('PodScheduled', true),
      ],
      containerStatuses: containers.map(c =>
        containerStatus(c, { running: { startedAt: startTime } }, true),
      ),
    });
    if (!running) return;
    const exit = async (ending: PodScript) => {
      const exitCode = ending.exitCode ?? 0;
      const finishedAt = isoNow();
      await writeStatus(pod, {
        ...base,
        phase: exitCode === 0 ? 'Succeeded' : 'Failed',
        conditions: [
          condition('Initialized', true, 'PodCompleted'),
          condition('Ready', false, 'PodCompleted'),
          condition('ContainersReady', false, 'PodCompleted'),
          condition('PodScheduled', true),
        ],
        containerStatuses: containers.map(c =>
          containerStatus(
            c,
            {
              terminated: {
                exitCode,
                reason:
                  ending.reason ?? (exitCode === 0 ? 'Completed' : 'Error'),
                ...(ending.message ? { message: ending.message } : {}),
                startedAt: startTime,
                finishedAt,
                containerID: `containerd://${c.name}`,
              },
            },
            false,
          ),
        ),
      });
    };
    if (script.exitCode === undefined) {
      const whileRunning = async (latest: PodScript) => {
        if (latest.exitCode !== undefined) await exit(latest);
        else track(whileRunning);
      };
      track(whileRunning);
      return;
    }
    await exit(script);
  };

  const play = async (pod: any, script: PodScript, key: string) => {
    const { namespace, name } = pod.metadata;
    if (script.unschedulable) {
      await writeStatus(pod, {
        phase: 'Pending',
        conditions: [
          {
            ...condition('PodScheduled', false, 'Unschedulable'),
            message: script.unschedulable,
          },
        ],
      });
      return;
    }
    const node = script.node ?? STAND_IN_NODE;
    const bound = await rawRequest(
      admin,
      'POST',
      `/api/v1/namespaces/${namespace}/pods/${name}/binding`,
      {
        apiVersion: 'v1',
        kind: 'Binding',
        metadata: { name, namespace },
        target: { apiVersion: 'v1', kind: 'Node', name: node },
      },
    );
    if (bound.status >= 300) return;
    const startTime = isoNow();
    const base = {
      hostIP: '127.0.0.1',
      podIP: '10.244.0.10',
      startTime,
    };
    await start(pod, script, key, base);
  };

  /** A changed script moves the Job's pods still waiting or running. */
  const moveUnderWay = (key: string) => {
    const pods = underWay.get(key);
    if (!pods) return;
    underWay.delete(key);
    for (const move of pods.values()) move().catch(() => undefined);
  };

  const scriptKey = (namespace: string, job: string) => `${namespace}/${job}`;

  /**
   * A running pod being deleted (its Job deleted, or the pod itself): the API server waits
   * for its kubelet to stop the containers and confirm with a delete of grace period 0.
   * Pods not bound to a node, and finished ones, the API server removes by itself.
   */
  const confirmDeletion = async (pod: any) => {
    const { namespace, name, uid } = pod.metadata;
    await rawRequest(
      admin,
      'DELETE',
      `/api/v1/namespaces/${namespace}/pods/${name}`,
      { gracePeriodSeconds: 0, preconditions: { uid } },
    );
  };

  const consider = (pod: any) => {
    const uid = pod.metadata?.uid;
    if (
      pod.metadata?.deletionTimestamp &&
      pod.spec?.nodeName &&
      !['Succeeded', 'Failed'].includes(pod.status?.phase)
    ) {
      confirmDeletion(pod).catch(() => undefined);
      return;
    }
    const job = pod.metadata?.labels?.[JOB_NAME_LABEL];
    if (!uid || !job || handled.has(uid)) return;
    // Only pods nobody has placed yet: a pod bound, reported on or being deleted is a
    // node's business already (e.g. one this stand-in played before a restart).
    const fresh =
      !pod.spec?.nodeName &&
      !pod.metadata?.deletionTimestamp &&
      (pod.status?.phase ?? 'Pending') === 'Pending' &&
      !(pod.status?.conditions ?? []).length;
    if (!fresh) {
      handled.add(uid);
      waiting.delete(uid);
      return;
    }
    const key = scriptKey(pod.metadata.namespace, job);
    const script = scripts.get(key);
    if (!script) {
      waiting.set(uid, pod);
      return;
    }
    handled.add(uid);
    waiting.delete(uid);
    play(pod, script, key).catch(() => undefined);
  };

  const watches: ObjectWatch[] = [
    watchObjects(
      admin,
      `/api/v1/namespaces/${POD_SCRIPT_NAMESPACE}/configmaps`,
      { labelSelector: POD_SCRIPT_LABEL },
      (type, configMap) => {
        const { namespace, job, script } = configMap?.data ?? {};
        if (!namespace || !job) return;
        if (type === 'DELETED') {
          scripts.delete(scriptKey(namespace, job));
          return;
        }
        const key = scriptKey(namespace, job);
        try {
          scripts.set(key, JSON.parse(script));
        } catch {
          return;
        }
        moveUnderWay(key);
        for (const pod of [...waiting.values()]) consider(pod);
      },
    ),
    watchObjects(
      admin,
      '/api/v1/pods',
      { labelSelector: JOB_NAME_LABEL },
      (type, pod) => {
        if (type === 'DELETED') {
          waiting.delete(pod?.metadata?.uid);
          for (const pods of underWay.values()) pods.delete(pod?.metadata?.uid);
          return;
        }
        consider(pod);
      },
    ),
  ];

  return {
    stop: () => {
      for (const w of watches) w.stop();
    },
  };
}

const JOB_API = '/apis/batch/v1/namespaces';

/** The pods of Job `namespace/job` (those it controls), oldest first. */
export async function podsOfJob(
  kc: KubeConfig,
  namespace: string,
  job: string,
): Promise<any[]> {
  const current = await rawRequest(
    kc,
    'GET',
    `${JOB_API}/${namespace}/jobs/${job}`,
  );
  if (current.status !== 200) return [];
  const pods = await rawRequest(
    kc,
    'GET',
    `/api/v1/namespaces/${namespace}/pods?labelSelector=${encodeURIComponent(
      `${JOB_NAME_LABEL}=${job}`,
    )}`,
  );
  return ((pods.body?.items ?? []) as any[])
    .map(pod => ({ ...pod, apiVersion: 'v1', kind: 'Pod' }))
    .filter(pod =>
      (pod.metadata.ownerReferences ?? []).some(
        (ref: any) => ref.uid === current.body.metadata.uid,
      ),
    )
    .sort((a, b) =>
      String(a.metadata.creationTimestamp).localeCompare(
        String(b.metadata.creationTimestamp),
      ),
    );
}

const trueCondition = (object: any, type: string) =>
  (object?.status?.conditions ?? []).some(
    (c: any) => c.type === type && c.status === 'True',
  );

/** Whether a Job (and its pods) show what its pods' script makes of it. */
function reached(job: any, pods: any[], script: PodScript): boolean {
  if (script.unschedulable) {
    return pods.some(p =>
      (p.status?.conditions ?? []).some(
        (c: any) => c.type === 'PodScheduled' && c.reason === 'Unschedulable',
      ),
    );
  }
  if (script.waiting) {
    return pods.some(p =>
      (p.status?.containerStatuses ?? []).some(
        (c: any) => c.state?.waiting?.reason === script.waiting!.reason,
      ),
    );
  }
  if (script.exitCode === 0) return trueCondition(job, 'Complete');
  if (script.exitCode !== undefined) return trueCondition(job, 'Failed');
  return (
    (job.status?.active ?? 0) > 0 &&
    pods.some(p => p.status?.phase === 'Running')
  );
}

/**
 * Waits until the real Job controller and the stand-in kubelet have brought Job
 * `namespace/job` where its pods' script leads: Complete, Failed, a pod running, a pod
 * unschedulable or waiting. Returns the Job and its pods as they are then.
 */
export async function jobSettled(
  kc: KubeConfig,
  namespace: string,
  job: string,
  script: PodScript,
  timeoutMs = 30_000,
): Promise<{ job: any; pods: any[] }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const current = await rawRequest(
      kc,
      'GET',
      `${JOB_API}/${namespace}/jobs/${job}`,
    );
    if (current.status === 200) {
      const pods = await podsOfJob(kc, namespace, job);
      if (reached(current.body, pods, script))
        return { job: current.body, pods };
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Job ${namespace}/${job} never got where its pods' script ${JSON.stringify(
          script,
        )} leads`,
      );
    }
    await new Promise(r => setTimeout(r, 25));
  }
}
