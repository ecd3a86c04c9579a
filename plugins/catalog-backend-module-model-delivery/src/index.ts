/**
 * A catalog module making a `Resource` entity of type `ai-model` of every model the
 * clusters hold, fed by the Model Delivery backend's watch caches.
 *
 * @packageDocumentation
 */
export { catalogModuleModelDelivery as default } from './module';
