import { ResourceKindDefinition } from './definition';
import { modelDownloadKind } from './modelDownload';

export * from './definition';
export * from './jobProgress';
export * from './modelDownload';

/**
 * Every kind the suite shows on entity pages. The backend watches each in every cluster
 * (a kind whose CRD a cluster lacks is simply absent there).
 *
 * @public
 */
export const RESOURCE_KINDS: ReadonlyArray<ResourceKindDefinition<any>> = [
  modelDownloadKind,
];
