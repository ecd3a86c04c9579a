import { ResourceKindDefinition } from '../definition';
import {
  INFERENCE_SERVICE_API_VERSION,
  InferenceService,
  LLM_INFERENCE_SERVICE_API_VERSION,
  LLMInferenceService,
} from './types';

/**
 * KServe's servers without their status derivation, read-only: the suite watches them and
 * never creates, changes or deletes one. KServe writes everything the suite reads on the
 * object itself (conditions, URL, the local model cache's labels), so no related type.
 */
export const inferenceServiceBasics: Omit<
  ResourceKindDefinition<InferenceService>,
  'deriveStatus'
> = {
  kind: 'InferenceService',
  operator: 'KServe',
  resource: {
    apiVersion: INFERENCE_SERVICE_API_VERSION,
    kind: 'InferenceService',
    plural: 'inferenceservices',
    namespaced: true,
  },
  related: [],
  itemNoun: 'server',
  relatedLabels: () => undefined,
};

export const llmInferenceServiceBasics: Omit<
  ResourceKindDefinition<LLMInferenceService>,
  'deriveStatus'
> = {
  ...(inferenceServiceBasics as Omit<
    ResourceKindDefinition<LLMInferenceService>,
    'deriveStatus'
  >),
  kind: 'LLMInferenceService',
  resource: {
    apiVersion: LLM_INFERENCE_SERVICE_API_VERSION,
    kind: 'LLMInferenceService',
    plural: 'llminferenceservices',
    namespaced: true,
  },
};
