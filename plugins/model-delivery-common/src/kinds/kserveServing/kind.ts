import { ResourceKindDefinition } from '../definition';
import {
  ITEM_NOUN,
  deriveInferenceServiceStatus,
  deriveLLMInferenceServiceStatus,
} from './status';
import {
  INFERENCE_SERVICE_API_VERSION,
  InferenceService,
  LLM_INFERENCE_SERVICE_API_VERSION,
  LLMInferenceService,
} from './types';

/**
 * KServe's `InferenceService`, watched read-only: one item, the server. Phases: `ready`,
 * `not-ready`, `loading`, `failed-to-load`, `invalid-spec`, `waiting-for-kserve`,
 * `deleting`. Its status carries `server`: the API it speaks, its URL, its models.
 *
 * The suite watches KServe's servers and never creates, changes or deletes one. KServe
 * writes everything the suite reads on the object itself (conditions, URL, the local model
 * cache's labels), so no related type.
 *
 * @public
 */
export const inferenceServiceKind: ResourceKindDefinition<InferenceService> = {
  kind: 'InferenceService',
  operator: 'KServe',
  resource: {
    apiVersion: INFERENCE_SERVICE_API_VERSION,
    kind: 'InferenceService',
    plural: 'inferenceservices',
    namespaced: true,
  },
  related: [],
  itemNoun: ITEM_NOUN,
  relatedLabels: () => undefined,
  deriveStatus: (resource, _related, context) =>
    deriveInferenceServiceStatus(resource, context),
};

/** KServe's `LLMInferenceService`, watched read-only, in the same terms. @public */
export const llmInferenceServiceKind: ResourceKindDefinition<LLMInferenceService> =
  {
    kind: 'LLMInferenceService',
    operator: 'KServe',
    resource: {
      apiVersion: LLM_INFERENCE_SERVICE_API_VERSION,
      kind: 'LLMInferenceService',
      plural: 'llminferenceservices',
      namespaced: true,
    },
    related: [],
    itemNoun: ITEM_NOUN,
    relatedLabels: () => undefined,
    deriveStatus: (resource, _related, context) =>
      deriveLLMInferenceServiceStatus(resource, context),
  };
