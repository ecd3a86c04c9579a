import {
  ClusterStatus,
  FormCluster,
} from '@model-delivery/plugin-model-delivery-common';

/**
 * The cluster picker's view of one cluster, from what the watches already know of it:
 * whether its API server answers and which of the suite's kinds it serves (a kind is
 * served unless its watch found the CRD absent). No request to the cluster.
 *
 * A cluster whose watches failed (its identity refused, its auth unusable) is not offered
 * as reachable: the pickers' reads would fail the same way. Until a watch has listed, its
 * kind counts as served, as it is on every cluster set up for the suite.
 */
export function formCluster(
  status: ClusterStatus,
  kinds: ReadonlyArray<{ kind: string }>,
): FormCluster {
  const missing = new Set(status.missingKinds ?? []);
  const servedKinds = kinds.map(k => k.kind).filter(kind => !missing.has(kind));
  const base = {
    name: status.name,
    ...(status.title ? { title: status.title } : {}),
  };
  switch (status.state) {
    case 'ready':
    case 'syncing':
      return { ...base, reachable: true, servedKinds };
    case 'unreachable':
      return {
        ...base,
        reachable: false,
        problem: {
          reason: 'unreachable',
          message: status.message ?? `Cluster '${status.name}' does not answer`,
        },
        // What it served when it last answered, if it ever did.
        servedKinds: status.lastSyncedAt ? servedKinds : [],
      };
    case 'error':
    default: {
      const message =
        status.message ?? `Model Delivery cannot read cluster '${status.name}'`;
      return {
        ...base,
        reachable: false,
        problem: {
          // describeKubernetesError's wording of a 401 or 403 ("may not", "rejected the credentials").
          reason: /may not |rejected the credentials/.test(message)
            ? 'forbidden'
            : 'unreachable',
          message,
        },
        servedKinds: [],
      };
    }
  }
}
