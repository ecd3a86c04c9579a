import {
  EntityResourceSelector,
  EntityStatusResponse,
  StateCounts,
} from '@model-delivery/plugin-model-delivery-common';
import { StatusCache } from '../cache/StatusCache';

/**
 * An entity's status, from the caches alone: every resource of the entity in every
 * cluster, each cluster's sync state, and the item counts over all of them. An entity
 * without a selector (no kubernetes annotation) has no resources, but still sees how
 * the clusters are doing.
 */
export function computeEntityStatus(
  cache: StatusCache,
  entityRef: string,
  selector: EntityResourceSelector | undefined,
  now: Date = new Date(),
): EntityStatusResponse {
  const resources = selector ? cache.resourcesOf(selector, now) : [];
  const counts: StateCounts = { pending: 0, completed: 0, failed: 0 };
  for (const resource of resources) {
    counts.pending += resource.counts.pending;
    counts.completed += resource.counts.completed;
    counts.failed += resource.counts.failed;
  }
  return {
    entityRef,
    clusters: cache.clusterStatuses(now),
    resources,
    counts,
    generatedAt: now.toISOString(),
  };
}
