import { applyManifests } from '@internal/local-control-plane';
import { ClusterStatus } from '@model-delivery/plugin-model-delivery-common';
import {
  KubeObject,
  ObjectRef,
  chatAssistant,
  clusterConfig,
  getObject,
  givenObjects,
  installCrd,
  jobPodsGo,
  modelDownloadWithJob,
} from '@model-delivery/test-kit';
import { waitForStatus, statusScene } from '../__testUtils__/statusBackend';

jest.setTimeout(120_000);

const entity = chatAssistant;
const chatModels = modelDownloadWithJob({
  resource: 'chat-models',
  namespace: 'ml',
  kubernetesId: 'chat-assistant',
  models: ['org/model'],
});
const resources = () => [chatModels.namespace, chatModels.resource];
const { job } = chatModels;

const clusterNamed = (clusters: ClusterStatus[], name: string) => {
  const cluster = clusters.find(c => c.name === name);
  if (!cluster)
    throw new Error(`no cluster ${name} in ${JSON.stringify(clusters)}`);
  return cluster;
};

describe('an API server that stops and comes back', () => {
  const scene = statusScene({
    manifests: () => chatModels.manifests,
    entities: [entity],
  });

  it('is reported unreachable with the last data marked stale, then ready again with later changes', async () => {
    await waitForStatus(
      scene.backend,
      entity,
      s => s.clusters[0].state === 'ready' && s.resources.length === 1,
    );

    await scene.cp.stopApiServer();
    const down = await waitForStatus(
      scene.backend,
      entity,
      s => s.clusters[0].state === 'unreachable',
    );
    const local = down.clusters[0];
    expect(local.message).toContain(
      `Cannot reach cluster 'local' at ${scene.cp.server}`,
    );
    // The last known data is still shown, and says how old it is.
    expect(local.lastSyncedAt).toBeDefined();
    expect(Date.parse(local.lastSyncedAt!)).toBeLessThanOrEqual(
      Date.parse(down.generatedAt),
    );
    expect(down.resources[0].items[0].phase).toBe('downloading');

    await scene.cp.startApiServer();
    await waitForStatus(
      scene.backend,
      entity,
      s => s.clusters[0].state === 'ready',
    );

    // A change made after the restart reaches the page: the cache listed and watches again.
    // The download finishes: its container exits 0 and the Job controller completes the Job.
    await givenObjects(
      scene.admin,
      jobPodsGo('ml', job.metadata!.name!, { state: 'completed' }),
      job,
    );
    const after = await waitForStatus(
      scene.backend,
      entity,
      s => s.resources[0]?.items[0]?.state === 'completed',
    );
    const completed = await getObject<KubeObject>(
      scene.admin,
      job as ObjectRef,
    );
    expect(after.resources[0].items[0].finishedAt).toBe(
      completed!.status.completionTime,
    );
    expect(after.clusters[0].state).toBe('ready');
  });
});

describe('clusters that cannot be watched', () => {
  const scene = statusScene({
    manifests: () => chatModels.manifests,
    clusters: plane => [
      clusterConfig(plane, 'local'),
      // Same API server, an identity bound to nothing: every request is a real 403.
      clusterConfig(plane, 'forbidden', 'developer'),
      // An auth provider that needs the signed-in user's token, which watches lack.
      {
        name: 'per-user',
        url: plane.server,
        authProvider: 'oidc',
        oidcTokenProvider: 'okta',
      },
    ],
    entities: [entity],
  });

  it('reports a forbidden identity as an error with the API server’s explanation, while another cluster answers', async () => {
    const status = await waitForStatus(
      scene.backend,
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
      scene.backend,
      entity,
      s => clusterNamed(s.clusters, 'per-user').state === 'error',
    );
    expect(clusterNamed(status.clusters, 'per-user').message).toContain(
      "authProvider 'oidc'",
    );
  });
});

describe('a kind whose CRD a cluster lacks', () => {
  const scene = statusScene({
    controlPlane: { crds: false },
    prepare: admin => installCrd(admin, 'modeldownloads.hfops.kamal.dev'),
    manifests: resources,
    entities: [entity],
  });

  it('is not an error: the cluster is ready, the kind is simply absent, and installing it later is picked up', async () => {
    const status = await waitForStatus(
      scene.backend,
      entity,
      s => s.clusters[0].state === 'ready',
    );
    expect(status.clusters[0]).toMatchObject({
      state: 'ready',
      missingKinds: [
        'GemmaOnTPUServer',
        'LocalModelCache',
        'LocalModelNamespaceCache',
        'InferenceService',
        'LLMInferenceService',
      ],
    });
    expect(status.clusters[0].message).toBeUndefined();
    expect(status.resources.map(r => r.kind)).toEqual(['ModelDownload']);

    await installCrd(scene.admin, 'gemmaontpuservers.kro.run');
    await applyManifests(scene.admin, [
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
    const later = await waitForStatus(scene.backend, entity, s =>
      s.resources.some(r => r.kind === 'GemmaOnTPUServer'),
    );
    expect(later.clusters[0].missingKinds).toEqual([
      'LocalModelCache',
      'LocalModelNamespaceCache',
      'InferenceService',
      'LLMInferenceService',
    ]);
  });
});
