import {
  CatalogModelsResponse,
  ModelSource,
  servedModelSource,
} from '@model-delivery/plugin-model-delivery-common';
import { StatusCache } from '../cache/StatusCache';
import { EntityWithResources } from '../access/entitiesWithResources';
import { heldResources } from '../places/heldResources';
import { serversOf } from '../places/modelServers';

/** Ids ordered the same way on every machine, whatever its locale. */
function byCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/**
 * Every distinct model the entities' resources hold or serve, with the entities holding
 * it, the servers serving it and the operators involved, and every server among those
 * resources, from the caches (no cluster is called). Sorted, so the same caches give the
 * same answer.
 */
export function catalogModels(
  cache: StatusCache,
  entities: EntityWithResources[],
  now: Date = new Date(),
): CatalogModelsResponse {
  const byId = new Map<
    string,
    {
      source: ModelSource;
      heldBy: Set<string>;
      servedBy: Set<string>;
      operators: Set<string>;
    }
  >();
  const entry = (modelId: string, source: ModelSource) => {
    let found = byId.get(modelId);
    if (!found) {
      found = {
        source,
        heldBy: new Set(),
        servedBy: new Set(),
        operators: new Set(),
      };
      byId.set(modelId, found);
    }
    return found;
  };
  for (const { entity, kind, models } of heldResources(cache, entities, now)) {
    for (const model of models) {
      const found = entry(model.modelId, model.source);
      found.heldBy.add(entity.entityRef);
      found.operators.add(kind.operator);
    }
  }
  const servers = serversOf(cache, entities, { now }).map(s => s.summary);
  for (const server of servers) {
    for (const model of server.models) {
      // A server's model the suite cannot name (a PVC path nothing downloaded) is no entity.
      if (!model.modelId) continue;
      // Held models name their source; a model only served comes from its URI.
      const found = entry(model.modelId, servedModelSource(model));
      found.servedBy.add(server.entityRef);
      found.operators.add(server.operator);
    }
  }
  return {
    models: [...byId.entries()]
      .map(([modelId, { source, heldBy, servedBy, operators }]) => ({
        modelId,
        source,
        heldBy: [...heldBy].sort(),
        servedBy: [...servedBy].sort(),
        operators: [...operators].sort(),
      }))
      .sort((a, b) => byCodePoints(a.modelId, b.modelId)),
    servers,
  };
}
