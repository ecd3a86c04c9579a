/**
 * A catalog module making a `Resource` entity of type `ai-model` of every model the
 * clusters hold or serve, and an `API` entity of type `ai-model-server` of every server
 * serving them, fed by the Model Delivery backend's watch caches.
 *
 * @packageDocumentation
 */
export { catalogModuleModelDelivery as default } from './module';
