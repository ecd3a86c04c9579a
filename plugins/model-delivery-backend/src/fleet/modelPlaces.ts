import {
  FleetRow,
  FleetRowServer,
  FleetServed,
} from '@model-delivery/plugin-model-delivery-common';
import { EntityWithResources } from '../access/entitiesWithResources';
import { StatusCache } from '../cache/StatusCache';
import { heldModelRows } from '../places/heldModelRows';
import { heldResources } from '../places/heldResources';
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
 * Every model × place of the given entities: one row per model a resource holds, per
 * entity selecting that resource, with the servers of the model among the same entities'
 * resources, in a stable order (entity, cluster, namespace, resource, model).
 */
export function modelPlaces(
  cache: StatusCache,
  entities: EntityWithResources[],
  now: Date = new Date(),
): FleetRow[] {
  const servers = serversByModel(cache, entities, now);
  const rows: FleetRow[] = [];
  for (const { entity, kind, status, models } of heldResources(
    cache,
    entities,
    now,
  )) {
    for (const held of heldModelRows(status, models)) {
      const modelServers = servers.get(held.modelId);
      rows.push({
        ...held,
        entityRef: entity.entityRef,
        ...(entity.ownerRef ? { owner: entity.ownerRef } : {}),
        cluster: status.cluster,
        ...(status.namespace ? { namespace: status.namespace } : {}),
        kind: status.kind,
        name: status.name,
        operator: kind.operator,
        served: servedState(modelServers),
        ...(modelServers ? { servers: modelServers } : {}),
      });
    }
  }
  return rows;
}
