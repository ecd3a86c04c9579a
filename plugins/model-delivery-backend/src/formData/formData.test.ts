import { TestBackend, mockCredentials } from '@backstage/backend-test-utils';
import {
  ControlPlane,
  FAKE_HUB_ACCEPTED_TOKEN,
  FAKE_HUB_SAMPLE_TOKEN,
  FakeHuggingFaceHub,
  clusterConfig,
  fakeHubModel,
  fakeHubModelBytes,
  kubernetesConfig,
  startControlPlane,
  startFakeHuggingFaceHub,
} from '@internal/local-control-plane';
import { ApiextensionsV1Api } from '@kubernetes/client-node';
import {
  FormClustersResponse,
  FormNodeGroupsResponse,
  FormPersistentVolumeClaimsResponse,
  FormSecretsResponse,
  HubModelsCheckResponse,
  RESOURCE_KINDS,
  modelDeliveryFormDataReadPermission,
  modelDeliveryHubCheckPermission,
} from '@model-delivery/plugin-model-delivery-common';
import {
  givenObjects,
  localModelNodeGroup,
  optedInNamespace,
  requestCountsByScope,
  secret,
} from '@model-delivery/test-kit';
import request from 'supertest';
import {
  startPortalBackend,
  teamPolicy,
} from '@model-delivery/test-kit/portal';

jest.setTimeout(180_000);

const NS = 'ml-models';
/** Values the Secret list must never carry, in any encoding. */
const TOKEN_VALUE = 'hf_FormsMustNeverShowThis13bQwErTy';
const OTHER_VALUE = 'another-value-nobody-may-read-4242';
/** Where the Hub check's token Secret is: the stand-in Hub's sample token. */
const HUB_NS = 'hub-check';
/** Listed by one test only: nothing else has its list cached. */
const QUIET_NS = 'quiet';
/** More Secrets than one LIST page holds. */
const MANY_NS = 'many-secrets';
const GATED = 'meta-llama/Llama-3.2-1B-Instruct';
const OPEN = 'Qwen/Qwen2.5-0.5B-Instruct';

/** An adopter's policy: `outsider` may not use the forms' routes, `no-hub` not the Hub check. */
const policy = teamPolicy({
  refused: {
    'user:default/outsider': [
      modelDeliveryFormDataReadPermission.name,
      modelDeliveryHubCheckPermission.name,
    ],
    'user:default/no-hub': [modelDeliveryHubCheckPermission.name],
  },
});

/*
 * The template forms' picker routes on the real portal backend (real permission backend)
 * reading a real API server as three clusters: `local` with the suite's ClusterRole,
 * `local-developer` with an identity bound to nothing (every read a real 403), and
 * `offline`, whose API server does not exist.
 */
describe('the template forms’ routes', () => {
  let cp: ControlPlane;
  let backend: TestBackend;
  let hub: FakeHuggingFaceHub;

  const get = (path: string, user = 'user:default/mock') =>
    request(backend.server)
      .get(`/api/model-delivery/form-data/${path}`)
      .set('Authorization', mockCredentials.user.header(user));

  /** Asks until `check` accepts the answer: watches and deletions settle asynchronously. */
  async function eventually<T>(
    ask: () => Promise<request.Response>,
    check: (body: T) => boolean,
    what: string,
  ): Promise<T> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const response = await ask();
      if (response.status === 200 && check(response.body)) return response.body;
      if (Date.now() > deadline) {
        throw new Error(
          `${what} never came; last answer ${response.status}: ${response.text}`,
        );
      }
      await new Promise(r => setTimeout(r, 250));
    }
  }

  beforeAll(async () => {
    [cp, hub] = await Promise.all([
      startControlPlane(),
      startFakeHuggingFaceHub(),
    ]);
    await givenObjects(
      cp.kubeConfig('admin'),
      ...optedInNamespace(NS),
      ...optedInNamespace(HUB_NS),
      ...optedInNamespace(MANY_NS),
      ...optedInNamespace(QUIET_NS),
      ...Array.from({ length: 120 }, (_, i) =>
        secret(MANY_NS, `app-${String(i).padStart(3, '0')}`, {
          [`key-${i}`]: `value-${i}`,
        }),
      ),
      secret(HUB_NS, 'hf-token', { token: `${FAKE_HUB_SAMPLE_TOKEN}\n` }),
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'model-store', namespace: NS },
        spec: {
          accessModes: ['ReadWriteOnce'],
          resources: { requests: { storage: '100Gi' } },
          storageClassName: 'standard',
        },
        // Bound to a larger volume than asked for: the capacity is the volume's.
        status: {
          phase: 'Bound',
          accessModes: ['ReadWriteOnce'],
          capacity: { storage: '200Gi' },
        },
      },
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'scratch', namespace: NS },
        spec: {
          accessModes: ['ReadWriteMany'],
          resources: { requests: { storage: '10Gi' } },
        },
      },
      secret(NS, 'hf-token', {
        token: TOKEN_VALUE,
        'a-first-key': OTHER_VALUE,
      }),
      secret(
        NS,
        'registry',
        { '.dockerconfigjson': '{}' },
        'kubernetes.io/dockerconfigjson',
      ),
      localModelNodeGroup('gpu-pool'),
      {
        ...localModelNodeGroup('cpu-pool'),
        spec: {
          ...(localModelNodeGroup('cpu-pool').spec as object),
          storageLimit: '500Gi',
        },
      },
    );
    backend = await startPortalBackend({
      plugin: '@model-delivery/plugin-model-delivery-backend',
      controlPlane: cp,
      entities: [],
      policy,
      config: {
        kubernetes: kubernetesConfig([
          clusterConfig(cp, 'local'),
          clusterConfig(cp, 'local-developer', 'developer'),
          // Nothing listens on port 1: connections are refused at once.
          clusterConfig(cp, 'offline', 'backstage', 'https://127.0.0.1:1'),
        ]),
        modelDelivery: {
          status: { maxReconnectDelaySeconds: 1, crdRecheckIntervalSeconds: 1 },
          // The configured token's user accepted every gated model's terms.
          huggingFace: { endpoint: hub.url, token: FAKE_HUB_ACCEPTED_TOKEN },
        },
      },
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await Promise.all([cp?.stop(), hub?.stop()]);
  });

  it('lists every configured cluster, reachable or not, with the kinds it serves', async () => {
    const body = await eventually<FormClustersResponse>(
      () => get('clusters'),
      b =>
        b.items.find(c => c.name === 'local')?.reachable === true &&
        b.items.find(c => c.name === 'offline')?.problem?.reason ===
          'unreachable' &&
        b.items.find(c => c.name === 'local-developer')?.problem?.reason ===
          'forbidden',
      'every cluster in its state',
    );
    expect(body.items.map(c => c.name)).toEqual([
      'local',
      'local-developer',
      'offline',
    ]);
    expect(body.items[0]).toEqual({
      name: 'local',
      reachable: true,
      servedKinds: RESOURCE_KINDS.map(k => k.kind),
    });
    expect(body.items[1]).toMatchObject({ reachable: false });
    expect(body.items[1].problem!.message).toContain('local-developer');
    expect(body.items[2]).toMatchObject({ reachable: false, servedKinds: [] });
    expect(body.items[2].problem!.message).toContain('offline');
  });

  it('lists namespaces', async () => {
    const response = await get('namespaces?cluster=local');
    expect(response.status).toBe(200);
    expect(response.body.cluster).toBe('local');
    expect(response.body.problem).toBeUndefined();
    const names = response.body.items.map((n: { name: string }) => n.name);
    expect(names).toEqual(expect.arrayContaining(['default', NS]));
    expect(names).toEqual([...names].sort());
  });

  it('lists PersistentVolumeClaims with their capacity, access modes and phase', async () => {
    const response = await get(
      `persistent-volume-claims?cluster=local&namespace=${NS}`,
    );
    expect(response.status).toBe(200);
    expect(response.body).toEqual<FormPersistentVolumeClaimsResponse>({
      cluster: 'local',
      namespace: NS,
      items: [
        {
          name: 'model-store',
          capacity: '200Gi',
          capacityBytes: 200 * 2 ** 30,
          accessModes: ['ReadWriteOnce'],
          phase: 'Bound',
          storageClassName: 'standard',
        },
        {
          name: 'scratch',
          capacity: '10Gi',
          capacityBytes: 10 * 2 ** 30,
          accessModes: ['ReadWriteMany'],
          phase: 'Pending',
        },
      ],
    });
  });

  it('lists Secrets by name and key names, and no value appears anywhere in the answer', async () => {
    const response = await get(`secrets?cluster=local&namespace=${NS}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual<FormSecretsResponse>({
      cluster: 'local',
      namespace: NS,
      items: [
        { name: 'hf-token', type: 'Opaque', keys: ['a-first-key', 'token'] },
        {
          name: 'registry',
          type: 'kubernetes.io/dockerconfigjson',
          keys: ['.dockerconfigjson'],
        },
      ],
    });
    for (const value of [TOKEN_VALUE, OTHER_VALUE]) {
      expect(response.text).not.toContain(value);
      expect(response.text).not.toContain(
        Buffer.from(value).toString('base64'),
      );
    }
  });

  /**
   * The API server's count of Secret LISTs in one namespace: the form route's. The
   * controller-manager's informers list Secrets too, across the cluster, whenever they
   * (re)start.
   */
  const namespaceSecretLists = async () =>
    requestCountsByScope(await cp.metrics(), 'secrets')['LIST namespace'] ?? 0;

  it("reads a list once for concurrent and repeated requests (the cluster's LIST count)", async () => {
    const before = await namespaceSecretLists();
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        get(`secrets?cluster=local&namespace=${QUIET_NS}`),
      ),
    );
    expect(answers.map(a => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect((await namespaceSecretLists()) - before).toBe(1);
  });

  it('lists every Secret of a namespace, page after page', async () => {
    const before = await namespaceSecretLists();
    const response = await get(`secrets?cluster=local&namespace=${MANY_NS}`);
    expect(response.status).toBe(200);
    const { items } = response.body as FormSecretsResponse;
    expect(items.filter(s => s.name.startsWith('app-'))).toHaveLength(120);
    expect(items.find(s => s.name === 'app-119')?.keys).toEqual(['key-119']);
    // Several pages, so no page holds every Secret's values at once.
    expect((await namespaceSecretLists()) - before).toBeGreaterThan(1);
  });

  it("lists KServe's LocalModelNodeGroups with their storage limits", async () => {
    const response = await get('node-groups?cluster=local');
    expect(response.status).toBe(200);
    expect(response.body).toEqual<FormNodeGroupsResponse>({
      cluster: 'local',
      items: [
        {
          name: 'cpu-pool',
          storageLimit: '500Gi',
          storageLimitBytes: 500 * 2 ** 30,
        },
        { name: 'gpu-pool', storageLimit: '1Ti', storageLimitBytes: 2 ** 40 },
      ],
    });
  });

  it.each([
    [
      'namespaces?cluster=local-developer',
      'namespaces',
      'Grant it the ClusterRole backstage-model-delivery in node_modules/@model-delivery/plugin-model-delivery-node/manifests/rbac/model-delivery-clusterrole.yaml',
    ],
    [
      `persistent-volume-claims?cluster=local-developer&namespace=${NS}`,
      'persistentvolumeclaims',
      `Namespace '${NS}' is not opted in for Model Delivery. A cluster admin of 'local-developer' opts it in by binding the Role backstage-model-delivery-writer (node_modules/@model-delivery/plugin-model-delivery-node/manifests/rbac/model-delivery-namespace-role.yaml)`,
    ],
    [
      `secrets?cluster=local-developer&namespace=${NS}`,
      'secrets',
      `Namespace '${NS}' is not opted in for Model Delivery. A cluster admin of 'local-developer' opts it in by binding the Role backstage-model-delivery-writer (node_modules/@model-delivery/plugin-model-delivery-node/manifests/rbac/model-delivery-namespace-role.yaml)`,
    ],
    [
      'node-groups?cluster=local-developer',
      'localmodelnodegroups',
      'Grant it the ClusterRole backstage-model-delivery in node_modules/@model-delivery/plugin-model-delivery-node/manifests/rbac/model-delivery-clusterrole.yaml',
    ],
  ])(
    'turns the cluster’s 403 for %s into a problem naming the cluster, the verb, the resource and the role to bind',
    async (path, resource, advice) => {
      const response = await get(path);
      expect(response.status).toBe(200);
      expect(response.body.items).toEqual([]);
      expect(response.body.problem.reason).toBe('forbidden');
      const { message } = response.body.problem;
      expect(message).toContain("cluster 'local-developer'");
      expect(message).toContain(`may not list ${resource}`);
      expect(message).toContain(advice);
    },
  );

  it('says a cluster that does not answer is unreachable', async () => {
    const response = await get(`secrets?cluster=offline&namespace=${NS}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      cluster: 'offline',
      items: [],
      problem: { reason: 'unreachable' },
    });
    expect(response.body.problem.message).toContain(
      "Cannot reach cluster 'offline'",
    );
  });

  it('refuses a caller without model-delivery.form-data.read', async () => {
    for (const path of [
      'clusters',
      'namespaces?cluster=local',
      `persistent-volume-claims?cluster=local&namespace=${NS}`,
      `secrets?cluster=local&namespace=${NS}`,
      'node-groups?cluster=local',
    ]) {
      const response = await get(path, 'user:default/outsider');
      expect(response.status).toBe(403);
      expect(response.body.error.message).toContain(
        modelDeliveryFormDataReadPermission.name,
      );
      expect(response.text).not.toContain('hf-token');
    }
  });

  it('answers a bad parameter with a 400 naming it and the rule', async () => {
    const unknown = await get(`secrets?cluster=prod&namespace=${NS}`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toBe(
      "cluster: Unknown cluster 'prod'. Configured clusters: local, local-developer, offline",
    );

    const badNamespace = await get('secrets?cluster=local&namespace=ML_Models');
    expect(badNamespace.status).toBe(400);
    expect(badNamespace.body.error.message).toMatch(
      /^namespace: 'ML_Models' is not a valid Kubernetes namespace name/,
    );

    const noNamespace = await get('persistent-volume-claims?cluster=local');
    expect(noNamespace.status).toBe(400);
    expect(noNamespace.body.error.message).toMatch(
      /required property 'namespace'/,
    );
  });

  const checkModels = (body: unknown, user = 'user:default/mock') =>
    request(backend.server)
      .post('/api/model-delivery/form-data/hugging-face/models')
      .set('Authorization', mockCredentials.user.header(user))
      .send(body as object);

  const tokenSecret = (overrides: Record<string, string> = {}) => ({
    cluster: 'local',
    namespace: HUB_NS,
    name: 'hf-token',
    key: 'token',
    ...overrides,
  });

  it("asks the Hub with the token of the form's Secret: a gated model whose terms its user did not accept, a readable one with its size, a missing one", async () => {
    const response = await checkModels({
      models: [
        { id: GATED },
        { id: OPEN, revision: 'main' },
        { id: 'nobody/nothing' },
      ],
      tokenSecret: tokenSecret(),
    });
    expect(response.status).toBe(200);
    const body: HubModelsCheckResponse = response.body;
    expect(body).toMatchObject({
      hubUrl: hub.url,
      tokenSource: 'secret',
      models: [
        {
          id: GATED,
          access: 'gated',
          gated: 'manual',
          url: `${hub.url}/${GATED}`,
        },
        {
          id: OPEN,
          revision: 'main',
          access: 'readable',
          totalBytes: fakeHubModelBytes(fakeHubModel(OPEN)!),
          license: 'apache-2.0',
        },
        { id: 'nobody/nothing', access: 'missing' },
      ],
    });
    expect(body.problem).toBeUndefined();
    expect(body.models[0].message).toContain(`${hub.url}/${GATED}`);
    expect(response.text).not.toContain(FAKE_HUB_SAMPLE_TOKEN);
  });

  it('asks with the configured token when the form names no Secret, and never shows it', async () => {
    const response = await checkModels({ models: [{ id: GATED }] });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      tokenSource: 'config',
      models: [{ id: GATED, access: 'readable' }],
    });
    expect(response.text).not.toContain(FAKE_HUB_ACCEPTED_TOKEN);
  });

  it('says why the token Secret could not be read, without asking the Hub', async () => {
    const asked = hub.requests.length;
    const forbidden = await checkModels({
      models: [{ id: OPEN }],
      tokenSecret: tokenSecret({ cluster: 'local-developer' }),
    });
    expect(forbidden.status).toBe(200);
    expect(forbidden.body).toMatchObject({
      tokenSource: 'secret',
      models: [{ id: OPEN, access: 'unknown' }],
    });
    expect(forbidden.body.problem).toContain(
      `The Backstage identity for cluster 'local-developer' may not get Secret ${HUB_NS}/hf-token`,
    );

    const noKey = await checkModels({
      models: [{ id: OPEN }],
      tokenSecret: tokenSecret({ key: 'HF_TOKEN' }),
    });
    expect(noKey.body.problem).toBe(
      `The Secret ${HUB_NS}/hf-token in cluster 'local' has no key 'HF_TOKEN': choose the key that holds the Hugging Face token.`,
    );

    const noSecret = await checkModels({
      models: [{ id: OPEN }],
      tokenSecret: tokenSecret({ name: 'no-such-secret' }),
    });
    expect(noSecret.body.problem).toContain('no-such-secret');
    expect(hub.requests.length).toBe(asked);
  });

  it('refuses a caller without model-delivery.hugging-face.check', async () => {
    for (const user of ['user:default/no-hub', 'user:default/outsider']) {
      const response = await checkModels(
        { models: [{ id: OPEN }], tokenSecret: tokenSecret() },
        user,
      );
      expect(response.status).toBe(403);
      expect(response.body.error.message).toContain(
        modelDeliveryHubCheckPermission.name,
      );
    }
  });

  it('answers a bad Hub check with a 400 naming each field and its rule', async () => {
    const response = await checkModels({
      models: [{ id: 'org/bad--name' }, { id: OPEN, revision: 'has space' }],
      tokenSecret: tokenSecret({ cluster: 'prod', namespace: 'Bad_NS' }),
    });
    expect(response.status).toBe(400);
    const { message } = response.body.error;
    expect(message).toContain('models[0].id:');
    expect(message).toContain('models[1].revision:');
    expect(message).toContain(
      "tokenSecret.cluster: unknown cluster 'prod'; configured clusters: local, local-developer, offline",
    );
    expect(message).toContain('tokenSecret.namespace:');
  });

  // Last: it removes CRDs from the shared control plane.
  it('says when the cluster does not serve a CRD: node groups not-served, the kind gone from the cluster', async () => {
    const crds = cp.kubeConfig('admin').makeApiClient(ApiextensionsV1Api);
    await crds.deleteCustomResourceDefinition({
      name: 'localmodelnodegroups.serving.kserve.io',
    });
    await crds.deleteCustomResourceDefinition({
      name: 'gemmaontpuservers.kro.run',
    });

    const nodeGroups = await eventually<FormNodeGroupsResponse>(
      () => get('node-groups?cluster=local'),
      b => b.problem?.reason === 'not-served',
      'not-served',
    );
    expect(nodeGroups.items).toEqual([]);
    expect(nodeGroups.problem!.message).toContain(
      'localmodelnodegroups.serving.kserve.io',
    );
    expect(nodeGroups.problem!.message).toContain('CRD');

    await eventually<FormClustersResponse>(
      () => get('clusters'),
      b => {
        const local = b.items.find(c => c.name === 'local');
        return (
          local?.reachable === true &&
          !local.servedKinds.includes('GemmaOnTPUServer') &&
          local.servedKinds.includes('ModelDownload')
        );
      },
      'GemmaOnTPUServer no longer served',
    );
  });
});
