import {
  HeldModel,
  ResourceKindDefinition,
  ResourceStatus,
} from '@model-delivery/plugin-model-delivery-common';
import { EntityWithResources } from '../access/entitiesWithResources';
import { StatusCache } from '../cache/StatusCache';

/**
 * Each resource of the entities once per entity selecting it, with the models its spec
 * names (the status says how each is doing), from the caches: no cluster is called.
 */
export function* heldResources(
  cache: StatusCache,
  entities: EntityWithResources[],
  now: Date,
): Generator<{
  entity: EntityWithResources;
  kind: ResourceKindDefinition<any>;
  status: ResourceStatus;
  models: HeldModel[];
}> {
  for (const entity of entities) {
    for (const { kind, object, status } of cache.cachedResourcesOf(
      entity.selector,
      now,
    )) {
      const models = kind.heldModels?.(object) ?? [];
      if (models.length > 0) yield { entity, kind, status, models };
    }
  }
}
