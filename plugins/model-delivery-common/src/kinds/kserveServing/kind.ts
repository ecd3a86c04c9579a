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
 * What KServe's two server kinds share. The suite watches them read-only: it never creates,
 * changes or deletes one (no `lifecycle`). KServe writes everything the suite reads on the
 * object itself (conditions, URL, the local model cache's labels), so no related type.
 */
const KSERVE_SERVER: Pick<
  ResourceKindDefinition,
  'operator' | 'related' | 'itemNoun' | 'relatedLabels'
> = {
  operator: 'KServe',
  related: [],
  itemNoun: ITEM_NOUN,
  relatedLabels: () => undefined,
};

/**
 * KServe's `InferenceService`, watched read-only: one item, the server. Phases: `ready`,
 * `not-ready`, `loading`, `failed-to-load`, `invalid-spec`, `waiting-for-kserve`,
 * `deleting`. Its status carries `server`: the API it speaks, its URL, its models.
 *
 * @public
 */
export const inferenceServiceKind: ResourceKindDefinition<InferenceService> = {
  ...KSERVE_SERVER,
  kind: 'InferenceService',
  resource: {
    apiVersion: INFERENCE_SERVICE_API_VERSION,
    kind: 'InferenceService',
    plural: 'inferenceservices',
    namespaced: true,
  },
  deriveStatus: (resource, _related, context) =>
    deriveInferenceServiceStatus(resource, context),
};

/** KServe's `LLMInferenceService`, watched read-only, in the same terms. @public */
export const llmInferenceServiceKind: ResourceKindDefinition<LLMInferenceService> =
  {
    ...KSERVE_SERVER,
    kind: 'LLMInferenceService',
    resource: {
      apiVersion: LLM_INFERENCE_SERVICE_API_VERSION,
      kind: 'LLMInferenceService',
      plural: 'llminferenceservices',
      namespaced: true,
    },
    deriveStatus: (resource, _related, context) =>
      deriveLLMInferenceServiceStatus(resource, context),
  };
