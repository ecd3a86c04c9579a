import {
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  modelDeliveryRetryPermission,
  modelDeliveryStatusReadPermission,
} from '@model-delivery/plugin-model-delivery-common';
import { ModelDeliveryClustersService } from '@model-delivery/plugin-model-delivery-node';
import express from 'express';
import { StatusCache } from '../cache/StatusCache';
import { createOpenApiRouter } from '../schema/openapi';
import { EntityChangeNotifier } from '../signals/EntityChangeNotifier';
import { authorizeEntity } from './entityAccess';
import { computeEntityStatus } from './entityStatus';
import { parseRef, selectorOf } from './entityInput';
import { retryItem } from './retry';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  logger: LoggerService;
  cache: StatusCache;
  clusters: ModelDeliveryClustersService;
  notifier: EntityChangeNotifier;
}

/**
 * The plugin's HTTP API, as documented in src/schema/openapi.yaml. Neither endpoint reads
 * a cluster to answer: the status comes from the watch caches, and retry reads the
 * cache before its one DELETE.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, catalog, cache, notifier } = options;
  const router = await createOpenApiRouter();

  router.get('/entity/:kind/:namespace/:name/status', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { kind, namespace, name } = req.params;
    const { entity, entityRef } = await authorizeEntity({
      catalog,
      permissions,
      credentials,
      entityRef: stringifyEntityRef({ kind, namespace, name }),
      required: [modelDeliveryStatusReadPermission],
      action: 'read the model delivery status of',
    });
    const selector = selectorOf(entity);
    const status = computeEntityStatus(cache, entityRef, selector);
    notifier.track(entityRef, selector, status);
    res.json(status);
  });

  router.post('/retry', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const request = req.body;
    const { entity, entityRef } = await authorizeEntity({
      catalog,
      permissions,
      credentials,
      entityRef: parseRef(request.entityRef),
      required: [
        modelDeliveryStatusReadPermission,
        modelDeliveryRetryPermission,
      ],
      action: 'retry models of',
    });
    const actor =
      'userEntityRef' in credentials.principal
        ? credentials.principal.userEntityRef
        : credentials.principal.subject;
    const result = await retryItem({
      cache,
      clusters: options.clusters,
      logger: options.logger,
      selector: selectorOf(entity),
      entityRef,
      request,
      actor,
    });
    res.json(result);
  });

  return router;
}
