/**
 * Model Delivery's shared definitions: each resource kind defined once (types, input
 * validation, derived names, status derivation), plus permissions, annotations and the
 * status API's types. No I/O.
 *
 * @packageDocumentation
 */
export {
  ANNOTATION_CREATED_FOR,
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
  ANNOTATION_KUBERNETES_NAMESPACE,
  ANNOTATION_NOTIFICATIONS,
  FIELD_MANAGER,
  ANNOTATION_NAMESPACE_OWNER,
  LABEL_KUBERNETES_ID,
} from './annotations';
export {
  entitySignalChannel,
  FLEET_COLUMNS,
  FLEET_SERVED,
  FLEET_SORT_FIELDS,
  FLEET_VIEWS,
} from './api';
export type {
  ClusterStatus,
  ClusterSyncState,
  DeletedResourceObject,
  DeleteResourceRequest,
  DeleteResourceResponse,
  EntityStatusResponse,
  FleetDuplicate,
  FleetFilterOptions,
  FleetQuery,
  FleetResponse,
  FleetRow,
  FleetRowServer,
  FleetServed,
  FleetSortField,
  FleetView,
  KindLifecycle,
  ModelPlace,
  ModelPlaceServer,
  RedownloadedModelJob,
  RedownloadRequest,
  RedownloadResponse,
  ResourceKindSummary,
  RetryRequest,
  RetryResponse,
} from './api';
export {
  DEFAULT_DIAGNOSTICS_TAIL_LINES,
  MAX_DIAGNOSTICS_TAIL_LINES,
} from './diagnosticsApi';
export type {
  DiagnosticsContainer,
  DiagnosticsEvent,
  ItemDiagnostics,
  ItemDiagnosticsQuery,
} from './diagnosticsApi';
export {
  entityResourceSelector,
  entitySelectsResource,
  isModelDeliveryAvailable,
} from './entitySelector';
export type { EntityResourceSelector } from './entitySelector';
export { entityTabPath, MODEL_DELIVERY_TAB_PATH } from './entityTab';
export type {
  FormCluster,
  FormClustersResponse,
  FormDataList,
  FormDataProblem,
  FormDataProblemReason,
  FormNamespace,
  FormNamespaceAccess,
  FormNamespacesResponse,
  FormNodeGroup,
  FormNodeGroupsResponse,
  FormPersistentVolumeClaim,
  FormPersistentVolumeClaimsResponse,
  FormSecret,
  FormSecretsResponse,
  HubModelAccess,
  HubModelReport,
  HubModelsCheckRequest,
  HubModelsCheckResponse,
} from './formsApi';
export {
  hubModelMessage,
  hubModelName,
  hubModelUrl,
  hubRefusesDownload,
} from './huggingFace/hubModelMessages';
export type { HubModelFacts } from './huggingFace/hubModelMessages';
export {
  formatBytes,
  localModelCacheSizeProblem,
  modelsFitPersistentVolumeClaim,
} from './huggingFace/modelFit';
export type { ModelsFitResult, ModelSize } from './huggingFace/modelFit';
export {
  crdOf,
  groupResourceName,
  kindSummary,
  watchedTypeKey,
} from './kinds/definition';
export type {
  ModelInClaim,
  RelatedObjects,
  ResourceKindDefinition,
  ResourceRef,
  ResourceType,
  StatusContext,
  WatchedType,
} from './kinds/definition';
export {
  DEFAULT_KAGGLE_SECRET,
  gemmaChildNames,
  KAGGLE_SECRET_KEYS,
} from './kinds/gemmaOnTpuServer/childNames';
export {
  gemmaOnTPUServerKind,
  KRO_CHILD_DEPLOYMENTS,
  KRO_CHILD_JOBS,
  KRO_CHILD_SERVICES,
} from './kinds/gemmaOnTpuServer/kind';
export {
  KRO_INSTANCE_ID_LABEL,
  KRO_INSTANCE_NAME_LABEL,
  KRO_INSTANCE_NAMESPACE_LABEL,
  kroChildLabels,
} from './kinds/gemmaOnTpuServer/kroLabels';
export { gemmaOnTPUServerManifest } from './kinds/gemmaOnTpuServer/manifest';
export type {
  DeploymentLike,
  ServiceLike,
} from './kinds/gemmaOnTpuServer/status';
export {
  GEMMA_API_VERSION,
  GEMMA_CHECKPOINT_HANDLE,
  GEMMA_RGD_NAME,
  RESOURCE_GRAPH_DEFINITIONS,
} from './kinds/gemmaOnTpuServer/types';
export type {
  GemmaOnTPUServer,
  GemmaOnTPUServerInput,
  GemmaOnTPUServerSpec,
  KroInstanceState,
  ResourceGraphDefinition,
} from './kinds/gemmaOnTpuServer/types';
export { validateGemmaOnTPUServerInput } from './kinds/gemmaOnTpuServer/validate';
export {
  JOB_PODS,
  jobProgress,
  jobsSelectedBy,
  podsOfJob,
} from './kinds/jobProgress';
export type { JobPhase, JobProgress } from './kinds/jobProgress';
export {
  KSERVE_DOWNLOAD_JOBS,
  localModelCacheKind,
  localModelNamespaceCacheKind,
} from './kinds/localModelCache/kind';
export { localModelCacheManifest } from './kinds/localModelCache/manifest';
export { checkSourceModelUri } from './kinds/localModelCache/sourceModelUri';
export {
  DEFAULT_LOCAL_MODEL_JOBS_NAMESPACE,
  kserveDownloadJobLabels,
  LOCAL_MODEL_API_VERSION,
  LOCAL_MODEL_NODE_GROUPS,
  STORAGE_CONFIG_SECRET,
} from './kinds/localModelCache/types';
export type {
  LocalModelCacheCredentials,
  LocalModelCacheInput,
  LocalModelCacheResource,
  LocalModelCacheSpec,
  LocalModelCacheStatus,
  LocalModelNodeState,
} from './kinds/localModelCache/types';
export { validateLocalModelCacheInput } from './kinds/localModelCache/validate';
export {
  inferenceServiceKind,
  llmInferenceServiceKind,
} from './kinds/kserveServing/kind';
export {
  INFERENCE_SERVICE_API_VERSION,
  KSERVE_LOCAL_MODEL,
  kserveLocalModelMetadata,
  LLM_INFERENCE_SERVICE_API_VERSION,
  PREDICTOR_IMPLEMENTATIONS,
} from './kinds/kserveServing/types';
export type {
  InferenceService,
  KServePredictorImplementation,
  KServeServingStatus,
  LLMInferenceService,
} from './kinds/kserveServing/types';
export {
  hfOperatorJobLabels,
  hfOperatorJobName,
} from './kinds/modelDownload/jobNames';
export {
  HF_OPERATOR_JOBS,
  modelDownloadKind,
} from './kinds/modelDownload/kind';
export {
  modelDownloadManifest,
  modelDownloadModel,
} from './kinds/modelDownload/manifest';
export { MODEL_DOWNLOAD_API_VERSION } from './kinds/modelDownload/types';
export type {
  ModelDownload,
  ModelDownloadInput,
  ModelDownloadModel,
  ModelDownloadSettings,
  ModelDownloadSpec,
  ModelDownloadStatusLists,
} from './kinds/modelDownload/types';
export {
  modelDownloadWarnings,
  modelFieldWarnings,
  validateModelDownloadInput,
} from './kinds/modelDownload/validate';
export { ownerMetadata } from './kinds/ownership';
export type { ResourceOwner } from './kinds/ownership';
export { kindLifecycle, RESOURCE_KINDS } from './kinds/resourceKinds';
export { modelInResource, resourceModels } from './kinds/resourceModels';
export type { ModelInResource } from './kinds/resourceModels';
export { resourceStatus } from './kinds/resourceStatus';
export { servedModel, serverUrl } from './kinds/servedModels';
export type { ResourceStatusParts } from './kinds/resourceStatus';
export { isoTime } from './kubernetesObjects';
export type {
  Condition,
  ContainerStateLike,
  JobLike,
  KubeObject,
  ObjectMeta,
  PodLike,
} from './kubernetesObjects';
export {
  combineLabelSelectors,
  formatLabelSelector,
  matchesLabelSelector,
  parseLabelSelector,
} from './labelSelector';
export type { LabelRequirement, LabelSelector } from './labelSelector';
export {
  CATALOG_MODELS_PATH,
  MODELS_CHANGED_TOPIC,
} from './models/catalogModels';
export type {
  CatalogModel,
  CatalogModelsResponse,
} from './models/catalogModels';
export {
  ANNOTATION_HUGGING_FACE_REPO,
  ANNOTATION_MODEL_ID,
  ANNOTATION_MODEL_SOURCE,
  MODEL_ENTITY,
  modelEntityRef,
  modelIdOfEntity,
} from './models/modelEntity';
export {
  modelEntityName,
  modelKey,
  modelSourcePage,
  parseHuggingFaceUri,
} from './models/modelIdentity';
export type { HeldModel, ModelSource } from './models/modelIdentity';
export {
  ANNOTATION_SERVER_READY,
  MODEL_SERVER_ENTITY,
  servedModelSource,
  serverEntityName,
  serverEntityRef,
} from './models/modelServers';
export type {
  ModelServerSummary,
  ServedModel,
  ServerRef,
  ServerStatus,
} from './models/modelServers';
export {
  modelDeliveryDeletePermission,
  modelDeliveryFormDataReadPermission,
  modelDeliveryHubCheckPermission,
  modelDeliveryLogsReadPermission,
  modelDeliveryNamespaceReadPermission,
  modelDeliveryNamespaceWritePermission,
  modelDeliveryPermissions,
  modelDeliveryRedownloadPermission,
  modelDeliveryRetryPermission,
  modelDeliveryStatusReadPermission,
  RESOURCE_TYPE_MODEL_DELIVERY_NAMESPACE,
} from './permissions';
export {
  describeNamespaceTarget,
  modelDeliveryNamespaceRef,
  namespaceOwnerRef,
  parseModelDeliveryNamespaceRef,
} from './namespaceTarget';
export type { NamespaceTarget } from './namespaceTarget';
export { countStates, HEADLINE_STATES, overallState } from './status';
export type {
  HeadlineState,
  ItemStatus,
  ResourceFact,
  ResourceStatus,
  StateCounts,
} from './status';
export { checkHuggingFaceRepoId } from './validation/huggingFace';
export {
  assertValid,
  formatIssues,
  InputValidationError,
} from './validation/issues';
export type { ValidationIssue } from './validation/issues';
export {
  checkDnsLabel,
  checkDnsSubdomain,
  checkLabelValue,
  checkSecretKey,
} from './validation/kubernetesNames';
export { checkQuantity, parseQuantity } from './validation/quantity';
export { validateSecretManagerTokenInput } from './validation/secretManagerToken';
export type { SecretManagerTokenInput } from './validation/secretManagerToken';
