import { Condition, KubeObject } from '../../kubernetesObjects';

/** The version of KServe's InferenceService the suite reads. @public */
export const INFERENCE_SERVICE_API_VERSION = 'serving.kserve.io/v1beta1';

/**
 * The version of KServe's LLMInferenceService the suite reads: v1alpha1, which every KServe
 * release with this API serves (newer ones store v1alpha2 and serve both).
 *
 * @public
 */
export const LLM_INFERENCE_SERVICE_API_VERSION = 'serving.kserve.io/v1alpha1';

/** A predictor implementation's storage fields (`model`, `huggingface`, `sklearn`...). @public */
export interface KServePredictorImplementation {
  storageUri?: string;
  modelFormat?: { name?: string; version?: string };
  runtime?: string;
  protocolVersion?: string;
}

/** KServe's predictor implementations, in the order KServe picks the first one set. @public */
export const PREDICTOR_IMPLEMENTATIONS = [
  'xgboost',
  'pytorch',
  'triton',
  'sklearn',
  'tensorflow',
  'onnx',
  'pmml',
  'lightgbm',
  'paddle',
  'huggingface',
  'model',
] as const;

/** The status KServe writes on an InferenceService and an LLMInferenceService. @public */
export interface KServeServingStatus {
  url?: string;
  address?: { url?: string };
  conditions?: Condition[];
  /** InferenceService only. */
  modelStatus?: {
    transitionStatus?: string;
    states?: { activeModelState?: string; targetModelState?: string };
    lastFailureInfo?: {
      reason?: string;
      message?: string;
      exitCode?: number;
      location?: string;
      time?: string;
    };
  };
}

/** KServe's `InferenceService` (serving.kserve.io/v1beta1), the fields the suite reads. @public */
export interface InferenceService extends KubeObject {
  spec?: {
    predictor?: {
      [implementation in (typeof PREDICTOR_IMPLEMENTATIONS)[number]]?: KServePredictorImplementation;
    } & {
      storageUris?: Array<{ uri?: string }>;
      containers?: Array<{
        name?: string;
        env?: Array<{ name?: string; value?: string }>;
      }>;
    };
  };
  status?: KServeServingStatus;
}

/** KServe's `LLMInferenceService` (serving.kserve.io/v1alpha1), the fields the suite reads. @public */
export interface LLMInferenceService extends KubeObject {
  spec?: { model?: { uri?: string; name?: string } };
  status?: KServeServingStatus;
}

const INTERNAL = 'internal.serving.kserve.io';

/**
 * What KServe's admission webhook writes on an InferenceService or LLMInferenceService whose
 * storage URI a LocalModelCache (or, first, a LocalModelNamespaceCache) holds: the cache's
 * name, its namespace for a namespaced cache, its source URI and the node group's PVC it
 * mounts instead of downloading (`<cache>-<node group>`). KServe's localmodel controller
 * lists the servers carrying the label in the cache's `status.inferenceServices` /
 * `llmInferenceServices`. (kserve `pkg/constants`, `setLocalModelLabel`.)
 *
 * @public
 */
export const KSERVE_LOCAL_MODEL = {
  label: `${INTERNAL}/localmodel`,
  namespaceLabel: `${INTERNAL}/localmodel-namespace`,
  sourceUriAnnotation: `${INTERNAL}/localmodel-sourceuri`,
  pvcNameAnnotation: `${INTERNAL}/localmodel-pvc-name`,
} as const;

/**
 * The labels and annotations KServe's webhook writes on a server using `cache` on
 * `nodeGroup` (the test kit plays the webhook with them).
 *
 * @public
 */
export function kserveLocalModelMetadata(
  cache: { name: string; namespace?: string; sourceModelUri: string },
  nodeGroup: string,
): { labels: Record<string, string>; annotations: Record<string, string> } {
  return {
    labels: {
      [KSERVE_LOCAL_MODEL.label]: cache.name,
      ...(cache.namespace
        ? { [KSERVE_LOCAL_MODEL.namespaceLabel]: cache.namespace }
        : {}),
    },
    annotations: {
      [KSERVE_LOCAL_MODEL.sourceUriAnnotation]: cache.sourceModelUri,
      [KSERVE_LOCAL_MODEL.pvcNameAnnotation]: `${cache.name}-${nodeGroup}`,
    },
  };
}
