import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader, JsonObject } from '@backstage/config';
import { InputError, NotFoundError } from '@backstage/errors';
import { CoreV1Api } from '@kubernetes/client-node';
import {
  ControlPlane,
  clusterConfig,
  startControlPlane,
} from '@internal/local-control-plane';
import { ConfigModelDeliveryClusters } from './clusters';

jest.setTimeout(60_000);

function withClusters(...clusters: JsonObject[]): JsonObject {
  return {
    kubernetes: { clusterLocatorMethods: [{ type: 'config', clusters }] },
  };
}

function load(data: JsonObject) {
  const logger = mockServices.logger.mock();
  const clusters = ConfigModelDeliveryClusters.fromConfig(
    new ConfigReader(data),
    { logger },
  );
  return { clusters, logger };
}

/**
 * Reads the `default` namespace, as the suite's precondition checks do; the `backstage`
 * identity may get namespaces but not list them.
 */
async function readDefaultNamespace(
  clusters: ConfigModelDeliveryClusters,
  name: string,
) {
  const kc = await clusters.getCluster(name).kubeConfig();
  const ns = await kc
    .makeApiClient(CoreV1Api)
    .readNamespace({ name: 'default' });
  return ns.metadata?.name;
}

/** Runs `fn` with environment variables changed, restoring them afterwards. */
async function withEnv(
  changes: Record<string, string | undefined>,
  fn: () => Promise<void> | void,
) {
  const saved = Object.fromEntries(
    Object.keys(changes).map(k => [k, process.env[k]]),
  );
  const apply = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  apply(changes);
  try {
    await fn();
  } finally {
    apply(saved);
  }
}

describe('ConfigModelDeliveryClusters', () => {
  let cp: ControlPlane;
  let scratch: string;

  beforeAll(async () => {
    cp = await startControlPlane();
    scratch = mkdtempSync(join(tmpdir(), 'md-clusters-test-'));
  });

  afterAll(async () => {
    await cp?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('talks to a serviceAccount cluster verified with caData', async () => {
    const { clusters } = load(
      withClusters({
        ...clusterConfig(cp, 'local'),
        title: 'Local control plane',
        dashboardUrl: 'https://dashboard.example.com',
      }),
    );

    expect(clusters.listClusters()).toEqual([
      expect.objectContaining({
        name: 'local',
        title: 'Local control plane',
        url: cp.server,
        dashboardUrl: 'https://dashboard.example.com',
      }),
    ]);
    expect(clusters.getCluster('local').unusableReason).toBeUndefined();
    expect(await readDefaultNamespace(clusters, 'local')).toBe('default');
  });

  it('reads the auth provider from authMetadata, as the stock plugin does', async () => {
    const { clusters } = load(
      withClusters({
        name: 'local',
        url: cp.server,
        authMetadata: { 'kubernetes.io/auth-provider': 'serviceAccount' },
        serviceAccountToken: cp.token('backstage'),
        caData: cp.caData,
      }),
    );
    expect(await readDefaultNamespace(clusters, 'local')).toBe('default');
  });

  it('verifies the API server against caFile', async () => {
    const caFile = join(scratch, 'ca.crt');
    writeFileSync(caFile, Buffer.from(cp.caData, 'base64'));
    const { clusters } = load(
      withClusters({
        name: 'local',
        url: cp.server,
        authProvider: 'serviceAccount',
        serviceAccountToken: cp.token('backstage'),
        caFile,
      }),
    );
    expect(await readDefaultNamespace(clusters, 'local')).toBe('default');
  });

  it('rejects an API server it cannot verify, unless skipTLSVerify is set', async () => {
    const cluster = {
      url: cp.server,
      authProvider: 'serviceAccount',
      serviceAccountToken: cp.token('backstage'),
    };
    const { clusters } = load(
      withClusters(
        { name: 'unverified', ...cluster },
        { name: 'insecure', ...cluster, skipTLSVerify: true },
      ),
    );
    await expect(
      readDefaultNamespace(clusters, 'unverified'),
    ).rejects.toMatchObject({ code: 'SELF_SIGNED_CERT_IN_CHAIN' });
    expect(await readDefaultNamespace(clusters, 'insecure')).toBe('default');
  });

  it('names the configured clusters when asked for an unknown one', () => {
    const { clusters } = load(
      withClusters(
        {
          name: 'local',
          url: cp.server,
          authProvider: 'serviceAccount',
          serviceAccountToken: 't',
        },
        {
          name: 'staging',
          url: 'https://staging.example.com',
          authProvider: 'aws',
        },
      ),
    );
    expect(() => clusters.getCluster('prod')).toThrow(NotFoundError);
    expect(() => clusters.getCluster('prod')).toThrow(
      "Unknown cluster 'prod'. Configured clusters: local, staging",
    );
  });

  it.each(['google', 'oidc', 'aks'])(
    "lists a cluster using the user-token provider '%s' as unusable, without failing startup",
    async authProvider => {
      const { clusters, logger } = load(
        withClusters(
          {
            name: 'user-auth',
            url: cp.server,
            authProvider,
            oidcTokenProvider: 'okta',
          },
          {
            name: 'local',
            url: cp.server,
            authProvider: 'serviceAccount',
            serviceAccountToken: cp.token('backstage'),
            caData: cp.caData,
          },
        ),
      );

      const cluster = clusters.getCluster('user-auth');
      expect(cluster.unusableReason).toBe(
        `authProvider '${authProvider}' signs requests with the signed-in user's token; the suite watches clusters in the background and creates resources from scaffolder tasks, which have no user token. Use serviceAccount, googleServiceAccount, aws or azure for this cluster.`,
      );
      const attempt = cluster.kubeConfig();
      await expect(attempt).rejects.toBeInstanceOf(InputError);
      await expect(attempt).rejects.toThrow(cluster.unusableReason!);
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining(cluster.unusableReason!),
      );
      // The other cluster is unaffected.
      expect(clusters.getCluster('local').unusableReason).toBeUndefined();
      expect(await readDefaultNamespace(clusters, 'local')).toBe('default');
    },
  );

  it('accepts every auth provider that signs requests without a user', () => {
    const providers = [
      'serviceAccount',
      'googleServiceAccount',
      'aws',
      'azure',
    ];
    const { clusters } = load(
      withClusters(
        ...providers.map(authProvider => ({
          name: authProvider,
          url: 'https://cluster.example.com',
          authProvider,
        })),
      ),
    );
    expect(
      clusters.listClusters().map(c => [c.name, c.unusableReason]),
    ).toEqual(providers.map(p => [p, undefined]));
  });

  it('explains an unknown or missing auth provider', () => {
    const { clusters } = load(
      withClusters(
        { name: 'odd', url: cp.server, authProvider: 'kerberos' },
        { name: 'bare', url: cp.server },
      ),
    );
    expect(clusters.getCluster('odd').unusableReason).toBe(
      "authProvider 'kerberos' is not one the Model Delivery suite can use. Use serviceAccount, googleServiceAccount, aws or azure for this cluster.",
    );
    expect(clusters.getCluster('bare').unusableReason).toMatch(
      /^cluster 'bare' has no auth provider configured; set 'authProvider'/,
    );
  });

  it('refuses duplicate cluster names, also across locator methods', () => {
    const cluster = {
      name: 'local',
      url: cp.server,
      authProvider: 'serviceAccount',
    };
    expect(() => load(withClusters(cluster, cluster))).toThrow(
      "Duplicate cluster name 'local'",
    );
    expect(() =>
      load({
        kubernetes: {
          clusterLocatorMethods: [
            { type: 'config', clusters: [cluster] },
            { type: 'config', clusters: [cluster] },
          ],
        },
      }),
    ).toThrow("Duplicate cluster name 'local'");
  });

  it('reports locator types it cannot use and keeps the config clusters', () => {
    const { clusters, logger } = load({
      kubernetes: {
        clusterLocatorMethods: [
          { type: 'catalog' },
          { type: 'gke', projectId: 'p' },
          {
            type: 'config',
            clusters: [
              {
                name: 'local',
                url: cp.server,
                authProvider: 'serviceAccount',
              },
            ],
          },
        ],
      },
    });
    expect(clusters.listClusters().map(c => c.name)).toEqual(['local']);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        "kubernetes.clusterLocatorMethods of type 'catalog' is not supported by Model Delivery",
      ),
    );
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining("of type 'gke' is not supported"),
    );
  });

  it('serves the localKubectlProxy locator as a usable cluster on the kubectl proxy port', () => {
    const { clusters } = load({
      kubernetes: { clusterLocatorMethods: [{ type: 'localKubectlProxy' }] },
    });
    expect(clusters.listClusters()).toEqual([
      expect.objectContaining({
        name: 'local',
        url: 'http://127.0.0.1:8001',
      }),
    ]);
    expect(clusters.getCluster('local').unusableReason).toBeUndefined();
  });

  describe('without clusters in config', () => {
    it.each([
      ['no kubernetes config', {}],
      [
        'an empty clusterLocatorMethods',
        { kubernetes: { clusterLocatorMethods: [] } },
      ],
    ])('uses the current context of KUBECONFIG with %s', async (_, data) => {
      await withEnv(
        { KUBECONFIG: cp.kubeconfigPath('backstage') },
        async () => {
          const { clusters } = load(data);
          // The control plane names each kubeconfig's context after its identity.
          expect(clusters.listClusters()).toEqual([
            expect.objectContaining({ name: 'backstage', url: cp.server }),
          ]);
          expect(await readDefaultNamespace(clusters, 'backstage')).toBe(
            'default',
          );
        },
      );
    });

    it('has no cluster when there is no kubeconfig either', async () => {
      const emptyHome = mkdtempSync(join(scratch, 'home-'));
      await withEnv({ KUBECONFIG: undefined, HOME: emptyHome }, () => {
        const { clusters, logger } = load({});
        expect(clusters.listClusters()).toEqual([]);
        expect(logger.info).toHaveBeenCalledWith(
          expect.stringContaining('no kubeconfig'),
        );
        expect(() => clusters.getCluster('local')).toThrow(
          "Unknown cluster 'local'. No cluster is configured",
        );
      });
    });
  });
});
