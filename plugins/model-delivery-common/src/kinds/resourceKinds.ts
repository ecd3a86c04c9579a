import { KindLifecycle } from '../api';
import { ResourceKindDefinition } from './definition';
import { gemmaOnTPUServerKind } from './gemmaOnTpuServer/kind';
import {
  localModelCacheKind,
  localModelNamespaceCacheKind,
} from './localModelCache/kind';
import { modelDownloadKind } from './modelDownload/kind';
import {
  inferenceServiceKind,
  llmInferenceServiceKind,
} from './kserveServing/kind';

/**
 * Every kind the suite shows on entity pages. The backend watches each in every cluster
 * (a kind whose CRD a cluster lacks is simply absent there). Adding a kind is adding its
 * definition here.
 *
 * @public
 */
export const RESOURCE_KINDS: ReadonlyArray<ResourceKindDefinition<any>> = [
  modelDownloadKind,
  gemmaOnTPUServerKind,
  localModelCacheKind,
  localModelNamespaceCacheKind,
  inferenceServiceKind,
  llmInferenceServiceKind,
];

/**
 * The lifecycle of one of the suite's own kinds.
 *
 * @public
 * @deprecated Read the kind definition's `lifecycle` (modules' kinds have theirs there too).
 */
export function kindLifecycle(kind: string): KindLifecycle | undefined {
  return RESOURCE_KINDS.find(k => k.kind === kind)?.lifecycle;
}
