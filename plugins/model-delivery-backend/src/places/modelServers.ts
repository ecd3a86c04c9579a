import {
  ModelServerSummary,
  ResourceStatus,
  ServerStatus,
  serverEntityRef,
} from '@model-delivery/plugin-model-delivery-common';
import { StatusCache, belongsToEntity } from '../cache/StatusCache';
import { EntityWithResources } from '../access/entitiesWithResources';

/** A server's status, with its `server` part. */
export type ServerResourceStatus = ResourceStatus & { server: ServerStatus };

/** Whether a resource serves models. */
export function isServer(
  status: ResourceStatus,
): status is ServerResourceStatus {
  return status.server !== undefined;
}

/** A server among the entities' resources, and the entities it belongs to. */
export interface ServerOfEntities {
  status: ServerResourceStatus;
  summary: ModelServerSummary;
}

function byPlace(a: ModelServerSummary, b: ModelServerSummary): number {
  return `${a.cluster}|${a.namespace ?? ''}|${a.name}|${a.kind}`.localeCompare(
    `${b.cluster}|${b.namespace ?? ''}|${b.name}|${b.kind}`,
  );
}

/**
 * Every model server among the resources of `entities`, once each, with the entities
 * selecting it and their owners, from the caches (no cluster is called). A server no
 * entity of the list selects is not there: pass the entities a caller may see, and a
 * server of an entity hidden from them is absent. Sorted by cluster, namespace, name.
 */
export function serversOf(
  cache: StatusCache,
  entities: EntityWithResources[],
  options: {
    /** Only the servers serving one of these models. */
    modelIds?: Iterable<string>;
    now?: Date;
  } = {},
): ServerOfEntities[] {
  const operators = new Map(
    cache.kindSummaries().map(k => [k.kind, k.operator]),
  );
  const wanted = options.modelIds ? new Set(options.modelIds) : undefined;
  const found: ServerOfEntities[] = [];
  for (const { kind, object, status } of cache.serverResources(
    options.now ?? new Date(),
  )) {
    if (!isServer(status)) continue;
    // The models first: a few servers serve them, and only those are matched to entities.
    if (
      wanted &&
      !status.server.models.some(m => m.modelId && wanted.has(m.modelId))
    ) {
      continue;
    }
    const selecting = entities.filter(e =>
      belongsToEntity(kind, object, e.selector),
    );
    if (selecting.length === 0) continue;
    const owners = new Set(
      selecting.flatMap(e => (e.ownerRef ? [e.ownerRef] : [])),
    );
    found.push({
      status,
      summary: {
        entityRef: serverEntityRef(status),
        cluster: status.cluster,
        kind: status.kind,
        ...(status.namespace ? { namespace: status.namespace } : {}),
        name: status.name,
        operator: operators.get(status.kind) ?? status.kind,
        serverType: status.server.serverType,
        ...(status.server.url ? { url: status.server.url } : {}),
        ready: status.server.ready,
        ...(status.server.reason ? { reason: status.server.reason } : {}),
        models: status.server.models,
        providedBy: [...new Set(selecting.map(e => e.entityRef))].sort(),
        owners: [...owners].sort(),
      },
    });
  }
  return found.sort((a, b) => byPlace(a.summary, b.summary));
}
