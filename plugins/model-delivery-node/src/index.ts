/**
 * Cluster access shared by the Model Delivery backend plugin and scaffolder module:
 * the clusters of the standard `kubernetes.clusterLocatorMethods` config, with
 * self-refreshing credentials, the raw requests and Kubernetes errors phrased for the
 * people who hit them; the kinds the backend works with; the Hugging Face Hub, where a
 * download's token comes from, and the one redactor of credentials.
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
export {
  describeKubernetesError,
  isObjectNotFound,
  kubernetesStatusCode,
} from './kubernetesErrors';
export type { KubernetesErrorContext } from './kubernetesErrors';
export {
  KubernetesHttpError,
  getKubernetesJson,
  kubernetesTimeoutError,
  listKubernetesPages,
  openKubernetesGet,
} from './kubernetesHttp';
export type { KubernetesGet } from './kubernetesHttp';
export { modelDeliveryClustersServiceRef } from './service';
export {
  authorizedEntity,
  decideEntityAccess,
  selectorOf,
} from './entityAccess';
export type { AuthorizedEntity, EntityAccessVerdict } from './entityAccess';
export {
  ModelDeliveryKinds,
  modelDeliveryKindsExtensionPoint,
  modelDeliveryKindsServiceRef,
} from './kinds';
export type {
  ModelDeliveryKindsExtensionPoint,
  ModelDeliveryKindsService,
} from './kinds';
export {
  deleteJob,
  deleteResourceWithJobs,
  redownloadModels,
} from './lifecycle/resourceLifecycle';
export type { LifecycleTarget } from './lifecycle/resourceLifecycle';
export {
  DEFAULT_HUGGING_FACE_ENDPOINT,
  HuggingFaceHub,
} from './huggingFace/HuggingFaceHub';
export type {
  HubModelsCheck,
  HubTokenCheck,
  HuggingFaceHubOptions,
} from './huggingFace/HuggingFaceHub';
export { hubToken, readSecretKey } from './huggingFace/credentials';
export type {
  HubToken,
  HubTokenSource,
  SecretKeyRead,
  SecretKeyRef,
} from './huggingFace/credentials';
export { REDACTED, redactCredentials, redactError } from './redaction';
export { zodFromJsonSchema } from './zodFromJsonSchema';
export type { JsonSchema, RegistryZ } from './zodFromJsonSchema';
export {
  createModelDeliveryNamespaceConditionalDecision,
  modelDeliveryNamespaceConditions,
  modelDeliveryNamespacePermissionResourceRef,
  modelDeliveryNamespacePermissionRules,
} from './permissions/namespaceRules';
export type {
  ModelDeliveryNamespace,
  ModelDeliveryNamespaceQuery,
} from './permissions/namespaceRules';
export {
  authorizeNamespaceAccess,
  decideNamespaceAccess,
  namespaceRefusal,
} from './permissions/namespaceAccess';
export type { NamespacePermission } from './permissions/namespaceAccess';
