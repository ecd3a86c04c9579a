import { JobLike, PodLike } from '../../kubernetesObjects';
import { ResourceKindDefinition } from '../definition';
import { JOB_PODS, jobsSelectedBy } from '../jobProgress';
import { deriveLocalModelCacheStatus } from './status';
import {
  DEFAULT_LOCAL_MODEL_JOBS_NAMESPACE,
  LocalModelCacheResource,
} from './types';

export * from './types';
export * from './sourceModelUri';
export * from './validate';
export * from './manifest';
export { deriveLocalModelCacheStatus } from './status';

/** KServe's download Jobs, in its jobs namespace, labelled with the cache and the node. */
const KSERVE_DOWNLOAD_JOBS = jobsSelectedBy(
  'model,node',
  DEFAULT_LOCAL_MODEL_JOBS_NAMESPACE,
);

const related = [KSERVE_DOWNLOAD_JOBS, JOB_PODS];
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
  {
    kind: 'LocalModelCache',
    operator: 'KServe',
    resource: {
      apiVersion: 'serving.kserve.io/v1alpha1',
      kind: 'LocalModelCache',
      plural: 'localmodelcaches',
      namespaced: false,
    },
    related,
    itemNoun: 'node',
    deriveStatus,
  };

/** KServe's namespaced `LocalModelNamespaceCache` (0.18+), same terms. @public */
export const localModelNamespaceCacheKind: ResourceKindDefinition<LocalModelCacheResource> =
  {
    ...localModelCacheKind,
    kind: 'LocalModelNamespaceCache',
    resource: {
      apiVersion: 'serving.kserve.io/v1alpha1',
      kind: 'LocalModelNamespaceCache',
      plural: 'localmodelnamespacecaches',
      namespaced: true,
    },
  };
