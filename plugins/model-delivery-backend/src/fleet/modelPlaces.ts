import {
  FleetRow,
  HeldModel,
  ResourceKindDefinition,
  ResourceStatus,
} from '@model-delivery/plugin-model-delivery-common';
import { EntityWithResources } from '../access/entitiesWithResources';
import { StatusCache } from '../cache/StatusCache';
import { heldModelRows } from './heldModelRows';

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

/**
 * Every model × place of the given entities: one row per model a resource holds, per
 * entity selecting that resource, in a stable order (entity, cluster, namespace,
 * resource, model).
 */
export function modelPlaces(
  cache: StatusCache,
  entities: EntityWithResources[],
  now: Date = new Date(),
): FleetRow[] {
  const rows: FleetRow[] = [];
  for (const { entity, kind, status, models } of heldResources(
    cache,
    entities,
    now,
  )) {
    for (const held of heldModelRows(status, models)) {
      rows.push({
        ...held,
        entityRef: entity.entityRef,
        ...(entity.ownerRef ? { owner: entity.ownerRef } : {}),
        cluster: status.cluster,
        ...(status.namespace ? { namespace: status.namespace } : {}),
        kind: status.kind,
        name: status.name,
        operator: kind.operator,
      });
    }
  }
  return rows;
}
