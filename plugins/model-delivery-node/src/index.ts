/**
 * Cluster access shared by the Model Delivery backend plugin and scaffolder module:
 * the clusters of the standard `kubernetes.clusterLocatorMethods` config, with
 * self-refreshing credentials, and Kubernetes errors phrased for the people who hit them.
 *
 * @packageDocumentation
 */

// Separate `export type` statements: API Extractor cannot follow inline `type` specifiers
// in a re-export (it fails with "Unable to determine module").
export { ConfigModelDeliveryClusters } from './clusters';
export type {
  ConfigModelDeliveryClustersOptions,
  ModelDeliveryCluster,
  ModelDeliveryClustersService,
} from './clusters';
export { describeKubernetesError } from './kubernetesErrors';
export type { KubernetesErrorContext } from './kubernetesErrors';
export { modelDeliveryClustersServiceRef } from './service';
export {
  deleteResourceWithJobs,
  redownloadModels,
} from './lifecycle/resourceLifecycle';
export type { LifecycleTarget } from './lifecycle/resourceLifecycle';
export {
  DEFAULT_HUGGING_FACE_ENDPOINT,
  HuggingFaceHub,
} from './huggingFaceHub';
export type { HubModelsCheck, HuggingFaceHubOptions } from './huggingFaceHub';
