import type { ControlPlane } from './controlPlane';
import type { Identity } from './identities';

/**
 * A cluster entry of `kubernetes.clusterLocatorMethods` pointing at a local control plane
 * as one of its identities (by default `backstage`, the suite's ClusterRole).
 */
export function clusterConfig(
  cp: Pick<ControlPlane, 'server' | 'caData' | 'token'>,
  name: string,
  identity: Identity = 'backstage',
  url = cp.server,
) {
  return {
    name,
    url,
    authProvider: 'serviceAccount',
    serviceAccountToken: cp.token(identity),
    caData: cp.caData,
  };
}

/**
 * The app-config `kubernetes` block, as Backstage's Kubernetes plugin and the suite read
 * it, listing these clusters: what `scripts/start` writes for the portal and what the
 * tests configure their backends with.
 */
export function kubernetesConfig(clusters: object[]) {
  return {
    serviceLocatorMethod: { type: 'multiTenant' },
    clusterLocatorMethods: [{ type: 'config', clusters }],
  };
}
