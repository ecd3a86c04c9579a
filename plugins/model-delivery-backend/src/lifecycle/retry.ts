import {
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  RetryRequest,
  RetryResponse,
  modelDeliveryNamespaceWritePermission,
} from '@model-delivery/plugin-model-delivery-common';
import {
  AuthorizedEntity,
  ModelDeliveryClustersService,
  authorizeNamespaceAccess,
  deleteJob,
} from '@model-delivery/plugin-model-delivery-node';
import { entityResource, resourceItem } from '../access/entityResources';
import { StatusCache } from '../cache/StatusCache';

/**
 * Retries one failed item: deletes its failed Job (node's `deleteJob`) so that the
 * operator recreates it on its next reconcile. The caller has been authorized for
 * the entity; here the resource must belong to that entity, the item must be retryable
 * in the cache's current view (a failed Job exists), and the caller must hold
 * model-delivery.namespace.write in the resource's namespace.
 *
 * The delete carries the cached Job's uid as a precondition: if the operator has already
 * replaced the Job, the API server refuses (409) instead of deleting the new one.
 */
export async function retryItem(options: {
  cache: StatusCache;
  /** Decides model-delivery.namespace.write in the resource's namespace for the caller. */
  permissions: PermissionsService;
  credentials: BackstageCredentials;
  clusters: ModelDeliveryClustersService;
  logger: LoggerService;
  entity: AuthorizedEntity;
  request: RetryRequest;
  /** Who asked, for the log. */
  actor: string;
}): Promise<RetryResponse> {
  const { cache, request, entity } = options;
  const found = entityResource(cache, entity, request);
  const { kind, what } = found;
  const item = resourceItem(found, request.item);
  if (!item.retryable || !item.jobName) {
    throw new ConflictError(
      `${kind.itemNoun} '${item.name}' of ${what} cannot be retried: it is ${
        item.state
      } (${item.detail}). Retry deletes a failed Job so that ${
        kind.operator
      } recreates it; there is no failed Job ${
        item.jobName ? `(${item.jobName}) ` : ''
      }to delete.`,
    );
  }
  const jobNamespace = item.jobNamespace ?? found.object.metadata?.namespace;
  if (!jobNamespace) {
    throw new ConflictError(
      `${kind.itemNoun} '${item.name}' of ${what} names Job ${item.jobName} without a namespace`,
    );
  }
  const job = cache.findRelatedJob(
    request.cluster,
    kind.kind,
    jobNamespace,
    item.jobName,
  );
  await authorizeNamespaceAccess({
    permissions: options.permissions,
    credentials: options.credentials,
    permission: modelDeliveryNamespaceWritePermission,
    target: {
      cluster: request.cluster,
      namespace: found.object.metadata?.namespace,
      entityRef: entity.entityRef,
    },
    doing: `retry ${kind.itemNoun} '${item.name}' of ${kind.kind} ${request.name}`,
  });
  const cluster = options.clusters.getCluster(request.cluster);
  const jobRef = `Job ${jobNamespace}/${item.jobName}`;
  const deleted = await deleteJob(
    {
      kubeConfig: await cluster.kubeConfig(),
      cluster: cluster.name,
      url: cluster.url,
    },
    { name: item.jobName, namespace: jobNamespace, uid: job?.metadata?.uid },
  );
  if (!deleted) {
    throw new NotFoundError(
      `Cannot delete ${jobRef} in cluster '${cluster.name}': it no longer exists`,
    );
  }
  options.logger.info(
    `Retry of ${kind.itemNoun} '${item.name}' of ${what} for ${entity.entityRef} by ${options.actor}: deleted failed ${jobRef}`,
  );
  return { deletedJob: item.jobName, namespace: jobNamespace };
}
