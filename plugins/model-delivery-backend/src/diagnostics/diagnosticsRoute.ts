import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  modelDeliveryLogsReadPermission,
  modelDeliveryStatusReadPermission,
} from '@model-delivery/plugin-model-delivery-common';
import { ModelDeliveryClustersService } from '@model-delivery/plugin-model-delivery-node';
import { Request, Response } from 'express';
import { StatusCache } from '../cache/StatusCache';
import { authorizeEntity } from '../access/entityAccess';
import { readItemDiagnostics } from './itemDiagnostics';

/** The path of the diagnostics endpoint, as openapi.yaml names it. */
export const DIAGNOSTICS_PATH = '/entity/:kind/:namespace/:name/diagnostics';

function requiredQuery(req: Request<any, any, any, any>, name: string): string {
  const value = req.query[name];
  if (typeof value !== 'string' || value === '') {
    throw new InputError(`The query parameter '${name}' is required`);
  }
  return value;
}

/**
 * `GET /entity/{kind}/{namespace}/{name}/diagnostics`: one item's log tail and events.
 * The caller must see the entity in the catalog and hold both the status and the logs
 * permission on it: logs say more than the status does, so reading them is its own grant.
 * No access cache: each answer reads the cluster anyway, and a revoked grant must stop
 * the very next read.
 */
export function diagnosticsHandler(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  cache: StatusCache;
  clusters: ModelDeliveryClustersService;
}) {
  // The spec-typed router types the query from openapi.yaml; it is checked here anyway.
  return async (req: Request<any, any, any, any>, res: Response) => {
    const credentials = await options.httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { kind, namespace, name } = req.params;
    const entity = await authorizeEntity({
      catalog: options.catalog,
      permissions: options.permissions,
      credentials,
      entityRef: stringifyEntityRef({ kind, namespace, name }),
      required: [
        modelDeliveryStatusReadPermission,
        modelDeliveryLogsReadPermission,
      ],
      action: 'read the logs and events of',
    });
    const resourceNamespace = req.query.resourceNamespace;
    const tailLines = req.query.tailLines;
    const answer = await readItemDiagnostics({
      cache: options.cache,
      clusters: options.clusters,
      entity,
      query: {
        cluster: requiredQuery(req, 'cluster'),
        resourceKind: requiredQuery(req, 'resourceKind'),
        resourceName: requiredQuery(req, 'resourceName'),
        item: requiredQuery(req, 'item'),
        ...(typeof resourceNamespace === 'string' && resourceNamespace
          ? { resourceNamespace }
          : {}),
        ...(tailLines !== undefined ? { tailLines } : {}),
      },
    });
    // Logs are read at the time of asking and may hold what the caller alone may see.
    res.setHeader('Cache-Control', 'private, no-store');
    res.json(answer);
  };
}
