import {
  ItemStatus,
  ResourceStatus,
} from '@model-delivery/plugin-model-delivery-common';
import { StatusCache } from '../cache/StatusCache';
import { EntityWithResources } from '../access/entitiesWithResources';

/** A failed item of a resource of an entity. */
export interface FailedItem {
  entityRef: string;
  ownerRef?: string;
  resource: ResourceStatus;
  item: ItemStatus;
}

/** Which failed items to list; every field narrows, none means all. */
export interface FailedItemsFilter {
  cluster?: string;
  kind?: string;
  /** An owner entity ref, as the catalog resolved it (`group:default/ml`). */
  ownerRef?: string;
}

/**
 * Every failed item of the given entities' resources, from the caches (no cluster is
 * called). A resource selected by two entities is listed once per entity: each entity's
 * owner sees it on their page and may retry it there.
 */
export function failedItems(
  cache: StatusCache,
  entities: EntityWithResources[],
  filter: FailedItemsFilter = {},
  now: Date = new Date(),
): FailedItem[] {
  const found: FailedItem[] = [];
  for (const entity of entities) {
    if (filter.ownerRef && entity.ownerRef !== filter.ownerRef) continue;
    for (const resource of cache.resourcesOf(entity.selector, now)) {
      if (filter.cluster && resource.cluster !== filter.cluster) continue;
      if (filter.kind && resource.kind !== filter.kind) continue;
      for (const item of resource.items) {
        if (item.state !== 'failed') continue;
        found.push({
          entityRef: entity.entityRef,
          ownerRef: entity.ownerRef,
          resource,
          item,
        });
      }
    }
  }
  return found;
}
