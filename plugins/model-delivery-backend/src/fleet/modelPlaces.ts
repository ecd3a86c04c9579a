import {
  FleetRow,
  ResourceKindDefinition,
  resourceModels,
} from '@model-delivery/plugin-model-delivery-common';
import { StatusCache } from '../cache/StatusCache';
import { EntityWithResources } from '../access/entitiesWithResources';
import { heldModelRows } from '../places/heldModelRows';

/**
 * Every model × place of the given entities, from the caches (no cluster is called): one
 * row per model a resource holds, per entity selecting that resource. Rows come in a
 * stable order (entity, cluster, namespace, resource, model).
 */
export function modelPlaces(
  cache: StatusCache,
  kinds: ReadonlyArray<ResourceKindDefinition<any>>,
  entities: EntityWithResources[],
  now: Date = new Date(),
): FleetRow[] {
  const operators = new Map(kinds.map(k => [k.kind, k.operator]));
  const rows: FleetRow[] = [];
  for (const entity of entities) {
    for (const resource of cache.resourcesOf(entity.selector, now)) {
      // The spec names the models; the status says how each is doing.
      const cached = cache.findResource(entity.selector, resource, now);
      if (!cached) continue;
      const models = resourceModels(cached.object, kinds);
      for (const held of heldModelRows(resource, models)) {
        rows.push({
          modelId: held.modelId,
          modelEntityRef: held.modelEntityRef,
          state: held.state,
          phase: held.phase,
          detail: held.detail,
          ...(held.reason ? { reason: held.reason } : {}),
          entityRef: entity.entityRef,
          ...(entity.ownerRef ? { owner: entity.ownerRef } : {}),
          cluster: resource.cluster,
          ...(resource.namespace ? { namespace: resource.namespace } : {}),
          kind: resource.kind,
          name: resource.name,
          operator: operators.get(resource.kind) ?? resource.kind,
          ...(held.storage ? { storage: held.storage } : {}),
          ...(held.size ? { size: held.size } : {}),
        });
      }
    }
  }
  return rows;
}
