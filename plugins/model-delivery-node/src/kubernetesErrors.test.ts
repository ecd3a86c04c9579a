import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader, JsonObject } from '@backstage/config';
import {
  AuthenticationError,
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { CoreV1Api, CustomObjectsApi, Watch } from '@kubernetes/client-node';
import {
  ControlPlane,
  freePort,
  startControlPlane,
} from '@internal/local-control-plane';
import { ConfigModelDeliveryClusters } from './clusters';
import { describeKubernetesError } from './kubernetesErrors';

jest.setTimeout(60_000);

const MODEL_DOWNLOADS = {
  group: 'hfops.kamal.dev',
  version: 'v1alpha1',
  plural: 'modeldownloads',
};

const modelDownload = (name: string, spec: JsonObject) => ({
  apiVersion: 'hfops.kamal.dev/v1alpha1',
  kind: 'ModelDownload',
  metadata: { name },
  spec,
});

describe('describeKubernetesError', () => {
  let cp: ControlPlane;
  let clusters: ConfigModelDeliveryClusters;

  const cluster = (name: string, extra: JsonObject): JsonObject => ({
    name,
    url: cp.server,
    authProvider: 'serviceAccount',
    caData: cp.caData,
    ...extra,
  });

  async function customObjects(clusterName: string) {
    const kc = await clusters.getCluster(clusterName).kubeConfig();
    return kc.makeApiClient(CustomObjectsApi);
  }

  /** The error a call rejects with; fails the test if it resolves. */
  async function failure(call: Promise<unknown>): Promise<unknown> {
    return call.then(
      result => {
        throw new Error(`expected a failure, got ${JSON.stringify(result)}`);
      },
      error => error,
    );
  }

  beforeAll(async () => {
    cp = await startControlPlane();
    const port = await freePort();
    clusters = ConfigModelDeliveryClusters.fromConfig(
      new ConfigReader({
        kubernetes: {
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: [
                cluster('admin', { serviceAccountToken: cp.token('admin') }),
                cluster('backstage', {
                  serviceAccountToken: cp.token('backstage'),
                }),
                cluster('developer', {
                  serviceAccountToken: cp.token('developer'),
                }),
                cluster('stale', { serviceAccountToken: 'not-a-valid-token' }),
                {
                  name: 'no-ca',
                  url: cp.server,
                  authProvider: 'serviceAccount',
                  serviceAccountToken: cp.token('admin'),
                },
                cluster('gone', {
                  url: `https://127.0.0.1:${port}`,
                  serviceAccountToken: cp.token('admin'),
                }),
              ],
            },
          ],
        },
      }),
      { logger: mockServices.logger.mock() },
    );
  });

  afterAll(async () => {
    await cp?.stop();
  });

  it('names the namespace and the Role to bind when a namespace refuses the suite (403)', async () => {
    // `default` is not opted in: the suite's identity has only the read-only ClusterRole there.
    const api = await customObjects('backstage');
    const original = await failure(
      api.createNamespacedCustomObject({
        ...MODEL_DOWNLOADS,
        namespace: 'default',
        body: modelDownload('gemma', {
          models: [{ name: 'google/gemma-2b' }],
          storagePVC: 'models',
          hfTokenRef: { name: 'hf-token', key: 'token' },
        }),
      }),
    );

    const described = describeKubernetesError(original, {
      action: 'create',
      cluster: 'backstage',
      resource: 'ModelDownload default/gemma',
    });

    expect(described).toBeInstanceOf(NotAllowedError);
    expect(described.message).toBe(
      'The Backstage identity for cluster \'backstage\' may not create ModelDownload default/gemma. Namespace \'default\' is not opted in for Model Delivery. A cluster admin of \'backstage\' opts it in by binding the Role backstage-model-delivery-writer (node_modules/@model-delivery/plugin-model-delivery-node/manifests/rbac/model-delivery-namespace-role.yaml) to the portal\'s identity in that namespace: kubectl apply -n default -f node_modules/@model-delivery/plugin-model-delivery-node/manifests/rbac/model-delivery-namespace-role.yaml && kubectl create rolebinding backstage-model-delivery -n default --role=backstage-model-delivery-writer --serviceaccount=<namespace>:<name> (docs/security.md) (the API server said: modeldownloads.hfops.kamal.dev is forbidden: User "backstage" cannot create resource "modeldownloads" in API group "hfops.kamal.dev" in the namespace "default")',
    );
    expect((described as NotAllowedError).cause).toBe(original);
  });

  it('names the ClusterRole to grant when a cluster-wide read or write is refused (403)', async () => {
    const kc = await clusters.getCluster('developer').kubeConfig();
    const read = describeKubernetesError(
      await failure(kc.makeApiClient(CoreV1Api).listNamespace()),
      { action: 'list', cluster: 'developer', resource: 'namespaces' },
    );
    expect(read).toBeInstanceOf(NotAllowedError);
    expect(read.message).toMatch(
      /^The Backstage identity for cluster 'developer' may not list namespaces. Grant it the ClusterRole backstage-model-delivery in node_modules\/@model-delivery\/plugin-model-delivery-node\/manifests\/rbac\/model-delivery-clusterrole.yaml \(docs\/security.md\) \(the API server said: .* at the cluster scope\)$/,
    );

    const write = describeKubernetesError(
      await failure(
        kc.makeApiClient(CustomObjectsApi).createClusterCustomObject({
          group: 'serving.kserve.io',
          version: 'v1alpha1',
          plural: 'localmodelcaches',
          body: {
            apiVersion: 'serving.kserve.io/v1alpha1',
            kind: 'LocalModelCache',
            metadata: { name: 'llama' },
            spec: {},
          },
        }),
      ),
      {
        action: 'create',
        cluster: 'developer',
        resource: 'LocalModelCache llama',
      },
    );
    expect(write.message).toContain(
      'may not create LocalModelCache llama. Grant it the ClusterRole backstage-model-delivery-cluster-writer in node_modules/@model-delivery/plugin-model-delivery-node/manifests/rbac/model-delivery-cluster-writer.yaml',
    );
  });

  it('points at the configured token when the cluster answers 401', async () => {
    const kc = await clusters.getCluster('stale').kubeConfig();
    const original = await failure(
      kc.makeApiClient(CoreV1Api).readNamespace({ name: 'default' }),
    );

    const described = describeKubernetesError(original, {
      action: 'get',
      cluster: 'stale',
      resource: 'namespace default',
    });

    expect(described).toBeInstanceOf(AuthenticationError);
    expect(described.message).toBe(
      "Cluster 'stale' rejected the credentials Backstage used to get namespace default (401 Unauthorized): check the token configured for cluster 'stale' in kubernetes.clusterLocatorMethods (serviceAccountToken, or the credentials its authProvider uses)",
    );
  });

  it('describes a Watch that ends with 401 the same way', async () => {
    const kc = await clusters.getCluster('stale').kubeConfig();
    const original = await new Promise(resolve => {
      new Watch(kc)
        .watch(
          '/apis/hfops.kamal.dev/v1alpha1/modeldownloads',
          {},
          () => {},
          resolve,
        )
        .catch(resolve);
    });

    const described = describeKubernetesError(original, {
      action: 'watch',
      cluster: 'stale',
      resource: 'modeldownloads.hfops.kamal.dev',
    });

    expect(described).toBeInstanceOf(AuthenticationError);
    expect(described.message).toContain(
      "Cluster 'stale' rejected the credentials Backstage used to watch modeldownloads.hfops.kamal.dev",
    );
  });

  it('lists the invalid fields of a 422, and nothing of the request body', async () => {
    const api = await customObjects('admin');
    const original = await failure(
      api.createNamespacedCustomObject({
        ...MODEL_DOWNLOADS,
        namespace: 'default',
        body: modelDownload('no-pvc', {
          models: [{ name: 'google/gemma-2b' }],
          hfTokenRef: { name: 'secret-holding-the-token', key: 'token' },
        }),
      }),
    );

    const described = describeKubernetesError(original, {
      action: 'create',
      cluster: 'admin',
      resource: 'ModelDownload default/no-pvc',
    });

    expect(described).toBeInstanceOf(InputError);
    expect(described.message).toBe(
      "Cannot create ModelDownload default/no-pvc in cluster 'admin': the API server rejected it as invalid: spec.storagePVC: Required value",
    );
    expect(described.message).not.toContain('secret-holding-the-token');
  });

  it('says the CRD is not installed when the cluster does not serve the resource type', async () => {
    const api = await customObjects('admin');
    // KServe's ServingRuntime: a real CRD that the local control plane does not install.
    const original = await failure(
      api.listNamespacedCustomObject({
        group: 'serving.kserve.io',
        version: 'v1alpha1',
        plural: 'servingruntimes',
        namespace: 'default',
      }),
    );

    const described = describeKubernetesError(original, {
      action: 'list',
      cluster: 'admin',
      resource: 'servingruntimes.serving.kserve.io',
    });

    expect(described).toBeInstanceOf(NotFoundError);
    expect(described.message).toBe(
      "Cannot list servingruntimes.serving.kserve.io in cluster 'admin': the cluster does not serve this resource type, so its CRD (and the operator that handles it) is not installed there",
    );
  });

  it('says a missing object is not found, without blaming the CRD', async () => {
    const api = await customObjects('backstage');
    const original = await failure(
      api.getNamespacedCustomObject({
        ...MODEL_DOWNLOADS,
        namespace: 'default',
        name: 'nope',
      }),
    );

    const described = describeKubernetesError(original, {
      action: 'get',
      cluster: 'backstage',
      resource: 'ModelDownload default/nope',
    });

    expect(described).toBeInstanceOf(NotFoundError);
    expect(described.message).toBe(
      'Cannot get ModelDownload default/nope in cluster \'backstage\': not found (the API server said: modeldownloads.hfops.kamal.dev "nope" not found)',
    );
  });

  it('says an object already exists on 409', async () => {
    const api = await customObjects('admin');
    const create = () =>
      api.createNamespacedCustomObject({
        ...MODEL_DOWNLOADS,
        namespace: 'default',
        body: modelDownload('twice', {
          models: [{ name: 'google/gemma-2b' }],
          storagePVC: 'models',
          hfTokenRef: { name: 'hf-token', key: 'token' },
        }),
      });
    await create();
    const original = await failure(create());

    const described = describeKubernetesError(original, {
      action: 'create',
      cluster: 'admin',
      resource: 'ModelDownload default/twice',
    });

    expect(described).toBeInstanceOf(ConflictError);
    expect(described.message).toBe(
      'Cannot create ModelDownload default/twice in cluster \'admin\': it already exists (the API server said: modeldownloads.hfops.kamal.dev "twice" already exists)',
    );
  });

  it('names the URL and the network error of a cluster it cannot reach', async () => {
    const gone = clusters.getCluster('gone');
    const api = (await gone.kubeConfig()).makeApiClient(CoreV1Api);
    const original = await failure(api.readNamespace({ name: 'default' }));

    const described = describeKubernetesError(original, {
      action: 'get',
      cluster: 'gone',
      resource: 'namespace default',
    });

    expect(described).toBeInstanceOf(ServiceUnavailableError);
    expect(described.message).toBe(
      `Cannot reach cluster 'gone' at ${gone.url} to get namespace default: ECONNREFUSED`,
    );
  });

  it('says to configure the CA when the API server certificate is not trusted', async () => {
    const api = (await clusters.getCluster('no-ca').kubeConfig()).makeApiClient(
      CoreV1Api,
    );
    const original = await failure(api.readNamespace({ name: 'default' }));

    const described = describeKubernetesError(original, {
      action: 'get',
      cluster: 'no-ca',
      resource: 'namespace default',
      url: cp.server,
    });

    expect(described).toBeInstanceOf(ServiceUnavailableError);
    expect(described.message).toBe(
      `Cannot reach cluster 'no-ca' at ${cp.server} to get namespace default: SELF_SIGNED_CERT_IN_CHAIN. The API server's certificate is not trusted: set caData or caFile for the cluster to the CA that signed it`,
    );
  });

  it('keeps the context of an error it does not recognise', () => {
    const original = new Error('socket hang up');
    const described = describeKubernetesError(original, {
      action: 'patch',
      cluster: 'admin',
      resource: 'ModelDownload default/gemma',
    });
    expect(described.message).toBe(
      "Cannot patch ModelDownload default/gemma in cluster 'admin': socket hang up",
    );
    expect(described.cause).toBe(original);
  });
});
