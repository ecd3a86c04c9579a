import { ClusterStatus } from '@model-delivery/plugin-model-delivery-common';
import { formatTimestamp } from './formatTimestamp';

/** A cluster's name as configured, with its title when it has one. */
export function clusterLabel(cluster: ClusterStatus): string {
  return cluster.title ? `${cluster.title} (${cluster.name})` : cluster.name;
}

/** When the backend's view of this cluster was last complete, for humans. */
export function lastSynced(cluster: ClusterStatus): string {
  return cluster.lastSyncedAt
    ? `last synced ${formatTimestamp(cluster.lastSyncedAt)}`
    : 'never synced';
}

const PROBLEMS = {
  unreachable: { severity: 'warning', headline: 'is unreachable' },
  syncing: { severity: 'info', headline: 'is syncing' },
  error: { severity: 'error', headline: 'cannot be watched' },
} as const;

/** How to flag a cluster the backend does not currently see in full; none when ready. */
export function clusterProblem(cluster: ClusterStatus) {
  return cluster.state === 'ready' ? undefined : PROBLEMS[cluster.state];
}
