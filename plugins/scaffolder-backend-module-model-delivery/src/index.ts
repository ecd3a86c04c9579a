/**
 * Scaffolder actions that create the Model Delivery suite's resources (ModelDownload,
 * GemmaOnTPUServer, LocalModelCache) and their token wiring: validated, idempotent,
 * dry-run capable, optionally waiting for completion.
 *
 * @packageDocumentation
 */

export { scaffolderModuleModelDelivery as default } from './module';
export { createModelDeliveryActions } from './actions/createModelDeliveryActions';
export type { ModelDeliveryActionOptions } from './actions/actionOptions';
