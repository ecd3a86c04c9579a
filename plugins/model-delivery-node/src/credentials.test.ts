import { Agent } from 'node:https';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ServiceUnavailableError } from '@backstage/errors';
import {
  AuthenticationStrategy,
  KubernetesCredential,
} from '@backstage/plugin-kubernetes-node';
import {
  CustomObjectsApi,
  HttpMethod,
  KubeConfig,
  RequestContext,
  Watch,
} from '@kubernetes/client-node';
import { ControlPlane, startControlPlane } from '@internal/local-control-plane';
import { ConfigModelDeliveryClusters } from './clusters';
import { DEFAULT_CREDENTIAL_MAX_AGE_MS } from './credentials';
import { describeKubernetesError } from './kubernetesErrors';

jest.setTimeout(60_000);

const MODEL_DOWNLOADS = {
  group: 'hfops.kamal.dev',
  version: 'v1alpha1',
  plural: 'modeldownloads',
};

/** A credential source whose answer the test changes, as a token rotation would. */
function rotatingStrategy(initial: KubernetesCredential) {
  let current = initial;
  const getCredential = jest.fn(async () => current);
  const strategy: AuthenticationStrategy = {
    getCredential,
    validateCluster: () => [],
    presentAuthMetadata: () => ({}),
  };
  return {
    strategy,
    getCredential,
    rotateTo(next: KubernetesCredential) {
      current = next;
    },
  };
}

const bearer = (token: string): KubernetesCredential => ({
  type: 'bearer token',
  token,
});

type WatchOutcome = { type?: string; name?: string; error?: any };

/** Watches ModelDownloads cluster-wide, as the status plugin does, until the first event or failure. */
async function firstWatchEvent(kc: KubeConfig): Promise<WatchOutcome> {
  let settle!: (outcome: WatchOutcome) => void;
  const outcome = new Promise<WatchOutcome>(resolve => {
    settle = resolve;
  });
  const controller = await new Watch(kc).watch(
    `/apis/${MODEL_DOWNLOADS.group}/${MODEL_DOWNLOADS.version}/${MODEL_DOWNLOADS.plural}`,
    {},
    (type, obj) => settle({ type, name: obj?.metadata?.name }),
    error => settle({ error }),
  );
  const result = await outcome;
  controller.abort();
  return result;
}

/** Pretends `ms` have passed, for credential ageing. */
function later(ms: number) {
  const now = Date.now();
  return jest.spyOn(Date, 'now').mockReturnValue(now + ms);
}

describe('cluster credentials', () => {
  let cp: ControlPlane;

  beforeAll(async () => {
    cp = await startControlPlane();
    await cp
      .kubeConfig('admin')
      .makeApiClient(CustomObjectsApi)
      .createNamespacedCustomObject({
        ...MODEL_DOWNLOADS,
        namespace: 'default',
        body: {
          apiVersion: 'hfops.kamal.dev/v1alpha1',
          kind: 'ModelDownload',
          metadata: { name: 'gemma' },
          spec: {
            models: [{ name: 'google/gemma-2b' }],
            storagePVC: 'models',
            hfTokenRef: { name: 'hf-token', key: 'token' },
          },
        },
      });
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await cp?.stop();
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  function clustersWith(strategy: AuthenticationStrategy) {
    return ConfigModelDeliveryClusters.fromConfig(
      new ConfigReader({
        kubernetes: {
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: [
                {
                  name: 'local',
                  url: cp.server,
                  authProvider: 'rotating',
                  caData: cp.caData,
                },
              ],
            },
          ],
        },
      }),
      {
        logger: mockServices.logger.mock(),
        authStrategies: { rotating: strategy },
      },
    );
  }

  it('lets a Watch and an API client made earlier pick up a rotated token', async () => {
    const source = rotatingStrategy(bearer('revoked-token'));
    const kc = await clustersWith(source.strategy)
      .getCluster('local')
      .kubeConfig();
    const api = kc.makeApiClient(CustomObjectsApi);

    expect((await firstWatchEvent(kc)).error?.statusCode).toBe(401);
    await expect(
      api.listClusterCustomObject(MODEL_DOWNLOADS),
    ).rejects.toMatchObject({ code: 401 });

    source.rotateTo(bearer(cp.token('backstage')));
    later(DEFAULT_CREDENTIAL_MAX_AGE_MS + 1000);

    expect(await firstWatchEvent(kc)).toEqual({
      type: 'ADDED',
      name: 'gemma',
    });
    const list = await api.listClusterCustomObject(MODEL_DOWNLOADS);
    expect(list.items.map((i: any) => i.metadata.name)).toEqual(['gemma']);
  });

  it('asks the credential source once for concurrent requests, and again once the credential is old', async () => {
    const source = rotatingStrategy(bearer(cp.token('backstage')));
    const cluster = clustersWith(source.strategy).getCluster('local');
    const api = (await cluster.kubeConfig()).makeApiClient(CustomObjectsApi);
    // A second KubeConfig for the same cluster shares the credential.
    const other = (await cluster.kubeConfig()).makeApiClient(CustomObjectsApi);

    await Promise.all([
      api.listClusterCustomObject(MODEL_DOWNLOADS),
      api.listClusterCustomObject(MODEL_DOWNLOADS),
      other.listClusterCustomObject(MODEL_DOWNLOADS),
    ]);
    await other.listClusterCustomObject(MODEL_DOWNLOADS);
    expect(source.getCredential).toHaveBeenCalledTimes(1);

    later(DEFAULT_CREDENTIAL_MAX_AGE_MS + 1000);
    await api.listClusterCustomObject(MODEL_DOWNLOADS);
    expect(source.getCredential).toHaveBeenCalledTimes(2);
  });

  it('presents an x509 client certificate credential on every request path', async () => {
    const source = rotatingStrategy({
      type: 'x509 client certificate',
      cert: 'CLIENT CERT PEM',
      key: 'CLIENT KEY PEM',
    });
    const kc = await clustersWith(source.strategy)
      .getCluster('local')
      .kubeConfig();

    // The path Watch and informers take.
    const fetchOptions = await kc.applyToFetchOptions({});
    expect((fetchOptions.agent as Agent).options).toMatchObject({
      cert: 'CLIENT CERT PEM',
      key: 'CLIENT KEY PEM',
    });
    // client-node 1.4 returns node-fetch Headers here.
    const headers = fetchOptions.headers as { has(name: string): boolean };
    expect(headers.has('Authorization')).toBe(false);

    // The path clients from makeApiClient take.
    const context = new RequestContext(`${cp.server}/api`, HttpMethod.GET);
    await kc.applySecurityAuthentication(context);
    expect((context.getAgent() as Agent).options).toMatchObject({
      cert: 'CLIENT CERT PEM',
      key: 'CLIENT KEY PEM',
    });
  });

  it('names the cluster and auth provider when no credential can be obtained', async () => {
    const strategy: AuthenticationStrategy = {
      getCredential: async () => {
        throw new Error('STS is unreachable');
      },
      validateCluster: () => [],
      presentAuthMetadata: () => ({}),
    };
    const kc = await clustersWith(strategy).getCluster('local').kubeConfig();

    const error = await kc
      .makeApiClient(CustomObjectsApi)
      .listClusterCustomObject(MODEL_DOWNLOADS)
      .catch(e => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toBe(
      "Could not obtain credentials for cluster 'local' from authProvider 'rotating': STS is unreachable",
    );
    expect(error.cause).toEqual(new Error('STS is unreachable'));
    // Already actionable: describing it again must not bury the message.
    expect(
      describeKubernetesError(error, { action: 'list', cluster: 'local' }),
    ).toBe(error);
  });
});
