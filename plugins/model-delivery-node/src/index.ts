/**
 * Cluster access shared by the Model Delivery backend plugin and scaffolder module:
 * the clusters of the standard `kubernetes.clusterLocatorMethods` config, with
 * self-refreshing credentials, and Kubernetes errors phrased for the people who hit them.
 *
 * @packageDocumentation
 */

export {
  ConfigModelDeliveryClusters,
  type ConfigModelDeliveryClustersOptions,
  type ModelDeliveryCluster,
  type ModelDeliveryClustersService,
} from './clusters';
export {
  describeKubernetesError,
  type KubernetesErrorContext,
} from './kubernetesErrors';
export { modelDeliveryClustersServiceRef } from './service';
