import {
  HeldModel,
  ResourceKindDefinition,
  ResourceStatus,
  resourceModels,
} from '@model-delivery/plugin-model-delivery-common';
import { StatusCache } from '../cache/StatusCache';
import { EntityWithResources } from '../access/entitiesWithResources';

/** Each resource of the entities once per entity, with the models it holds. */
export function eachHeldResource(
  cache: StatusCache,
  kinds: ReadonlyArray<ResourceKindDefinition<any>>,
  entities: EntityWithResources[],
  now: Date,
  visit: (
    entity: EntityWithResources,
    status: ResourceStatus,
    models: HeldModel[],
    operator: string,
  ) => void,
) {
  const operators = new Map(kinds.map(k => [k.kind, k.operator]));
  for (const entity of entities) {
    for (const resource of cache.resourcesOf(entity.selector, now)) {
      // The spec names the models; the status says how each is doing.
      const cached = cache.findResource(entity.selector, resource, now);
      if (!cached) continue;
      const models = resourceModels(cached.object, kinds);
      if (models.length === 0) continue;
      visit(
        entity,
        cached.status,
        models,
        operators.get(resource.kind) ?? resource.kind,
      );
    }
  }
}
