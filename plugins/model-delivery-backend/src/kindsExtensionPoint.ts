import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { ResourceKindDefinition } from '@model-delivery/plugin-model-delivery-common';

/**
 * Adds resource kinds to the status backend besides the suite's own `RESOURCE_KINDS`, from
 * a backend module: a kind of your own shows on entity pages without a fork
 * (docs/adding-a-kind.md).
 *
 * @public
 */
export interface ModelDeliveryKindsExtensionPoint {
  addResourceKinds(...kinds: ResourceKindDefinition<any>[]): void;
}

/** @public */
export const modelDeliveryKindsExtensionPoint =
  createExtensionPoint<ModelDeliveryKindsExtensionPoint>({
    id: 'model-delivery.kinds',
  });
