import {
  LABEL_KUBERNETES_ID,
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

/** Code-point order: the same on every replica and locale, and cheap. */
function byText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function byPlace(a: ModelServerSummary, b: ModelServerSummary): number {
  return (
    byText(a.cluster, b.cluster) ||
    byText(a.namespace ?? '', b.namespace ?? '') ||
    byText(a.name, b.name) ||
    byText(a.kind, b.kind)
  );
}

/** A server's entity ref, hashed once per derived status (statuses are replaced on change). */
const entityRefs = new WeakMap<ResourceStatus, string>();
function entityRefOf(status: ResourceStatus): string {
  let ref = entityRefs.get(status);
  if (!ref) {
    ref = serverEntityRef(status);
    entityRefs.set(status, ref);
  }
  return ref;
}

/**
 * The entities by the `backstage.io/kubernetes-id` values their selector requires, and
 * those selecting otherwise, so that a server is matched against the few entities its label
 * names rather than against every entity. Built once per list (lists are kept a moment).
 */
interface EntityIndex {
  byKubernetesId: Map<string, EntityWithResources[]>;
  others: EntityWithResources[];
}
const indexes = new WeakMap<EntityWithResources[], EntityIndex>();
function indexOf(entities: EntityWithResources[]): EntityIndex {
  let index = indexes.get(entities);
  if (index) return index;
  index = { byKubernetesId: new Map(), others: [] };
  for (const entity of entities) {
    // A server must carry one of these values to be selected: index the entity under each.
    const ids = entity.selector.parsed.find(
      r => r.key === LABEL_KUBERNETES_ID && r.op === 'in',
    );
    if (!ids || !('values' in ids)) {
      index.others.push(entity);
      continue;
    }
    for (const id of ids.values) {
      index.byKubernetesId.set(id, [
        ...(index.byKubernetesId.get(id) ?? []),
        entity,
      ]);
    }
  }
  indexes.set(entities, index);
  return index;
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
    const { byKubernetesId, others } = indexOf(entities);
    const id = object.metadata?.labels?.[LABEL_KUBERNETES_ID];
    const selecting = [
      ...(id === undefined ? [] : byKubernetesId.get(id) ?? []),
      ...others,
    ].filter(e => belongsToEntity(kind, object, e.selector));
    if (selecting.length === 0) continue;
    const owners = new Set(
      selecting.flatMap(e => (e.ownerRef ? [e.ownerRef] : [])),
    );
    found.push({
      status,
      summary: {
        entityRef: entityRefOf(status),
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
