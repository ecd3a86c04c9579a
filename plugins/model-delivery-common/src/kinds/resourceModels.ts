import { KubeObject } from '../kubernetesObjects';
import { ResourceKindDefinition } from './definition';
import { RESOURCE_KINDS } from './resourceKinds';
import {
  HeadlineState,
  ItemStatus,
  ResourceStatus,
  countStates,
  overallState,
} from '../status';
import { HeldModel } from '../models/modelIdentity';

/**
 * The models a resource of one of the kinds holds, by its kind's `heldModels`; none for a
 * kind the suite does not know or that lists no models.
 *
 * @public
 */
export function resourceModels(
  resource: Pick<KubeObject, 'apiVersion' | 'kind'>,
  kinds: ReadonlyArray<ResourceKindDefinition<any>> = RESOURCE_KINDS,
): HeldModel[] {
  const kind = kinds.find(
    k =>
      k.resource.kind === resource.kind &&
      k.resource.apiVersion === resource.apiVersion,
  );
  return kind?.heldModels?.(resource as KubeObject) ?? [];
}

/**
 * One model's copies in one resource: the status items that are it (a ModelDownload's item
 * of that model; every node of a cache; the Gemma instance) and their state together.
 *
 * @public
 */
export interface ModelInResource {
  items: ItemStatus[];
  state: HeadlineState;
}

/** @public */
export function modelInResource(
  status: ResourceStatus,
  model: Pick<HeldModel, 'itemNames'>,
): ModelInResource {
  if (!model.itemNames) {
    return { items: status.items, state: status.state };
  }
  const names = new Set(model.itemNames);
  const items = status.items.filter(item => names.has(item.name));
  // A model the status does not list yet (no Job, no status from the operator) is pending.
  return {
    items,
    state: items.length ? overallState(countStates(items)) : 'pending',
  };
}
