import { Config } from '@backstage/config';
import {
  ANNOTATION_KUBERNETES_AUTH_PROVIDER,
  ANNOTATION_KUBERNETES_AWS_ASSUME_ROLE,
  ANNOTATION_KUBERNETES_AWS_EXTERNAL_ID,
  ANNOTATION_KUBERNETES_OIDC_TOKEN_PROVIDER,
} from '@backstage/plugin-kubernetes-common';
import { ClusterDetails } from '@backstage/plugin-kubernetes-node';

/** What the suite reads from `kubernetes.clusterLocatorMethods`. */
export interface ClusterLocatorConfig {
  /** Whether `kubernetes.clusterLocatorMethods` is present at all. */
  configured: boolean;
  clusters: ClusterDetails[];
  /** Locator types whose clusters only the stock Kubernetes plugin can see. */
  unsupportedLocatorTypes: string[];
}

/**
 * Where `kubectl proxy` listens by default. 127.0.0.1 rather than `localhost`, as the
 * stock locator resolves it, because kubectl proxy does not listen on ::1.
 */
const KUBECTL_PROXY_URL = 'http://127.0.0.1:8001';

/**
 * Reads the clusters the way the stock `ConfigClusterLocator` of
 * `@backstage/plugin-kubernetes-backend` does, so that one cluster block serves both
 * plugins. Unlike the stock locator it does not reject a cluster for its auth provider:
 * which providers the suite can use is decided per cluster, later, so a cluster that
 * only the Kubernetes tab can use does not stop the backend from starting.
 */
export function readClusterLocatorConfig(config: Config): ClusterLocatorConfig {
  const methods = config.getOptionalConfigArray(
    'kubernetes.clusterLocatorMethods',
  );
  const clusters: ClusterDetails[] = [];
  const unsupportedLocatorTypes: string[] = [];
  for (const method of methods ?? []) {
    const type = method.getString('type');
    if (type === 'config') {
      for (const c of method.getOptionalConfigArray('clusters') ?? []) {
        clusters.push(readCluster(c));
      }
    } else if (type === 'localKubectlProxy') {
      clusters.push({
        name: 'local',
        url: KUBECTL_PROXY_URL,
        authMetadata: {
          [ANNOTATION_KUBERNETES_AUTH_PROVIDER]: 'localKubectlProxy',
        },
        skipMetricsLookup: true,
      });
    } else if (!unsupportedLocatorTypes.includes(type)) {
      unsupportedLocatorTypes.push(type);
    }
  }

  // The stock plugin only warns about duplicates across locator methods, but the suite
  // addresses clusters by name (template parameters, entity annotations), so a name
  // must say which cluster it means.
  const seen = new Set<string>();
  for (const { name } of clusters) {
    if (seen.has(name)) {
      throw new Error(`Duplicate cluster name '${name}'`);
    }
    seen.add(name);
  }

  return {
    configured: methods !== undefined,
    clusters,
    unsupportedLocatorTypes,
  };
}

function readCluster(c: Config): ClusterDetails {
  const name = c.getString('name');
  const authMetadataBlock =
    c.getOptional<Record<string, string>>('authMetadata');
  const authProvider =
    authMetadataBlock?.[ANNOTATION_KUBERNETES_AUTH_PROVIDER] ??
    c.getOptionalString('authProvider');
  const serviceAccountToken = c.getOptionalString('serviceAccountToken');
  const assumeRole = c.getOptionalString('assumeRole');
  const externalId = c.getOptionalString('externalId');
  const oidcTokenProvider = c.getOptionalString('oidcTokenProvider');
  const title = c.getOptionalString('title');
  const dashboardUrl = c.getOptionalString('dashboardUrl');
  return {
    name,
    ...(title && { title }),
    url: c.getString('url'),
    skipTLSVerify: c.getOptionalBoolean('skipTLSVerify') ?? false,
    skipMetricsLookup: c.getOptionalBoolean('skipMetricsLookup') ?? false,
    caData: c.getOptionalString('caData'),
    caFile: c.getOptionalString('caFile'),
    ...(dashboardUrl && { dashboardUrl }),
    authMetadata: {
      ...(authProvider && {
        [ANNOTATION_KUBERNETES_AUTH_PROVIDER]: authProvider,
      }),
      ...(serviceAccountToken && { serviceAccountToken }),
      ...(assumeRole && {
        [ANNOTATION_KUBERNETES_AWS_ASSUME_ROLE]: assumeRole,
      }),
      ...(externalId && {
        [ANNOTATION_KUBERNETES_AWS_EXTERNAL_ID]: externalId,
      }),
      ...(oidcTokenProvider && {
        [ANNOTATION_KUBERNETES_OIDC_TOKEN_PROVIDER]: oidcTokenProvider,
      }),
      ...authMetadataBlock,
    },
  };
}
