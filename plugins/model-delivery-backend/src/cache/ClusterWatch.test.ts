import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { TestBackend } from '@backstage/backend-test-utils';
import {
  ControlPlane,
  applyManifests,
  installCrds,
  startControlPlane,
} from '@internal/local-control-plane';
import { ClusterStatus } from '@model-delivery/plugin-model-delivery-common';
import {
  hfOperatorJob,
  jobPod,
  jobStatus,
  modelDownload,
  namespace,
  podStatus,
  statusOf,
} from '../__testUtils__/playOperators';
import {
  clusterConfig,
  componentEntity,
  startStatusBackend,
  waitForStatus,
} from '../__testUtils__/statusBackend';

jest.setTimeout(120_000);

const entity = componentEntity('chat-assistant', {
  'backstage.io/kubernetes-id': 'chat-assistant',
});
const resources = () => [
  namespace('ml'),
  modelDownload({
    name: 'chat-models',
    namespace: 'ml',
    kubernetesId: 'chat-assistant',
    models: ['org/model'],
  }),
];
const job = hfOperatorJob({
  resource: 'chat-models',
  namespace: 'ml',
  model: 'org/model',
  status: jobStatus.active('2026-01-01T10:00:00Z'),
});
const pod = jobPod({
  job: job.metadata!.name!,
  namespace: 'ml',
  status: podStatus.running('2026-01-01T10:00:05Z'),
});

const clusterNamed = (clusters: ClusterStatus[], name: string) => {
  const cluster = clusters.find(c => c.name === name);
  if (!cluster)
    throw new Error(`no cluster ${name} in ${JSON.stringify(clusters)}`);
  return cluster;
};

describe('an API server that stops and comes back', () => {
  let cp: ControlPlane;
  let backend: TestBackend;

  beforeAll(async () => {
    cp = await startControlPlane();
    await applyManifests(cp.kubeConfig('admin'), [...resources(), job, pod]);
    backend = await startStatusBackend({
      clusters: [clusterConfig(cp, 'local')],
      entities: [entity],
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await cp?.stop();
  });

  it('is reported unreachable with the last data marked stale, then ready again with later changes', async () => {
    await waitForStatus(
      backend,
      entity,
      s => s.clusters[0].state === 'ready' && s.resources.length === 1,
    );

    await cp.stopApiServer();
    const down = await waitForStatus(
      backend,
      entity,
      s => s.clusters[0].state === 'unreachable',
    );
    const local = down.clusters[0];
    expect(local.message).toContain(
      `Cannot reach cluster 'local' at ${cp.server}`,
    );
    // The last known data is still shown, and says how old it is.
    expect(local.lastSyncedAt).toBeDefined();
    expect(Date.parse(local.lastSyncedAt!)).toBeLessThanOrEqual(
      Date.parse(down.generatedAt),
    );
    expect(down.resources[0].items[0].phase).toBe('downloading');

    await cp.startApiServer();
    await waitForStatus(backend, entity, s => s.clusters[0].state === 'ready');

    // A change made after the restart reaches the page: the cache listed and watches again.
    await applyManifests(cp.kubeConfig('admin'), [
      statusOf(
        job,
        jobStatus.succeeded('2026-01-01T10:00:00Z', '2026-01-01T10:30:00Z'),
      ),
    ]);
    const after = await waitForStatus(
      backend,
      entity,
      s => s.resources[0]?.items[0]?.state === 'completed',
    );
    expect(after.resources[0].items[0].finishedAt).toBe('2026-01-01T10:30:00Z');
    expect(after.clusters[0].state).toBe('ready');
  });
});

describe('clusters that cannot be watched', () => {
  let cp: ControlPlane;
  let backend: TestBackend;

  beforeAll(async () => {
    cp = await startControlPlane();
    await applyManifests(cp.kubeConfig('admin'), [...resources(), job, pod]);
    backend = await startStatusBackend({
      clusters: [
        clusterConfig(cp, 'local'),
        // Same API server, an identity bound to nothing: every request is a real 403.
        clusterConfig(cp, 'forbidden', 'developer'),
        // An auth provider that needs the signed-in user's token, which watches lack.
        {
          name: 'per-user',
          url: cp.server,
          authProvider: 'oidc',
          oidcTokenProvider: 'okta',
        },
      ],
      entities: [entity],
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await cp?.stop();
  });

  it('reports a forbidden identity as an error with the API server’s explanation, while another cluster answers', async () => {
    const status = await waitForStatus(
      backend,
      entity,
      s =>
        clusterNamed(s.clusters, 'local').state === 'ready' &&
        clusterNamed(s.clusters, 'forbidden').state === 'error',
    );

    const forbidden = clusterNamed(status.clusters, 'forbidden');
    expect(forbidden.message).toContain(
      "The Backstage identity for cluster 'forbidden' may not list and watch",
    );
    expect(forbidden.message).toContain(
      'manifests/rbac/model-delivery-clusterrole.yaml',
    );
    expect(forbidden.message).toContain(
      'User "developer" cannot list resource',
    );

    expect(status.resources.map(r => [r.cluster, r.name])).toEqual([
      ['local', 'chat-models'],
    ]);
    expect(status.resources[0].items[0].phase).toBe('downloading');
  });

  it('reports a cluster the suite cannot use as an error naming why', async () => {
    const status = await waitForStatus(
      backend,
      entity,
      s => clusterNamed(s.clusters, 'per-user').state === 'error',
    );
    expect(clusterNamed(status.clusters, 'per-user').message).toContain(
      "authProvider 'oidc'",
    );
  });
});

describe('a kind whose CRD a cluster lacks', () => {
  let cp: ControlPlane;
  let backend: TestBackend;
  /** Installs one of the suite's CRDs, and waits until it is served. */
  const installOnly = async (file: string) => {
    const source = join(
      dirname(require.resolve('@internal/local-control-plane/package.json')),
      'crds',
      file,
    );
    const dir = mkdtempSync(join(tmpdir(), 'md-crds-'));
    copyFileSync(source, join(dir, file));
    await installCrds(cp.kubeConfig('admin'), dir);
    rmSync(dir, { recursive: true, force: true });
  };

  beforeAll(async () => {
    cp = await startControlPlane({ crds: false });
    await installOnly('modeldownloads.hfops.kamal.dev.yaml');
    await applyManifests(cp.kubeConfig('admin'), resources());
    backend = await startStatusBackend({
      clusters: [clusterConfig(cp, 'local')],
      entities: [entity],
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await cp?.stop();
  });

  it('is not an error: the cluster is ready, the kind is simply absent, and installing it later is picked up', async () => {
    const status = await waitForStatus(
      backend,
      entity,
      s => s.clusters[0].state === 'ready',
    );
    expect(status.clusters[0]).toMatchObject({
      state: 'ready',
      missingKinds: [
        'GemmaOnTPUServer',
        'LocalModelCache',
        'LocalModelNamespaceCache',
      ],
    });
    expect(status.clusters[0].message).toBeUndefined();
    expect(status.resources.map(r => r.kind)).toEqual(['ModelDownload']);

    await installOnly('gemmaontpuservers.kro.run.yaml');
    await applyManifests(cp.kubeConfig('admin'), [
      {
        apiVersion: 'kro.run/v1alpha1',
        kind: 'GemmaOnTPUServer',
        metadata: {
          name: 'gemma-chat',
          namespace: 'ml',
          labels: { 'backstage.io/kubernetes-id': 'chat-assistant' },
        },
        spec: { replicas: 1 },
      },
    ]);
    const later = await waitForStatus(backend, entity, s =>
      s.resources.some(r => r.kind === 'GemmaOnTPUServer'),
    );
    expect(later.clusters[0].missingKinds).toEqual([
      'LocalModelCache',
      'LocalModelNamespaceCache',
    ]);
  });
});
