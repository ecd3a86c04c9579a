import {
  KubeObject,
  RESOURCE_KINDS,
  ResourceKindDefinition,
  ResourceStatus,
  WatchedType,
} from '@model-delivery/plugin-model-delivery-common';
import { ControlPlane, startControlPlane } from './controlPlane';
import { objectPath, rawRequest, readManifests } from './manifests';
import { sampleFiles, seedSamples, shiftTimestamps } from './samples';

jest.setTimeout(60_000);

/** Lists a watched type the way the backend's watches see it. */
async function list(
  cp: ControlPlane,
  type: WatchedType,
): Promise<KubeObject[]> {
  const kc = cp.kubeConfig('admin');
  const path = await objectPath(kc, {
    apiVersion: type.apiVersion,
    kind: type.kind,
  });
  // objectPath gives the default namespace's collection; watches are cluster-wide.
  const collection = type.namespaced
    ? path.replace(
        '/namespaces/default',
        type.namespace ? `/namespaces/${type.namespace}` : '',
      )
    : path;
  const query = type.labelSelector
    ? `?labelSelector=${encodeURIComponent(type.labelSelector)}`
    : '';
  const r = await rawRequest(kc, 'GET', `${collection}${query}`);
  return r.body.items;
}

async function statusesOf(cp: ControlPlane, kind: ResourceKindDefinition<any>) {
  const resources = await list(cp, kind.resource);
  const related = new Map<WatchedType, KubeObject[]>();
  for (const type of kind.related) related.set(type, await list(cp, type));
  return resources.map(
    (r): ResourceStatus =>
      kind.deriveStatus(
        r,
        { list: (t: WatchedType) => related.get(t) ?? [] } as any,
        {
          cluster: 'local',
          now: new Date(),
        },
      ),
  );
}

const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

/** Every timestamp in a value, with where it is, e.g. `status.startTime`. */
function timesIn(value: unknown, path = ''): Array<[string, string]> {
  if (typeof value === 'string') {
    return TIMESTAMP.test(value) ? [[path, value]] : [];
  }
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) =>
      timesIn(v, path ? `${path}.${k}` : k),
    );
  }
  return [];
}

/** An object as the API server returns it, with its status. */
type Seeded = KubeObject & { status?: any };

/** The name of an object, for failure messages. */
const nameOf = (o: KubeObject) =>
  `${o.kind} ${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;

describe('seedSamples', () => {
  let cp: ControlPlane;
  const byKind = new Map<string, ResourceStatus[]>();
  let seededAt: number;

  beforeAll(async () => {
    cp = await startControlPlane();
    await seedSamples(cp.kubeConfig('admin'));
    seededAt = Date.now();
    for (const kind of RESOURCE_KINDS)
      byKind.set(kind.kind, await statusesOf(cp, kind));
  });

  afterAll(() => cp?.stop());

  const states = (kind: string) =>
    Object.fromEntries(
      (byKind.get(kind) ?? []).flatMap(r =>
        r.items.map(i => [i.name, `${i.state}/${i.phase}`]),
      ),
    );

  it('gives the example entity a ModelDownload with a model in each state', () => {
    expect(states('ModelDownload')).toEqual({
      'google/gemma-2-2b-it': 'completed/completed',
      'meta-llama/Llama-3.2-1B-Instruct': 'failed/failed',
      'Qwen/Qwen2.5-0.5B-Instruct': 'pending/downloading',
      'mistralai/Mistral-7B-Instruct-v0.3': 'pending/unschedulable',
      // chat-serving's, the model its cache and its server hold too.
      'meta-llama/meta-llama-3-8b-instruct': 'completed/completed',
    });
  });

  it('gives the serving entity two ready servers and one not ready, and the Gemma instance its Service', () => {
    expect(states('InferenceService')).toEqual({
      'chat-assistant-llm': 'completed/ready',
      'gemma-2-chat': 'completed/ready',
    });
    expect(states('LLMInferenceService')).toEqual({
      'llama-vllm': 'pending/not-ready',
    });
    const [gemma] = byKind.get('GemmaOnTPUServer')!;
    expect(gemma.server).toMatchObject({
      url: 'http://gemma-chat.ml-models.svc.cluster.local:8000',
      ready: false,
    });
  });

  it('gives it a Gemma instance loading its weights and a cache with a node in each state', () => {
    expect(states('GemmaOnTPUServer')).toEqual({
      'gemma-chat': 'pending/loading-weights',
    });
    expect(states('LocalModelCache')).toEqual({
      'gpu-node-1': 'completed/downloaded',
      'gpu-node-2': 'pending/downloading',
      'gpu-node-3': 'failed/download-error',
    });
  });

  it('labels every sample resource for an example entity', async () => {
    const labels = [];
    for (const kind of RESOURCE_KINDS) {
      for (const r of await list(cp, kind.resource)) {
        labels.push([
          r.kind,
          r.metadata?.labels?.['backstage.io/kubernetes-id'],
        ]);
      }
    }
    expect(labels.sort()).toEqual([
      ['GemmaOnTPUServer', 'chat-assistant'],
      ['InferenceService', 'chat-serving'],
      ['InferenceService', 'chat-serving'],
      ['LLMInferenceService', 'chat-serving'],
      ['LocalModelCache', 'chat-assistant'],
      ['ModelDownload', 'chat-assistant'],
      ['ModelDownload', 'chat-serving'],
    ]);
  });

  it('dates nothing before the object it belongs to existed, nor after the seeding', async () => {
    const kc = cp.kubeConfig('admin');
    const wrong: string[] = [];
    const seen = new Set<string>();
    for (const manifest of readManifests(sampleFiles())) {
      const path = await objectPath(kc, manifest);
      if (seen.has(path)) continue;
      seen.add(path);
      const object: Seeded = (await rawRequest(kc, 'GET', path)).body;
      const created = Date.parse(String(object.metadata?.creationTimestamp));
      for (const [where, time] of timesIn(object.status, 'status')) {
        if (Date.parse(time) < created || Date.parse(time) > seededAt) {
          wrong.push(
            `${nameOf(object)}: ${where} ${time}, created ${
              object.metadata?.creationTimestamp
            }`,
          );
        }
      }
    }
    expect(seen.size).toBeGreaterThan(10);
    expect(wrong).toEqual([]);
  });

  it('starts no Job before its resource was created, and finishes none before it started', () => {
    const wrong: string[] = [];
    let started = 0;
    for (const resources of byKind.values()) {
      for (const r of resources) {
        const created = Date.parse(r.createdAt ?? '');
        expect(Number.isFinite(created)).toBe(true);
        for (const i of r.items) {
          const startedAt = Date.parse(i.startedAt ?? '');
          if (i.startedAt) started++;
          if (i.startedAt && startedAt < created) {
            wrong.push(
              `${r.name} ${i.name}: started ${i.startedAt}, resource created ${r.createdAt}`,
            );
          }
          if (i.createdAt && Date.parse(i.createdAt) < created) {
            wrong.push(
              `${r.name} ${i.name}: Job created ${i.createdAt}, resource created ${r.createdAt}`,
            );
          }
          if (i.finishedAt && Date.parse(i.finishedAt) < startedAt) {
            wrong.push(
              `${r.name} ${i.name}: finished ${i.finishedAt}, started ${i.startedAt}`,
            );
          }
        }
      }
    }
    // Every item with a Job shows when it started: all but the node downloaded earlier
    // (chat-serving's download among them, its Job run by the Job controller too).
    expect(started).toBe(8);
    expect(wrong).toEqual([]);
  });

  it('starts no pod before its Job, and no container before its pod', async () => {
    const JOB_SYNC_RETRY_MS = 10_000;
    const kc = cp.kubeConfig('admin');
    const jobs: Seeded[] = (await rawRequest(kc, 'GET', '/apis/batch/v1/jobs'))
      .body.items;
    const pods: Seeded[] = (await rawRequest(kc, 'GET', '/api/v1/pods')).body
      .items;
    const wrong: string[] = [];
    let checked = 0;
    for (const pod of pods) {
      const job = jobs.find(
        j =>
          j.metadata?.name === pod.metadata?.labels?.['job-name'] &&
          j.metadata?.namespace === pod.metadata?.namespace,
      );
      expect(job).toBeDefined();
      const jobStarted = Date.parse(job?.status.startTime);
      const podStarted = pod.status?.startTime
        ? Date.parse(pod.status.startTime)
        : undefined;
      // The Job controller stamps a Job's startTime in the sync that creates its pod, and
      // stamps it anew when writing that status fails and the sync is retried (on a busy
      // machine, seconds later): the pod may then have started up to one retry earlier.
      if (
        podStarted !== undefined &&
        podStarted < jobStarted - JOB_SYNC_RETRY_MS
      ) {
        wrong.push(`${nameOf(pod)} started before its Job`);
      }
      for (const c of pod.status?.containerStatuses ?? []) {
        const state = c.state.running ?? c.state.terminated;
        if (!state) continue;
        checked++;
        const started = Date.parse(state.startedAt);
        if (started < (podStarted ?? jobStarted)) {
          wrong.push(
            `${nameOf(pod)}: container ${c.name} started before its pod`,
          );
        }
        if (state.finishedAt && Date.parse(state.finishedAt) < started) {
          wrong.push(
            `${nameOf(pod)}: container ${c.name} finished before it started`,
          );
        }
      }
    }
    expect(pods.length).toBeGreaterThanOrEqual(5);
    expect(checked).toBeGreaterThanOrEqual(4);
    expect(wrong).toEqual([]);
  });

  it('installs the suite Gemma RGD as Active, as the template requires', async () => {
    const r = await rawRequest(
      cp.kubeConfig('admin'),
      'GET',
      '/apis/kro.run/v1alpha1/resourcegraphdefinitions/gemmaontpuserver.kro.run',
    );
    expect(r.body.spec.schema.kind).toBe('GemmaOnTPUServer');
    expect(r.body.status.state).toBe('Active');
  });
});

describe('shiftTimestamps', () => {
  it('moves every time by one offset so the earliest is the start given', () => {
    const [job] = shiftTimestamps(
      [
        {
          apiVersion: 'batch/v1',
          kind: 'Job',
          metadata: { name: 'j', labels: { note: 'not-a-time' } },
          status: {
            startTime: '2026-11-21T09:00:00Z',
            completionTime: '2026-11-21T09:07:30Z',
          },
        },
      ],
      new Date('2030-01-01T00:00:00Z'),
    ) as any[];
    expect(job.status).toEqual({
      startTime: '2030-01-01T00:00:00Z',
      completionTime: '2030-01-01T00:07:30Z',
    });
    expect(job.metadata.labels.note).toBe('not-a-time');
  });
});
