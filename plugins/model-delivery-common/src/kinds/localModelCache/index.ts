import { JobLike, PodLike } from '../../kubernetesObjects';
import { ResourceKindDefinition } from '../definition';
import { JOB_PODS } from '../jobProgress';
import { KSERVE_DOWNLOAD_JOBS, localModelCacheBasics } from './kind';
import { deriveLocalModelCacheStatus } from './status';
import { LOCAL_MODEL_API_VERSION, LocalModelCacheResource } from './types';

const deriveStatus: ResourceKindDefinition<LocalModelCacheResource>['deriveStatus'] =
  (resource, objects, context) =>
    deriveLocalModelCacheStatus(
      resource,
      objects.list<JobLike>(KSERVE_DOWNLOAD_JOBS),
      objects.list<PodLike>(JOB_PODS),
      context,
    );

/**
 * KServe's cluster-scoped `LocalModelCache`, one item per node. Phases: `downloaded`,
 * `download-error`, `downloading` (or the download Job's trouble phase), `download-pending`,
 * `node-not-ready`, `unknown`.
 *
 * @public
 */
export const localModelCacheKind: ResourceKindDefinition<LocalModelCacheResource> =
  { ...localModelCacheBasics, deriveStatus };

/** KServe's namespaced `LocalModelNamespaceCache` (0.18+), same terms. @public */
export const localModelNamespaceCacheKind: ResourceKindDefinition<LocalModelCacheResource> =
  {
    ...localModelCacheKind,
    kind: 'LocalModelNamespaceCache',
    resource: {
      apiVersion: LOCAL_MODEL_API_VERSION,
      kind: 'LocalModelNamespaceCache',
      plural: 'localmodelnamespacecaches',
      namespaced: true,
    },
  };
