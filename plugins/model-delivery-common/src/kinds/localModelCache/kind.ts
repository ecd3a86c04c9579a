import { JobLike, PodLike } from '../../kubernetesObjects';
import { ITEM_NOUN, deriveLocalModelCacheStatus } from './status';
import { storageUriModel } from '../../models/modelIdentity';
import { ResourceKindDefinition, watchedTypeKey } from '../definition';
import { JOB_PODS, jobsSelectedBy } from '../jobProgress';
import {
  DEFAULT_LOCAL_MODEL_JOBS_NAMESPACE,
  LOCAL_MODEL_API_VERSION,
  LocalModelCacheResource,
  kserveDownloadJobLabels,
} from './types';

/** KServe's download Jobs of every cache, in its jobs namespace. @public */
export const KSERVE_DOWNLOAD_JOBS = jobsSelectedBy(
  // Both labels present: `model,node`.
  Object.keys(kserveDownloadJobLabels('', '')).join(','),
  DEFAULT_LOCAL_MODEL_JOBS_NAMESPACE,
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
      apiVersion: LOCAL_MODEL_API_VERSION,
      kind: 'LocalModelCache',
      plural: 'localmodelcaches',
      namespaced: false,
    },
    related: [KSERVE_DOWNLOAD_JOBS, JOB_PODS],
    itemNoun: ITEM_NOUN,
    lifecycle: {
      deleteTakesWith:
        "KServe takes the model off the nodes of its node groups, and its node agents delete the copies on those nodes' disks; InferenceServices that use the cache fetch the model themselves from then on.",
      deletesJobs: false,
    },
    relatedLabels: (type, resource) =>
      watchedTypeKey(type) === watchedTypeKey(KSERVE_DOWNLOAD_JOBS)
        ? kserveDownloadJobLabels(resource.name)
        : undefined,
    heldModels: resource => {
      const spec = resource.spec;
      if (typeof spec?.sourceModelUri !== 'string' || !spec.sourceModelUri) {
        return [];
      }
      const groups = (spec.nodeGroups ?? []).filter(
        group => typeof group === 'string' && group,
      );
      const size = spec.modelSize;
      return [
        storageUriModel(spec.sourceModelUri, {
          cached: true,
          ...(groups.length
            ? { storage: `node groups ${groups.join(', ')}` }
            : {}),
          ...(size !== undefined && size !== '' ? { size: String(size) } : {}),
        }),
      ];
    },
    deriveStatus: (resource, objects, context) =>
      deriveLocalModelCacheStatus(
        resource,
        objects.list<JobLike>(KSERVE_DOWNLOAD_JOBS),
        objects.list<PodLike>(JOB_PODS),
        context,
      ),
  };

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
