import {
  ModelPlace,
  ResourceStatus,
  countStates,
  modelInResource,
} from '@model-delivery/plugin-model-delivery-common';
import { StatusCache } from '../cache/StatusCache';
import { EntityWithResources } from '../access/entitiesWithResources';
import { heldModelRows } from './heldModelRows';
import { heldResources } from './heldResources';
import { ServerOfEntities } from './modelServers';

/** Every place of one model, as a model entity's page shows them. */
export interface PlacesOfModel {
  /** The resources holding or serving it, a holder's items narrowed to the model's. */
  resources: ResourceStatus[];
  /** One line per way the model is at a resource: downloaded, cached, served. */
  places: ModelPlace[];
}

const HELD_FOR = 'Held for';
const SERVING_FOR = 'Serving for';

function placeKey(status: ResourceStatus): string {
  return `${status.cluster}|${status.kind}|${status.namespace ?? ''}/${
    status.name
  }`;
}

function byPlace(
  a: ResourceStatus | ModelPlace,
  b: ResourceStatus | ModelPlace,
) {
  return `${a.cluster}|${a.namespace ?? ''}|${a.name}|${a.kind}`.localeCompare(
    `${b.cluster}|${b.namespace ?? ''}|${b.name}|${b.kind}`,
  );
}

function addEntity(
  facts: ResourceStatus['facts'],
  label: string,
  entityRef: string,
): ResourceStatus['facts'] {
  const existing = facts.find(f => f.label === label);
  if (!existing) return [{ label, value: entityRef }, ...facts];
  if (existing.value.split(', ').includes(entityRef)) return facts;
  return facts.map(f =>
    f === existing ? { ...f, value: `${f.value}, ${entityRef}` } : f,
  );
}

/**
 * Every place one model is among the entities' resources, as the entity tab shows
 * resources: each resource holding it, its items narrowed to the model's (a ModelDownload's
 * other models are another entity's business), its facts telling where the copies are;
 * each server serving it (`servers`, those of the same entities). A resource selected by
 * several of the entities is listed once.
 */
export function placesOfModel(
  cache: StatusCache,
  entities: EntityWithResources[],
  servers: ServerOfEntities[],
  modelId: string,
  now: Date = new Date(),
): PlacesOfModel {
  const resources = new Map<string, ResourceStatus>();
  const places = new Map<string, ModelPlace>();
  for (const { entity, status, models } of heldResources(
    cache,
    entities,
    now,
  )) {
    const held = models.find(m => m.modelId === modelId);
    if (!held) continue;
    const key = placeKey(status);
    const known = resources.get(key);
    if (known) {
      known.facts = addEntity(known.facts, HELD_FOR, entity.entityRef);
      places.get(`held|${key}`)!.entityRefs.push(entity.entityRef);
      continue;
    }
    const { items, state } = modelInResource(status, held);
    resources.set(key, {
      ...status,
      items,
      counts: countStates(items),
      state,
      facts: addEntity(
        [
          ...(held.storage
            ? [{ label: 'Stored on', value: held.storage }]
            : []),
          ...(held.size ? [{ label: 'Size', value: held.size }] : []),
          ...status.facts,
        ],
        HELD_FOR,
        entity.entityRef,
      ),
    });
    const [row] = heldModelRows(status, [held]);
    places.set(`held|${key}`, {
      how: held.cached ? 'cached' : 'downloaded',
      cluster: status.cluster,
      kind: status.kind,
      ...(status.namespace ? { namespace: status.namespace } : {}),
      name: status.name,
      ...(held.storage ? { where: held.storage } : {}),
      state: row.state,
      detail: row.detail,
      ...(row.reason ? { reason: row.reason } : {}),
      entityRefs: [entity.entityRef],
    });
  }
  for (const { status, summary } of servers) {
    const served = summary.models.find(m => m.modelId === modelId);
    if (!served) continue;
    const key = placeKey(status);
    const held = resources.get(key);
    resources.set(
      key,
      summary.providedBy.reduce(
        (resource, entityRef) => ({
          ...resource,
          facts: addEntity(resource.facts, SERVING_FOR, entityRef),
        }),
        held ?? status,
      ),
    );
    const [item] = status.items;
    places.set(`served|${key}`, {
      how: 'served',
      cluster: status.cluster,
      kind: status.kind,
      ...(status.namespace ? { namespace: status.namespace } : {}),
      name: status.name,
      ...(served.from ? { where: served.from } : {}),
      state: item?.state ?? status.state,
      detail: item?.detail ?? (summary.ready ? 'ready' : 'not ready'),
      ...(summary.reason ? { reason: summary.reason } : {}),
      entityRefs: [...summary.providedBy],
      server: {
        entityRef: summary.entityRef,
        serverType: summary.serverType,
        ...(summary.url ? { url: summary.url } : {}),
        ready: summary.ready,
        ...(served.servedName ? { servedName: served.servedName } : {}),
      },
    });
  }
  const order = { downloaded: 0, cached: 1, served: 2 };
  return {
    resources: [...resources.values()].sort(byPlace),
    places: [...places.values()]
      .map(p => ({ ...p, entityRefs: [...new Set(p.entityRefs)].sort() }))
      .sort((a, b) => order[a.how] - order[b.how] || byPlace(a, b)),
  };
}
