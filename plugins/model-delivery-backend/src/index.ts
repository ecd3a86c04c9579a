/**
 * The Model Delivery status backend plugin: live per-item status of the suite's cluster
 * resources for catalog entities, from watch-fed caches, behind Backstage permissions,
 * with change signals.
 *
 * @packageDocumentation
 */
export { modelDeliveryPlugin as default } from './plugin';
export { modelDeliveryKindsExtensionPoint } from './deprecated';
export type { ModelDeliveryKindsExtensionPoint } from './deprecated';
