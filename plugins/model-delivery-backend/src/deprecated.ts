import {
  ModelDeliveryKindsExtensionPoint as KindsExtensionPoint,
  modelDeliveryKindsExtensionPoint as kindsExtensionPoint,
} from '@model-delivery/plugin-model-delivery-node';

/**
 * @public
 * @deprecated Import it from `@model-delivery/plugin-model-delivery-node`, which a module
 * adding a kind can depend on without depending on this plugin.
 */
export type ModelDeliveryKindsExtensionPoint = KindsExtensionPoint;

/**
 * @public
 * @deprecated Import it from `@model-delivery/plugin-model-delivery-node`.
 */
export const modelDeliveryKindsExtensionPoint = kindsExtensionPoint;
