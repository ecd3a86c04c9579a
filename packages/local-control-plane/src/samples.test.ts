import {
  KubeObject,
  RESOURCE_KINDS,
  ResourceKindDefinition,
  ResourceStatus,
  WatchedType,
} from '@model-delivery/plugin-model-delivery-common';
import { ControlPlane, startControlPlane } from './controlPlane';
import { objectPath, rawRequest } from './manifests';
import { seedSamples, shiftTimestamps } from './samples';

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

describe('seedSamples', () => {
  let cp: ControlPlane;
  const byKind = new Map<string, ResourceStatus[]>();

  beforeAll(async () => {
    cp = await startControlPlane();
    await seedSamples(cp.kubeConfig('admin'));
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

  it('labels every sample resource for the example entity', async () => {
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
      ['LocalModelCache', 'chat-assistant'],
      ['ModelDownload', 'chat-assistant'],
    ]);
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
  it('moves every time by one offset so the latest is a minute ago', () => {
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
      startTime: '2029-12-31T23:51:30Z',
      completionTime: '2029-12-31T23:59:00Z',
    });
    expect(job.metadata.labels.note).toBe('not-a-time');
  });
});
