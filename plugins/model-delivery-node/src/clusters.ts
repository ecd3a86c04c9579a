import { existsSync } from 'node:fs';
import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  ANNOTATION_KUBERNETES_AUTH_PROVIDER,
  SERVICEACCOUNT_CA_PATH,
} from '@backstage/plugin-kubernetes-common';
import {
  AuthenticationStrategy,
  ClusterDetails,
} from '@backstage/plugin-kubernetes-node';
import { KubeConfig } from '@kubernetes/client-node';
import { AuthStrategies } from './authStrategies';
import { readClusterLocatorConfig } from './config';
import { ClusterCredential, refreshingKubeConfig } from './credentials';
import { localKubeConfig, readLocalKubeconfig } from './localKubeconfig';

/**
 * A Kubernetes cluster the Model Delivery suite can talk to.
 *
 * @public
 */
export interface ModelDeliveryCluster {
  /** The cluster's `name` in `kubernetes.clusterLocatorMethods`, which templates and entities refer to. */
  name: string;
  /** Human-readable name, for UIs. */
  title?: string;
  /** The API server's URL. */
  url: string;
  /** Link to the cluster's dashboard, when configured. */
  dashboardUrl?: string;
  /** Problem that makes this cluster unusable for the suite (e.g. unsupported auth); undefined when usable. */
  unusableReason?: string;
  /**
   * A KubeConfig for this cluster whose credentials refresh themselves before every
   * request (tokens rotate), for API clients, `Watch` and informers alike.
   * Rejects with an `InputError` carrying {@link ModelDeliveryCluster.unusableReason}
   * if the cluster is unusable.
   */
  kubeConfig(): Promise<KubeConfig>;
}

/**
 * The clusters the Model Delivery suite may use.
 *
 * @public
 */
export interface ModelDeliveryClustersService {
  /** Every cluster, including unusable ones (see {@link ModelDeliveryCluster.unusableReason}). */
  listClusters(): ModelDeliveryCluster[];
  /**
   * The cluster called `name`. Throws a `NotFoundError` whose message lists the
   * configured cluster names, e.g. "Unknown cluster 'prod'. Configured clusters: local, staging".
   */
  getCluster(name: string): ModelDeliveryCluster;
}

/**
 * Options for {@link ConfigModelDeliveryClusters.fromConfig}.
 *
 * @public
 */
export interface ConfigModelDeliveryClustersOptions {
  /** Where the clusters found, and the problems with them, are reported at startup. */
  logger: LoggerService;
  /**
   * Authentication strategies to add or replace, keyed by the `authProvider` name that
   * selects them, as with the Kubernetes backend's auth strategy extension point. They
   * are called with no user credentials, so they must sign requests on their own.
   */
  authStrategies?: Record<string, AuthenticationStrategy>;
}

/**
 * {@link ModelDeliveryClustersService} reading the same `kubernetes.clusterLocatorMethods`
 * as `@backstage/plugin-kubernetes-backend`, so one cluster config serves both; falls
 * back to the local kubeconfig when that lists no cluster.
 *
 * @public
 */
export class ConfigModelDeliveryClusters
  implements ModelDeliveryClustersService
{
  /** Reads the clusters once; logs what it found, and why any cluster is unusable. */
  static fromConfig(
    config: Config,
    options: ConfigModelDeliveryClustersOptions,
  ): ConfigModelDeliveryClusters {
    const { logger } = options;
    const located = readClusterLocatorConfig(config);
    for (const type of located.unsupportedLocatorTypes) {
      logger.warn(
        `kubernetes.clusterLocatorMethods of type '${type}' is not supported by Model Delivery; only the Kubernetes plugin sees those clusters. List a cluster under a 'config' locator to use it with Model Delivery.`,
      );
    }

    const strategies = new AuthStrategies({
      config,
      logger,
      extra: options.authStrategies,
    });
    const clusters = located.clusters.map(details =>
      configuredCluster(inClusterIfImplied(details), strategies),
    );

    if (clusters.length === 0) {
      const local = readLocalKubeconfig(logger);
      if (local) {
        logger.info(
          `No cluster in kubernetes.clusterLocatorMethods; Model Delivery uses the current kubeconfig context '${local.context}' (${local.server})`,
        );
        clusters.push({
          name: local.context,
          url: local.server,
          kubeConfig: async () => localKubeConfig(local),
        });
      } else {
        logger.info(
          `No cluster in kubernetes.clusterLocatorMethods and no kubeconfig; Model Delivery has no cluster to work with`,
        );
      }
    }

    for (const cluster of clusters) {
      if (cluster.unusableReason) {
        logger.warn(
          `Cluster '${cluster.name}' cannot be used by Model Delivery: ${cluster.unusableReason}`,
        );
      }
    }
    return new ConfigModelDeliveryClusters(clusters);
  }

  private constructor(private readonly clusters: ModelDeliveryCluster[]) {}

  listClusters(): ModelDeliveryCluster[] {
    return [...this.clusters];
  }

  getCluster(name: string): ModelDeliveryCluster {
    const cluster = this.clusters.find(c => c.name === name);
    if (!cluster) {
      const names = this.clusters.map(c => c.name);
      throw new NotFoundError(
        names.length > 0
          ? `Unknown cluster '${name}'. Configured clusters: ${names.join(
              ', ',
            )}`
          : `Unknown cluster '${name}'. No cluster is configured: add it under kubernetes.clusterLocatorMethods in app-config`,
      );
    }
    return cluster;
  }
}

function configuredCluster(
  details: ClusterDetails,
  strategies: AuthStrategies,
): ModelDeliveryCluster {
  const resolution = strategies.resolve(details);
  const described = {
    name: details.name,
    ...(details.title && { title: details.title }),
    url: details.url,
    ...(details.dashboardUrl && { dashboardUrl: details.dashboardUrl }),
  };
  if ('unusableReason' in resolution) {
    const { unusableReason } = resolution;
    return {
      ...described,
      unusableReason,
      kubeConfig: async () => {
        throw new InputError(
          `Cluster '${details.name}' cannot be used by Model Delivery: ${unusableReason}`,
        );
      },
    };
  }
  const credential = new ClusterCredential(
    details,
    resolution.authProvider,
    resolution.strategy,
  );
  return {
    ...described,
    kubeConfig: async () => refreshingKubeConfig(details, credential),
  };
}

/**
 * A serviceAccount cluster without a token means "this pod's own service account";
 * the stock plugin then talks to the API server the pod runs in, with the pod's CA,
 * whatever `url` says. Doing the same keeps both plugins on the same cluster.
 */
function inClusterIfImplied(details: ClusterDetails): ClusterDetails {
  const { authMetadata } = details;
  if (
    authMetadata[ANNOTATION_KUBERNETES_AUTH_PROVIDER] !== 'serviceAccount' ||
    authMetadata.serviceAccountToken ||
    !process.env.KUBERNETES_SERVICE_HOST ||
    !existsSync(SERVICEACCOUNT_CA_PATH)
  ) {
    return details;
  }
  const kc = new KubeConfig();
  kc.loadFromCluster();
  const server = kc.getCurrentCluster()?.server;
  return server
    ? {
        ...details,
        url: server,
        caFile: SERVICEACCOUNT_CA_PATH,
        caData: undefined,
      }
    : details;
}
