import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  AnonymousStrategy,
  AwsIamStrategy,
  AzureIdentityStrategy,
  GoogleServiceAccountStrategy,
  ServiceAccountStrategy,
} from '@backstage/plugin-kubernetes-backend';
import { ANNOTATION_KUBERNETES_AUTH_PROVIDER } from '@backstage/plugin-kubernetes-common';
import {
  AuthenticationStrategy,
  AuthMetadata,
  ClusterDetails,
  KubernetesCredential,
} from '@backstage/plugin-kubernetes-node';

/** Providers whose credential comes from the signed-in user's browser session. */
const USER_TOKEN_PROVIDERS = ['google', 'oidc', 'aks'];

const SUPPORTED_HINT =
  'Use serviceAccount, googleServiceAccount, aws or azure for this cluster.';

/**
 * The stock ServiceAccountStrategy, except that a token from config is returned without
 * calling it: the stock one first loads client-node with `import()`, which Jest cannot
 * run without `--experimental-vm-modules`, so every package testing the suite against a
 * configured token would need that flag. Without a token (the pod's own service account)
 * the stock strategy reads the token file as usual.
 */
class ServiceAccountTokenStrategy implements AuthenticationStrategy {
  private readonly stock = new ServiceAccountStrategy();

  async getCredential(cluster: ClusterDetails): Promise<KubernetesCredential> {
    const token = cluster.authMetadata.serviceAccountToken;
    if (token) {
      return { type: 'bearer token', token };
    }
    return this.stock.getCredential(cluster);
  }

  validateCluster(): Error[] {
    return this.stock.validateCluster();
  }

  presentAuthMetadata(authMetadata: AuthMetadata): AuthMetadata {
    return this.stock.presentAuthMetadata(authMetadata);
  }
}

type StrategyFactory = (deps: {
  config: Config;
  logger: LoggerService;
}) => AuthenticationStrategy;

/**
 * The stock strategies that obtain a credential without a user: the suite watches
 * clusters in the background and creates resources from scaffolder tasks.
 */
const SERVER_SIDE_STRATEGIES = new Map<string, StrategyFactory>([
  ['serviceAccount', () => new ServiceAccountTokenStrategy()],
  [
    'googleServiceAccount',
    ({ config }) => new GoogleServiceAccountStrategy({ config }),
  ],
  ['aws', ({ config }) => new AwsIamStrategy({ config })],
  ['azure', ({ logger }) => new AzureIdentityStrategy(logger)],
  ['localKubectlProxy', () => new AnonymousStrategy()],
]);

/** The strategy that signs a cluster's requests, or why there is none. */
export type AuthStrategyResolution =
  | { strategy: AuthenticationStrategy; authProvider: string }
  | { unusableReason: string };

/**
 * Picks the authentication strategy for each cluster. Stock strategies are created on
 * first use, so clusters that do not use AWS or Azure never touch their SDKs (the Azure
 * one looks for credentials as soon as it is constructed).
 */
export class AuthStrategies {
  private readonly created = new Map<string, AuthenticationStrategy>();

  constructor(
    private readonly deps: {
      config: Config;
      logger: LoggerService;
      /** Added or replacing strategies, keyed by authProvider. */
      extra?: Record<string, AuthenticationStrategy>;
    },
  ) {}

  resolve(cluster: ClusterDetails): AuthStrategyResolution {
    const authProvider =
      cluster.authMetadata[ANNOTATION_KUBERNETES_AUTH_PROVIDER];
    if (!authProvider) {
      return {
        unusableReason: `cluster '${cluster.name}' has no auth provider configured; set 'authProvider' (or 'authMetadata.${ANNOTATION_KUBERNETES_AUTH_PROVIDER}'). ${SUPPORTED_HINT}`,
      };
    }
    const strategy = this.strategyFor(authProvider);
    if (!strategy) {
      if (USER_TOKEN_PROVIDERS.includes(authProvider)) {
        return {
          unusableReason: `authProvider '${authProvider}' signs requests with the signed-in user's token; the suite watches clusters in the background and creates resources from scaffolder tasks, which have no user token. ${SUPPORTED_HINT}`,
        };
      }
      return {
        unusableReason: `authProvider '${authProvider}' is not one the Model Delivery suite can use. ${SUPPORTED_HINT}`,
      };
    }
    const invalid = strategy.validateCluster(cluster.authMetadata);
    if (invalid.length > 0) {
      return {
        unusableReason: `authProvider '${authProvider}' rejected the cluster's configuration: ${invalid
          .map(e => e.message)
          .join(', ')}`,
      };
    }
    return { strategy, authProvider };
  }

  private strategyFor(
    authProvider: string,
  ): AuthenticationStrategy | undefined {
    const extra = this.deps.extra;
    if (extra && Object.hasOwn(extra, authProvider)) {
      return extra[authProvider];
    }
    const factory = SERVER_SIDE_STRATEGIES.get(authProvider);
    if (!factory) {
      return undefined;
    }
    let strategy = this.created.get(authProvider);
    if (!strategy) {
      strategy = factory(this.deps);
      this.created.set(authProvider, strategy);
    }
    return strategy;
  }
}
