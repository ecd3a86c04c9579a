import {
  CatalogModel,
  HeldModel,
  ResourceKindDefinition,
  ResourceStatus,
  countStates,
  modelInResource,
  resourceModels,
} from '@model-delivery/plugin-model-delivery-common';
import { StatusCache } from '../cache/StatusCache';
import { EntityWithResources } from '../access/entitiesWithResources';

/** Each resource of the entities once, with the models it holds and the entities holding it. */
function eachHeldResource(
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

/**
 * Every distinct model the entities' resources hold, with the entities holding it and the
 * operators involved, from the caches (no cluster is called). Sorted by model id, so the
 * same caches give the same answer.
 */
export function catalogModels(
  cache: StatusCache,
  kinds: ReadonlyArray<ResourceKindDefinition<any>>,
  entities: EntityWithResources[],
  now: Date = new Date(),
): CatalogModel[] {
  const byKey = new Map<
    string,
    { model: HeldModel; heldBy: Set<string>; operators: Set<string> }
  >();
  eachHeldResource(cache, kinds, entities, now, (entity, _, models, op) => {
    for (const model of models) {
      let entry = byKey.get(model.modelKey);
      if (!entry) {
        entry = { model, heldBy: new Set(), operators: new Set() };
        byKey.set(model.modelKey, entry);
      }
      entry.heldBy.add(entity.entityRef);
      entry.operators.add(op);
    }
  });
  return [...byKey.values()]
    .map(({ model, heldBy, operators }) => ({
      modelId: model.modelId,
      source: model.source,
      heldBy: [...heldBy].sort(),
      operators: [...operators].sort(),
    }))
    .sort((a, b) => byCodePoints(a.modelId, b.modelId));
}

/** Ids ordered the same way on every machine, whatever its locale. */
function byCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/**
 * Every place one model is among the entities' resources, as the entity tab shows
 * resources: each resource holding it, its items narrowed to the model's (a ModelDownload's
 * other models are another entity's business), its facts telling where the copies are.
 * A resource selected by several of the entities is listed once.
 */
export function modelPlacesOf(
  cache: StatusCache,
  kinds: ReadonlyArray<ResourceKindDefinition<any>>,
  entities: EntityWithResources[],
  modelKey: string,
  now: Date = new Date(),
): ResourceStatus[] {
  const places = new Map<string, ResourceStatus>();
  eachHeldResource(cache, kinds, entities, now, (entity, status, models) => {
    const held = models.find(m => m.modelKey === modelKey);
    if (!held) return;
    const key = `${status.cluster}|${status.kind}|${status.namespace ?? ''}/${
      status.name
    }`;
    const known = places.get(key);
    if (known) {
      known.facts = addHolder(known.facts, entity.entityRef);
      return;
    }
    const { items, state } = modelInResource(status, held);
    places.set(key, {
      ...status,
      items,
      counts: countStates(items),
      state,
      facts: addHolder(
        [
          ...(held.storage
            ? [{ label: 'Stored on', value: held.storage }]
            : []),
          ...(held.size ? [{ label: 'Size', value: held.size }] : []),
          ...status.facts,
        ],
        entity.entityRef,
      ),
    });
  });
  return [...places.values()].sort((a, b) =>
    `${a.cluster}|${a.namespace ?? ''}|${a.name}|${a.kind}`.localeCompare(
      `${b.cluster}|${b.namespace ?? ''}|${b.name}|${b.kind}`,
    ),
  );
}

const HELD_FOR = 'Held for';

function addHolder(
  facts: ResourceStatus['facts'],
  entityRef: string,
): ResourceStatus['facts'] {
  const existing = facts.find(f => f.label === HELD_FOR);
  if (!existing) return [{ label: HELD_FOR, value: entityRef }, ...facts];
  if (existing.value.split(', ').includes(entityRef)) return facts;
  return facts.map(f =>
    f === existing ? { ...f, value: `${f.value}, ${entityRef}` } : f,
  );
}
