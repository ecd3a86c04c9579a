import {
  AuditorService,
  AuthService,
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  EntityResourceSelector,
  modelDeliveryRetryPermission,
  modelDeliveryStatusReadPermission,
  modelIdOfEntity,
} from '@model-delivery/plugin-model-delivery-common';
import { ModelDeliveryClustersService } from '@model-delivery/plugin-model-delivery-node';
import express from 'express';
import { StatusCache } from './cache/StatusCache';
import { createOpenApiRouter } from './schema/openapi';
import { EntityChangeNotifier } from './signals/EntityChangeNotifier';
import { fleetHandler } from './fleet/fleetRoute';
import { VisibleEntities } from './access/visibleEntities';
import { EntityAccessCache, authorizeEntity } from './access/entityAccess';
import {
  StatusExtras,
  entityFingerprint,
  entityStatusAnswer,
} from './status/entityStatus';
import { serversOf } from './places/modelServers';
import { modelEntityStatusAnswer } from './catalogModels/modelEntityStatus';
import { parseRef } from './access/entityInput';
import { RenderedBodies } from './status/renderedBodies';
import { retryItem } from './lifecycle/retry';
import { registerLifecycleRoutes } from './lifecycle/lifecycleRoutes';
import {
  DIAGNOSTICS_PATH,
  diagnosticsHandler,
} from './diagnostics/diagnosticsRoute';
import { registerFormDataRoutes } from './formData/formDataRoutes';
import { FormDataReader } from './formData/FormDataReader';
import { FormDataOptions } from './options';

/** Whether an If-None-Match header names the ETag (weak comparison, as for GET). */
function matchesETag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some(tag => opaque(tag) === opaque(etag));
}

export interface RouterOptions {
  httpAuth: HttpAuthService;
  /** The plugin's own identity, for reading an entity once for every caller. */
  auth: AuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  /** Records deletes and re-downloads. */
  auditor: AuditorService;
  logger: LoggerService;
  cache: StatusCache;
  clusters: ModelDeliveryClustersService;
  notifier: EntityChangeNotifier;
  /** How long a caller's catalog read and permission decisions for an entity are reused; 0: never. */
  accessCacheMs: number;
  /** The template forms' routes (formData/) and their reader. */
  formData: FormDataOptions & { reader: FormDataReader };
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
  const accessCache =
    options.accessCacheMs > 0
      ? new EntityAccessCache(options.accessCacheMs, async entityRef =>
          catalog.getEntityByRef(entityRef, {
            credentials: await options.auth.getOwnServiceCredentials(),
          }),
        )
      : undefined;

  const visibleEntities = new VisibleEntities({
    catalog,
    permissions,
    ttlMs: options.accessCacheMs,
    auth: options.auth,
    accessCache,
  });

  const renderedBodies = new RenderedBodies();

  /**
   * The servers, among the entities the caller may see, serving a model the entity's
   * resources hold: its page links each model to them. Nothing is read while no cluster
   * runs a server.
   */
  const servedModelsOf = async (
    selector: EntityResourceSelector | undefined,
    credentials: BackstageCredentials,
  ): Promise<StatusExtras> => {
    if (!selector || !cache.hasServers()) return {};
    const modelIds = cache.heldModelIdsOf(selector);
    if (modelIds.length === 0) return {};
    const servers = serversOf(cache, await visibleEntities.of(credentials), {
      modelIds,
    });
    return servers.length ? { servers: servers.map(s => s.summary) } : {};
  };

  router.get('/entity/:kind/:namespace/:name/status', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { kind, namespace, name } = req.params;
    const { entity, entityRef, selector } = await authorizeEntity({
      catalog,
      permissions,
      credentials,
      entityRef: stringifyEntityRef({ kind, namespace, name }),
      required: [modelDeliveryStatusReadPermission],
      action: 'read the model delivery status of',
      cache: accessCache,
    });
    // A model entity (catalog module) selects nothing: its places are those of the
    // entities holding or serving the model that the caller may see.
    const modelId = modelIdOfEntity(entity);
    const answer = modelId
      ? modelEntityStatusAnswer({
          cache,
          entityRef,
          modelId,
          visible: await visibleEntities.of(credentials),
        })
      : entityStatusAnswer(
          cache,
          entityRef,
          selector,
          new Date(),
          await servedModelsOf(selector, credentials),
        );
    // Signals follow what anyone sees of the entity; its page then asks again as its viewer.
    notifier.track(
      entityRef,
      selector,
      entityFingerprint(cache, entityRef, selector, modelId),
      modelId,
    );
    // Per caller: a shared cache must not hand one caller's answer to another.
    res.setHeader('Cache-Control', 'private, no-cache');
    res.setHeader('ETag', answer.etag);
    if (matchesETag(req.headers['if-none-match'], answer.etag)) {
      res.status(304).end();
      return;
    }
    // The body is spliced from JSON kept per resource, once a second for every view.
    const gzip = req.acceptsEncodings('gzip') === 'gzip';
    res.setHeader('Vary', 'Accept-Encoding');
    // Already encoded: the root router's compression middleware leaves it alone.
    if (gzip) res.setHeader('Content-Encoding', 'gzip');
    res
      .status(200)
      .type('application/json')
      .send(renderedBodies.get(entityRef, answer, gzip));
  });

  router.get(
    DIAGNOSTICS_PATH,
    diagnosticsHandler({
      httpAuth,
      permissions,
      catalog,
      cache,
      clusters: options.clusters,
    }),
  );

  router.get(
    '/fleet',
    fleetHandler({ httpAuth, cache, visible: visibleEntities }),
  );

  router.post('/retry', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const request = req.body;
    const entity = await authorizeEntity({
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
      permissions,
      credentials,
      clusters: options.clusters,
      logger: options.logger,
      entity,
      request,
      actor,
    });
    res.json(result);
  });

  registerFormDataRoutes(router, {
    ...options.formData,
    httpAuth,
    permissions,
    clusters: options.clusters,
    cache,
  });

  registerLifecycleRoutes(router, {
    httpAuth,
    permissions,
    catalog,
    auditor: options.auditor,
    logger: options.logger,
    cache,
    clusters: options.clusters,
  });

  return router;
}
