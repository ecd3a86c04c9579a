import { Manifest } from '@internal/local-control-plane';
import {
  LABEL_KUBERNETES_ID,
  gemmaChildNames,
  inferenceServiceKind,
  kroChildLabels,
  kserveLocalModelMetadata,
  llmInferenceServiceKind,
} from '@model-delivery/plugin-model-delivery-common';

/*
 * Model servers as KServe and kro leave them: no KServe webhook or controller runs in the
 * local control plane, so the tests write what they would, labelled and annotated as the
 * kind definitions of common say they are.
 */

/** The local model cache KServe's webhook ties a server to, on one node group. */
export interface ServerCache {
  name: string;
  /** Set for a LocalModelNamespaceCache. */
  namespace?: string;
  sourceModelUri: string;
  nodeGroup: string;
}

function serverMetadata(options: {
  name: string;
  namespace: string;
  kubernetesId?: string;
  cache?: ServerCache;
}) {
  const cache = options.cache
    ? kserveLocalModelMetadata(options.cache, options.cache.nodeGroup)
    : undefined;
  return {
    name: options.name,
    namespace: options.namespace,
    labels: {
      ...(options.kubernetesId
        ? { [LABEL_KUBERNETES_ID]: options.kubernetesId }
        : {}),
      ...cache?.labels,
    },
    ...(cache ? { annotations: cache.annotations } : {}),
  };
}

/**
 * A KServe InferenceService serving `storageUri` with the Hugging Face runtime; with
 * `cache`, as KServe's webhook admits it when a cache holds that URI.
 */
export function inferenceService(options: {
  name: string;
  namespace: string;
  kubernetesId?: string;
  storageUri: string;
  cache?: ServerCache;
  status?: Record<string, unknown>;
}): Manifest {
  return {
    apiVersion: inferenceServiceKind.resource.apiVersion,
    kind: 'InferenceService',
    metadata: serverMetadata(options),
    spec: {
      predictor: {
        model: {
          modelFormat: { name: 'huggingface' },
          storageUri: options.storageUri,
        },
      },
    },
    ...(options.status ? { status: options.status } : {}),
  };
}

/** A KServe LLMInferenceService serving `uri` as `servedName`. */
export function llmInferenceService(options: {
  name: string;
  namespace: string;
  kubernetesId?: string;
  uri: string;
  servedName?: string;
  cache?: ServerCache;
  status?: Record<string, unknown>;
}): Manifest {
  return {
    apiVersion: llmInferenceServiceKind.resource.apiVersion,
    kind: 'LLMInferenceService',
    metadata: serverMetadata(options),
    spec: {
      model: {
        uri: options.uri,
        ...(options.servedName ? { name: options.servedName } : {}),
      },
    },
    ...(options.status ? { status: options.status } : {}),
  };
}

const condition = (
  type: string,
  status: string,
  at: string,
  reason?: string,
  message?: string,
) => ({
  type,
  status,
  lastTransitionTime: at,
  ...(reason ? { reason } : {}),
  ...(message ? { message } : {}),
});

/** The statuses KServe writes on its servers. */
export const kserveServerStatus = {
  ready: (url: string, at = new Date().toISOString()) => ({
    url,
    address: { url },
    conditions: [
      condition('IngressReady', 'True', at),
      condition('PredictorReady', 'True', at),
      condition('Ready', 'True', at),
    ],
    modelStatus: {
      transitionStatus: 'UpToDate',
      states: { activeModelState: 'Loaded', targetModelState: 'Loaded' },
    },
  }),
  notReady: (
    reason: string,
    message: string,
    at = new Date().toISOString(),
  ) => ({
    conditions: [
      condition('IngressReady', 'True', at),
      condition('PredictorReady', 'False', at, reason, message),
      condition('Ready', 'False', at, reason, message),
    ],
    modelStatus: {
      transitionStatus: 'InProgress',
      states: { activeModelState: 'Pending', targetModelState: 'Loaded' },
    },
  }),
};

/** The Service kro creates for a GemmaOnTPUServer (the suite's RGD): the server's URL. */
export function gemmaService(instance: string, ns: string): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: gemmaChildNames(instance).service,
      namespace: ns,
      labels: {
        ...kroChildLabels({ name: instance, namespace: ns }),
        'kro.run/node-id': 'service',
      },
    },
    spec: {
      selector: { 'app.kubernetes.io/instance': instance },
      ports: [
        { name: 'http', port: 8000, targetPort: 8000, protocol: 'TCP' },
        { name: 'grpc', port: 9000, targetPort: 9000, protocol: 'TCP' },
      ],
    },
  };
}
