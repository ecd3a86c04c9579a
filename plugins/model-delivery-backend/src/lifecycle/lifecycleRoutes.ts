import {
  AuditorService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import {
  DeleteResourceRequest,
  DeleteResourceResponse,
  ModelDownload,
  RedownloadRequest,
  RedownloadResponse,
  modelDeliveryDeletePermission,
  modelDeliveryNamespaceWritePermission,
  modelDeliveryRedownloadPermission,
  modelDeliveryStatusReadPermission,
  modelDownloadKind,
} from '@model-delivery/plugin-model-delivery-common';
import {
  LifecycleTarget,
  ModelDeliveryClustersService,
  authorizeNamespaceAccess,
  deleteResourceWithJobs,
  redownloadModels,
} from '@model-delivery/plugin-model-delivery-node';
import { Request, Router } from 'express';
import { StatusCache } from '../cache/StatusCache';
import { authorizeEntity } from '../access/entityAccess';
import { parseRef } from '../access/entityInput';
import { entityResource } from '../access/entityResources';

/** What the lifecycle routes are built with. */
export interface LifecycleRoutesOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  auditor: AuditorService;
  logger: LoggerService;
  cache: StatusCache;
  clusters: ModelDeliveryClustersService;
}

type ResourceRequest = DeleteResourceRequest | RedownloadRequest;

/**
 * POST /delete and POST /redownload: the portal's lifecycle operations. Each is behind
 * the entity's status read permission and its own, refuses a resource the entity does not
 * own (the watch cache decides, with the entity's selector, as for the status), is behind
 * model-delivery.namespace.write in the resource's namespace, and is recorded with the
 * auditor: initiated, then succeeded or failed (a denial too).
 */
export function registerLifecycleRoutes(
  router: Router,
  options: LifecycleRoutesOptions,
) {
  const { httpAuth, permissions, catalog, auditor, cache, clusters } = options;

  /**
   * Authorizes the caller on the entity, finds the resource among the entity's own in the
   * cache, and hands it to `act`; all of it inside one audit event.
   */
  async function handle<T>(
    req: Request,
    eventId: string,
    permission: ResourcePermission<'catalog-entity'>,
    action: string,
    /** What is done to the resource, for a namespace refusal: "delete". */
    verb: string,
    act: (found: {
      request: ResourceRequest;
      entityRef: string;
      object: ReturnType<typeof entityResource>;
      target: LifecycleTarget;
    }) => Promise<T>,
  ): Promise<T> {
    const request = req.body as ResourceRequest;
    const audit = await auditor.createEvent({
      eventId,
      severityLevel: eventId === 'resource-delete' ? 'high' : 'medium',
      request: req,
      meta: {
        entityRef: request.entityRef,
        cluster: request.cluster,
        kind: request.kind,
        ...(request.namespace ? { namespace: request.namespace } : {}),
        name: request.name,
        ...('model' in request && request.model
          ? { model: request.model }
          : {}),
      },
    });
    try {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const entity = await authorizeEntity({
        catalog,
        permissions,
        credentials,
        entityRef: parseRef(request.entityRef),
        required: [modelDeliveryStatusReadPermission, permission],
        action,
      });
      const found = entityResource(cache, entity, request);
      await authorizeNamespaceAccess({
        permissions,
        credentials,
        permission: modelDeliveryNamespaceWritePermission,
        target: {
          cluster: request.cluster,
          namespace: found.object.metadata?.namespace,
          entityRef: entity.entityRef,
        },
        doing: `${verb} ${found.kind.kind} ${request.name}`,
      });
      const cluster = clusters.getCluster(request.cluster);
      const result = await act({
        request,
        entityRef: entity.entityRef,
        object: found,
        target: {
          kubeConfig: await cluster.kubeConfig(),
          cluster: cluster.name,
          url: cluster.url,
        },
      });
      await audit.success({ meta: { result: result as any } });
      return result;
    } catch (error) {
      await audit.fail({ error: error as Error });
      throw error;
    }
  }

  router.post('/delete', async (req, res) => {
    const response = await handle<DeleteResourceResponse>(
      req,
      'resource-delete',
      modelDeliveryDeletePermission,
      'delete resources of',
      'delete',
      async ({ object, target }) => {
        const { lifecycle } = object.kind;
        if (!lifecycle) {
          throw new ConflictError(
            `The portal does not delete ${object.kind.kind} resources`,
          );
        }
        const deleted = await deleteResourceWithJobs(
          target,
          object.kind,
          object.object,
        );
        return { deleted, takesWith: lifecycle.deleteTakesWith };
      },
    );
    res.json(response);
  });

  router.post('/redownload', async (req, res) => {
    const response = await handle<RedownloadResponse>(
      req,
      'model-redownload',
      modelDeliveryRedownloadPermission,
      're-download models of',
      're-download the models of',
      async ({ request, object, target }) => {
        if (object.kind.kind !== modelDownloadKind.kind) {
          throw new InputError(
            `Only a ModelDownload's models can be re-downloaded; ${object.what} is a ${object.kind.kind}`,
          );
        }
        const resource = object.object as ModelDownload;
        const model = (request as RedownloadRequest).model;
        const models = model
          ? [model]
          : (resource.spec?.models ?? []).map(m => m.name);
        return redownloadModels(target, resource, models);
      },
    );
    res.json(response);
  });
}
