import {
  FleetRow,
  HeldModel,
  ResourceStatus,
  modelEntityRef,
  modelInResource,
} from '@model-delivery/plugin-model-delivery-common';

/** One model a resource holds, with its state at this place: a fleet row's model part. */
export type HeldModelState = Pick<
  FleetRow,
  | 'modelId'
  | 'modelEntityRef'
  | 'state'
  | 'phase'
  | 'detail'
  | 'reason'
  | 'storage'
  | 'size'
>;

/**
 * A model's state at one resource: one item (a model of a ModelDownload, the Gemma
 * instance) speaks for itself; several (a cache's nodes) are summed up, every failed
 * node's reason kept in full.
 */
export function heldModelRows(
  status: ResourceStatus,
  held: HeldModel[],
): HeldModelState[] {
  return held.map(model => {
    const { items, state } = modelInResource(status, model);
    const base = {
      modelId: model.modelId,
      modelEntityRef: modelEntityRef(model.modelId),
      state,
      ...(model.storage ? { storage: model.storage } : {}),
      ...(model.size ? { size: model.size } : {}),
    };
    if (items.length === 1) {
      const [item] = items;
      return {
        ...base,
        phase: item.phase,
        detail: item.detail,
        ...(item.reason ? { reason: item.reason } : {}),
      };
    }
    if (items.length === 0) {
      return {
        ...base,
        phase: 'waiting-for-operator',
        detail: `no ${status.itemNoun} reported by the operator yet`,
      };
    }
    const failed = items.filter(i => i.state === 'failed');
    const completed = items.filter(i => i.state === 'completed').length;
    return {
      ...base,
      phase: failed[0]?.phase ?? state,
      detail: `${completed} of ${items.length} ${status.itemNoun}s hold it`,
      ...(failed.length
        ? {
            reason: failed
              .map(i => `${i.name}: ${i.reason ?? i.detail}`)
              .join('\n'),
          }
        : {}),
    };
  });
}
