import {
  FleetRow,
  FleetRowServer,
  FleetServed,
  ResourceKindDefinition,
} from '@model-delivery/plugin-model-delivery-common';
import { StatusCache } from '../cache/StatusCache';
import { EntityWithResources } from '../access/entitiesWithResources';
import { heldModelRows } from '../places/heldModelRows';
import { eachHeldResource } from '../places/heldResources';
import { serversOf } from '../places/modelServers';

/** The servers of each model among the entities' resources, ready ones first. */
function serversByModel(
  cache: StatusCache,
  entities: EntityWithResources[],
  now: Date,
): Map<string, FleetRowServer[]> {
  const byModel = new Map<string, FleetRowServer[]>();
  for (const { summary } of serversOf(cache, entities, { now })) {
    const server: FleetRowServer = {
      entityRef: summary.entityRef,
      cluster: summary.cluster,
      kind: summary.kind,
      ...(summary.namespace ? { namespace: summary.namespace } : {}),
      name: summary.name,
      ...(summary.url ? { url: summary.url } : {}),
      ready: summary.ready,
    };
    for (const id of new Set(summary.models.map(m => m.modelId))) {
      if (id === undefined) continue;
      byModel.set(id, [...(byModel.get(id) ?? []), server]);
    }
  }
  for (const servers of byModel.values()) {
    servers.sort((a, b) => Number(b.ready) - Number(a.ready));
  }
  return byModel;
}

function servedState(servers: FleetRowServer[] | undefined): FleetServed {
  if (!servers?.length) return 'not-served';
  return servers.some(s => s.ready) ? 'ready' : 'not-ready';
}

/**
 * Every model × place of the given entities, from the caches (no cluster is called): one
 * row per model a resource holds, per entity selecting that resource, with the servers of
 * the model among the same entities' resources. Rows come in a stable order (entity,
 * cluster, namespace, resource, model).
 */
export function modelPlaces(
  cache: StatusCache,
  kinds: ReadonlyArray<ResourceKindDefinition<any>>,
  entities: EntityWithResources[],
  now: Date = new Date(),
): FleetRow[] {
  const servers = serversByModel(cache, entities, now);
  const rows: FleetRow[] = [];
  eachHeldResource(
    cache,
    kinds,
    entities,
    now,
    (entity, resource, models, operator) => {
      for (const held of heldModelRows(resource, models)) {
        const modelServers = servers.get(held.modelId);
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
          operator,
          ...(held.storage ? { storage: held.storage } : {}),
          ...(held.size ? { size: held.size } : {}),
          served: servedState(modelServers),
          ...(modelServers ? { servers: modelServers } : {}),
        });
      }
    },
  );
  return rows;
}
