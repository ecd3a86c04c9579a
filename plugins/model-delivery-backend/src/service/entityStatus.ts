import {
  EntityResourceSelector,
  EntityStatusResponse,
  countStates,
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
  return {
    entityRef,
    clusters: cache.clusterStatuses(now),
    resources,
    counts: countStates(resources.flatMap(r => r.items)),
    generatedAt: now.toISOString(),
  };
}
