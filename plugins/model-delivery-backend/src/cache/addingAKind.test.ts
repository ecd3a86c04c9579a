import { createBackendModule } from '@backstage/backend-plugin-api';
import { TestBackend } from '@backstage/backend-test-utils';
import {
  ControlPlane,
  Manifest,
  applyManifests,
  startControlPlane,
} from '@internal/local-control-plane';
import {
  ItemStatus,
  JOB_PODS,
  JobLike,
  KubeObject,
  PodLike,
  ResourceKindDefinition,
  ResourceStatus,
  crdOf,
  jobProgress,
  jobsSelectedBy,
  resourceStatus,
  watchedTypeKey,
} from '@model-delivery/plugin-model-delivery-common';
import {
  JobOutcome,
  clusterConfig,
  componentEntity,
  deleteIfExists,
  eventually,
  getObject,
  givenObjects,
  jobWithOutcome,
  labelledJob,
  namespace,
  podsOfJob,
} from '@model-delivery/test-kit';
import {
  startStatusBackend,
  waitForStatus,
} from '../__testUtils__/statusBackend';
import { modelDeliveryKindsExtensionPoint } from '@model-delivery/plugin-model-delivery-node';

/*
 * docs/adding-a-kind.md, followed step by step for a throwaway kind: a made-up
 * "mirror-operator" whose ModelMirror copies models, one Job per model. Nothing here
 * ships; the test proves the steps are enough for the status backend to show a kind it
 * has never heard of. Keep it in step with the doc.
 */

jest.setTimeout(120_000);

const NS = 'mirrors';

// Step 1, types and labels: what the operator's resource looks like...
interface ModelMirror extends KubeObject {
  spec: { models: string[] };
}

// ...and what the operator writes on its Jobs, in one place. (Step 2, validation, is for
// actions and templates; this kind has none.)
const MIRROR_LABEL = 'mirror.example.dev/mirror';
const MODEL_LABEL = 'mirror.example.dev/model';
function mirrorJobLabels(mirror: string, model?: string) {
  return {
    [MIRROR_LABEL]: mirror,
    ...(model === undefined ? {} : { [MODEL_LABEL]: model }),
  };
}
const MIRROR_JOBS = jobsSelectedBy(MIRROR_LABEL);

// Step 3, the kind: all of the definition but its derivation (kinds/<kind>/kind.ts).
const modelMirrorBasics: Omit<
  ResourceKindDefinition<ModelMirror>,
  'deriveStatus'
> = {
  kind: 'ModelMirror',
  operator: 'mirror-operator',
  resource: {
    apiVersion: 'mirror.example.dev/v1alpha1',
    kind: 'ModelMirror',
    plural: 'modelmirrors',
    namespaced: true,
  },
  related: [MIRROR_JOBS, JOB_PODS],
  itemNoun: 'model',
  relatedLabels: (type, resource) =>
    watchedTypeKey(type) === watchedTypeKey(MIRROR_JOBS)
      ? mirrorJobLabels(resource.name)
      : undefined,
};

// Step 4, status derivation: one item per model, from its Job (kinds/<kind>/status.ts)...
function deriveModelMirrorStatus(
  mirror: ModelMirror,
  jobs: JobLike[],
  pods: PodLike[],
  context: { cluster: string; now: Date },
): ResourceStatus {
  const items = mirror.spec.models.map((model): ItemStatus => {
    // `jobs` are this mirror's only: the backend selected them with relatedLabels.
    const job = jobs.find(j => j.metadata?.labels?.[MODEL_LABEL] === model);
    if (!job) {
      return {
        name: model,
        state: 'pending',
        phase: 'no-job',
        detail: 'mirror-operator has not started this model yet',
      };
    }
    return {
      name: model,
      jobName: job.metadata?.name,
      ...jobProgress(job, pods),
    };
  });
  return resourceStatus(
    mirror,
    { itemNoun: modelMirrorBasics.itemNoun, items, facts: [] },
    context,
  );
}

// ...and the definition whole (kinds/<kind>/index.ts).
const modelMirrorKind: ResourceKindDefinition<ModelMirror> = {
  ...modelMirrorBasics,
  deriveStatus: (resource, related, context) =>
    deriveModelMirrorStatus(
      resource,
      related.list<JobLike>(MIRROR_JOBS),
      related.list<PodLike>(JOB_PODS),
      context,
    ),
};

// Step 5, registration: here through the extension point, as a module of an adopter would.
const modelMirrorModule = createBackendModule({
  pluginId: 'model-delivery',
  moduleId: 'model-mirror',
  register(reg) {
    reg.registerInit({
      deps: { kinds: modelDeliveryKindsExtensionPoint },
      async init({ kinds }) {
        kinds.addResourceKinds(modelMirrorKind);
      },
    });
  },
});

// Step 6, the CRD, as the local control plane would install it from its crds folder.
const { name: crdName, version } = crdOf(modelMirrorKind.resource);
const MODEL_MIRROR_CRD: Manifest = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: crdName },
  spec: {
    group: 'mirror.example.dev',
    scope: 'Namespaced',
    names: {
      plural: 'modelmirrors',
      singular: 'modelmirror',
      kind: 'ModelMirror',
    },
    versions: [
      {
        name: version,
        served: true,
        storage: true,
        subresources: { status: {} },
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                required: ['models'],
                properties: {
                  models: { type: 'array', items: { type: 'string' } },
                },
              },
            },
          },
        },
      },
    ],
  },
};

// Step 7, RBAC: what manifests/rbac/model-delivery-clusterrole.yaml would gain. (Step 8, an
// action, is not needed to show the kind.)
const MODEL_MIRROR_RBAC: Manifest[] = [
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'model-delivery-model-mirrors' },
    rules: [
      {
        apiGroups: ['mirror.example.dev'],
        resources: ['modelmirrors'],
        verbs: ['get', 'list', 'watch'],
      },
    ],
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'model-delivery-model-mirrors' },
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: 'model-delivery-model-mirrors',
    },
    subjects: [
      {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'Group',
        name: 'model-delivery:backstage',
      },
    ],
  },
];

function modelMirror(name: string, models: string[]): Manifest {
  return {
    apiVersion: modelMirrorKind.resource.apiVersion,
    kind: modelMirrorKind.resource.kind,
    metadata: {
      name,
      namespace: NS,
      labels: { 'backstage.io/kubernetes-id': 'mirror-owner' },
    },
    spec: { models },
  };
}

function mirrorJob(
  mirror: string,
  model: string,
  outcome: JobOutcome,
): Manifest[] {
  return jobWithOutcome(
    labelledJob({
      name: `mirror-${mirror}-${model}`,
      namespace: NS,
      labels: mirrorJobLabels(mirror, model),
    }),
    outcome,
  );
}

const owner = componentEntity('mirror-owner', {
  'backstage.io/kubernetes-id': 'mirror-owner',
});

describe('adding a kind (docs/adding-a-kind.md)', () => {
  let cp: ControlPlane;
  let backend: TestBackend | undefined;

  beforeAll(async () => {
    cp = await startControlPlane();
    const admin = cp.kubeConfig('admin');
    await applyManifests(admin, [MODEL_MIRROR_CRD, ...MODEL_MIRROR_RBAC]);
    await eventually(async () => {
      const crd = await getObject(admin, {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: crdName },
      });
      return crd?.status?.conditions?.some(
        (c: { type: string; status: string }) =>
          c.type === 'Established' && c.status === 'True',
      )
        ? crd
        : undefined;
    }, `CRD ${crdName} Established`);
    await givenObjects(
      admin,
      namespace(NS),
      modelMirror('team-models', ['gemma-2b', 'phi-2', 'qwen-0-5b']),
      ...mirrorJob('team-models', 'gemma-2b', { state: 'completed' }),
      ...mirrorJob('team-models', 'phi-2', {
        state: 'failed',
        exitCode: 1,
        message: 'mirror failed',
      }),
      // Another mirror's Job for the same model: not this mirror's.
      ...mirrorJob('other-models', 'qwen-0-5b', { state: 'completed' }),
    );
    // The failed Job's pod is gone (its node was recycled): the Job's own condition is all
    // that says why it failed.
    for (const pod of await podsOfJob(admin, NS, 'mirror-team-models-phi-2')) {
      await deleteIfExists(admin, pod);
    }
  });

  afterAll(async () => {
    await backend?.stop();
    await cp?.stop();
  });

  it("shows the new kind's resources on the entity's status, one state per item", async () => {
    backend = await startStatusBackend({
      clusters: [clusterConfig(cp, 'local')],
      entities: [owner],
      features: [modelMirrorModule],
    });

    const status = await waitForStatus(
      backend,
      owner,
      s =>
        s.clusters[0]?.state === 'ready' &&
        s.resources.some(r => r.kind === 'ModelMirror' && r.items.length === 3),
    );

    expect(status.clusters[0].missingKinds ?? []).not.toContain('ModelMirror');
    const mirror = status.resources.find(r => r.kind === 'ModelMirror');
    expect(mirror).toMatchObject({
      apiVersion: 'mirror.example.dev/v1alpha1',
      cluster: 'local',
      namespace: NS,
      name: 'team-models',
      itemNoun: 'model',
      counts: { pending: 1, completed: 1, failed: 1 },
      state: 'failed',
    });
    const item = (name: string) => mirror?.items.find(i => i.name === name);
    expect(item('gemma-2b')).toMatchObject({
      state: 'completed',
      jobName: 'mirror-team-models-gemma-2b',
    });
    expect(item('phi-2')).toMatchObject({
      state: 'failed',
      reason:
        'BackoffLimitExceeded: Job has reached the specified backoff limit',
    });
    // The completed Job of the other mirror is selected away by relatedLabels.
    expect(item('qwen-0-5b')).toMatchObject({
      state: 'pending',
      phase: 'no-job',
    });
    expect(status.counts).toEqual({ pending: 1, completed: 1, failed: 1 });
  });
});
