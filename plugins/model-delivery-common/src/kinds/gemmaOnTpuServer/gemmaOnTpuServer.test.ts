import { Condition, JobLike, PodLike } from '../../kubernetesObjects';
import {
  deriveGemmaOnTPUServerStatus,
  DeploymentLike,
  ServiceLike,
} from './status';
import { validateGemmaOnTPUServerInput } from './validate';
import { gemmaOnTPUServerManifest } from './manifest';
import { GemmaOnTPUServer } from './types';

const NOW = new Date('2026-11-21T12:00:00Z');
const ctx = { cluster: 'gke', now: NOW };

function instance(
  state?: string,
  conditions: Condition[] = [],
  created = '2026-11-21T11:59:30Z',
): GemmaOnTPUServer {
  return {
    apiVersion: 'kro.run/v1alpha1',
    kind: 'GemmaOnTPUServer',
    metadata: {
      name: 'gemma',
      namespace: 'serving',
      uid: 'inst-uid',
      creationTimestamp: created,
    },
    spec: { replicas: 1, kaggleSecret: 'kaggle-credentials' },
    ...(state ? { status: { state, conditions } } : {}),
  };
}

const kroLabels = {
  'kro.run/instance-name': 'gemma',
  'kro.run/instance-namespace': 'serving',
  'kro.run/node-id': 'loader',
};

function loader(
  status: JobLike['status'],
  labels: Record<string, string> = kroLabels,
): JobLike {
  return {
    metadata: {
      name: 'gemma-loader',
      namespace: 'serving',
      uid: 'l-uid',
      labels,
    },
    status,
  };
}

const failedPod: PodLike = {
  metadata: {
    name: 'gemma-loader-x',
    namespace: 'serving',
    labels: { 'job-name': 'gemma-loader' },
  },
  status: {
    phase: 'Failed',
    containerStatuses: [
      {
        name: 'checkpoint-loader',
        state: {
          terminated: {
            exitCode: 1,
            reason: 'Error',
            message: '403 Forbidden: kaggle credentials rejected',
          },
        },
      },
    ],
  },
};

const deployment: DeploymentLike = {
  metadata: { name: 'gemma', namespace: 'serving', labels: kroLabels },
  spec: { replicas: 1 },
  status: { readyReplicas: 1 },
};

const ready = (
  status: string,
  reason: string,
  message?: string,
): Condition => ({
  type: 'Ready',
  status,
  reason,
  message,
  lastTransitionTime: '2026-11-21T11:59:50Z',
});

describe('deriveGemmaOnTPUServerStatus', () => {
  it.each([
    [
      'no status yet',
      instance(),
      [],
      [],
      'pending',
      'waiting-for-kro',
      undefined,
    ],
    [
      'IN_PROGRESS, loader not created yet',
      instance('IN_PROGRESS', [
        ready('False', 'NotReady', 'waiting for bucket'),
      ]),
      [],
      [],
      'pending',
      'in-progress',
      expect.stringMatching(/NotReady: waiting for bucket/),
    ],
    [
      'IN_PROGRESS, loader running',
      instance('IN_PROGRESS'),
      [loader({ active: 1 })],
      [],
      'pending',
      'loading-weights',
      undefined,
    ],
    [
      'IN_PROGRESS, loader failed',
      instance('IN_PROGRESS'),
      [
        loader({
          failed: 3,
          conditions: [
            { type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded' },
          ],
        }),
      ],
      [failedPod],
      'failed',
      'loader-failed',
      expect.stringMatching(/403 Forbidden: kaggle credentials rejected/),
    ],
    [
      'IN_PROGRESS, loader done, server starting',
      instance('IN_PROGRESS', [
        ready('False', 'NotReady', 'deployment not ready'),
      ]),
      [loader({ succeeded: 1 })],
      [],
      'pending',
      'starting-server',
      expect.stringMatching(/deployment not ready/),
    ],
    [
      'ACTIVE and Ready',
      instance('ACTIVE', [ready('True', 'AllResourcesReady')]),
      [loader({ succeeded: 1 })],
      [],
      'completed',
      'active',
      undefined,
    ],
    [
      'ACTIVE (kro v0.4, no Ready condition)',
      instance('ACTIVE', [{ type: 'InstanceSynced', status: 'True' }]),
      [],
      [],
      'completed',
      'active',
      undefined,
    ],
    [
      'ACTIVE but not Ready',
      instance('ACTIVE', [
        ready('False', 'NotReady', 'service has no endpoints'),
      ]),
      [],
      [],
      'pending',
      'not-ready',
      expect.stringMatching(/service has no endpoints/),
    ],
    [
      'ERROR',
      instance('ERROR', [
        { type: 'GraphResolved', status: 'True' },
        ready(
          'False',
          'ReconcileFailed',
          'StorageBucket: bucket name already taken',
        ),
      ]),
      [],
      [],
      'failed',
      'error',
      expect.stringMatching(
        /ReconcileFailed: StorageBucket: bucket name already taken/,
      ),
    ],
    [
      'FAILED (deprecated)',
      instance('FAILED', [ready('False', 'Failed', 'x')]),
      [],
      [],
      'failed',
      'error',
      expect.stringMatching(/Failed: x/),
    ],
    [
      'DELETING',
      instance('DELETING'),
      [],
      [],
      'pending',
      'deleting',
      undefined,
    ],
  ])('%s', (_title, inst, jobs, pods, state, phase, reason) => {
    const status = deriveGemmaOnTPUServerStatus(
      inst as GemmaOnTPUServer,
      jobs as JobLike[],
      pods as PodLike[],
      [deployment],
      [],
      ctx,
    );
    expect(status.items).toHaveLength(1);
    expect(status.items[0]).toMatchObject({
      name: 'gemma',
      jobName: 'gemma-loader',
      state,
      phase,
    });
    expect(status.items[0].reason).toEqual(reason);
    expect(status.state).toBe(state);
  });

  it('explains a kro that stays silent', () => {
    const status = deriveGemmaOnTPUServerStatus(
      instance(undefined, [], '2026-11-21T10:00:00Z'),
      [],
      [],
      [],
      [],
      ctx,
    );
    expect(status.items[0].reason).toMatch(
      /gemmaontpuserver.kro.run is Active/,
    );
  });

  it('lists kro state, conditions and children as facts', () => {
    const status = deriveGemmaOnTPUServerStatus(
      instance('ACTIVE', [ready('True', 'AllResourcesReady')]),
      [loader({ succeeded: 1 })],
      [],
      [deployment],
      [],
      ctx,
    );
    expect(status.facts).toEqual(
      expect.arrayContaining([
        { label: 'kro state', value: 'ACTIVE' },
        { label: 'Condition Ready', value: 'True (AllResourcesReady)' },
        { label: 'Job gemma-loader', value: 'completed' },
        { label: 'Deployment gemma', value: '1/1 ready' },
        { label: 'Kaggle Secret', value: 'kaggle-credentials' },
      ]),
    );
  });

  it("ignores another instance's children", () => {
    const other = loader(
      { failed: 1 },
      { ...kroLabels, 'kro.run/instance-name': 'other' },
    );
    const status = deriveGemmaOnTPUServerStatus(
      instance('IN_PROGRESS'),
      [other],
      [],
      [],
      [],
      ctx,
    );
    expect(status.items[0].phase).toBe('in-progress');
  });
});

describe('a GemmaOnTPUServer as a model server', () => {
  const service: ServiceLike = {
    metadata: { name: 'gemma', namespace: 'serving', labels: kroLabels },
    spec: {
      ports: [
        { name: 'grpc', port: 9000 },
        { name: 'http', port: 8000 },
      ],
    },
  };

  it("serves the Kaggle checkpoint through JetStream's HTTP server at its Service, ready once active", () => {
    const status = deriveGemmaOnTPUServerStatus(
      instance('ACTIVE', [ready('True', 'AllResourcesReady')]),
      [loader({ succeeded: 1 })],
      [],
      [deployment],
      [service],
      ctx,
    );
    expect(status.server).toEqual({
      serverType: 'jetstream-http',
      url: 'http://gemma.serving.svc.cluster.local:8000',
      ready: true,
      models: [
        {
          uri: 'kaggle://google/gemma/maxtext/7b-it/2',
          modelId: 'kaggle://google/gemma/maxtext/7b-it/2',
          from: "the instance's bucket, converted by the loader Job gemma-loader",
        },
      ],
    });
    expect(status.facts).toContainEqual({
      label: 'URL',
      value: 'http://gemma.serving.svc.cluster.local:8000',
    });
  });

  it('is not ready while loading its weights, saying so; without its Service it has no URL', () => {
    const status = deriveGemmaOnTPUServerStatus(
      instance('IN_PROGRESS'),
      [loader({ active: 1 })],
      [],
      [],
      [{ ...service, metadata: { ...service.metadata, name: 'other' } }],
      ctx,
    );
    expect(status.server).toMatchObject({
      ready: false,
      reason: 'loading weights from Kaggle (loader Job running)',
    });
    expect(status.server?.url).toBeUndefined();
  });
});

describe('validateGemmaOnTPUServerInput', () => {
  it('accepts a valid input', () => {
    expect(
      validateGemmaOnTPUServerInput({
        name: 'gemma',
        namespace: 'serving',
        replicas: 2,
      }),
    ).toEqual([]);
  });

  it('bounds the name by the Google service account the RGD creates', () => {
    expect(
      validateGemmaOnTPUServerInput({ name: 'a'.repeat(25), namespace: 's' }),
    ).toEqual([
      {
        field: 'name',
        message: `'${'a'.repeat(
          25,
        )}' is 25 characters; the RGD creates the Google service account '${'a'.repeat(
          25,
        )}-gemma', whose id has at most 30 characters, so use at most 24`,
      },
    ]);
  });

  it('rejects a name starting with a digit, replicas below 1 and a bad Secret name', () => {
    expect(
      validateGemmaOnTPUServerInput({
        name: '7b',
        namespace: 's',
        replicas: 0,
        kaggleSecret: 'Kaggle',
      }).map(i => i.field),
    ).toEqual(['name', 'replicas', 'kaggleSecret']);
  });
});

describe('gemmaOnTPUServerManifest', () => {
  it('spells kaggleSecret right and writes the defaults explicitly', () => {
    const manifest = gemmaOnTPUServerManifest(
      { name: 'gemma', namespace: 'serving' },
      { kubernetesId: 'chat' },
    );
    expect(manifest.spec).toEqual({
      replicas: 1,
      kaggleSecret: 'kaggle-credentials',
    });
    expect(manifest.metadata?.labels).toEqual({
      'backstage.io/kubernetes-id': 'chat',
    });
    expect(JSON.stringify(manifest)).not.toContain('kaggelSecret');
  });
});
