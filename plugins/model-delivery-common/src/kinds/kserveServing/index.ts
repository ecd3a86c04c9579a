import { ResourceKindDefinition } from '../definition';
import { inferenceServiceBasics, llmInferenceServiceBasics } from './kind';
import {
  deriveInferenceServiceStatus,
  deriveLLMInferenceServiceStatus,
} from './status';
import { InferenceService, LLMInferenceService } from './types';

/**
 * KServe's `InferenceService`, watched read-only: one item, the server. Phases: `ready`,
 * `not-ready`, `loading`, `failed-to-load`, `invalid-spec`, `waiting-for-kserve`,
 * `deleting`. Its status carries `server`: the API it speaks, its URL, its models.
 *
 * @public
 */
export const inferenceServiceKind: ResourceKindDefinition<InferenceService> = {
  ...inferenceServiceBasics,
  deriveStatus: (resource, _related, context) =>
    deriveInferenceServiceStatus(resource, context),
};

/** KServe's `LLMInferenceService`, watched read-only, in the same terms. @public */
export const llmInferenceServiceKind: ResourceKindDefinition<LLMInferenceService> =
  {
    ...llmInferenceServiceBasics,
    deriveStatus: (resource, _related, context) =>
      deriveLLMInferenceServiceStatus(resource, context),
  };
