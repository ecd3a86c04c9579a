import { AuthService, HttpAuthService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  CATALOG_MODELS_PATH,
  CatalogModelsResponse,
} from '@model-delivery/plugin-model-delivery-common';
import express from 'express';
import Router from 'express-promise-router';
import { StatusCache } from '../cache/StatusCache';
import { entitiesWithResources } from '../access/entitiesWithResources';
import { catalogModels } from './catalogModels';

/** Whether every cluster's cache has matched its API server at least once. */
export function cachesFilled(cache: StatusCache, now = new Date()): boolean {
  return cache.clusterStatuses(now).every(c => Boolean(c.lastSyncedAt));
}

/**
 * Every model the catalog's entities hold, read with the plugin's own credentials (all
 * entities: the catalog module makes entities of them, and the catalog then applies its
 * read rules to every reader).
 */
export async function readCatalogModels(options: {
  cache: StatusCache;
  catalog: CatalogService;
  auth: AuthService;
}): Promise<CatalogModelsResponse> {
  const entities = await entitiesWithResources(
    options.catalog,
    await options.auth.getOwnServiceCredentials(),
  );
  return catalogModels(options.cache, entities);
}

/**
 * `GET /internal/catalog-models`, for the catalog module: services only (a user's token,
 * even relayed, is refused), so no person reads every team's models through it. While a
 * cluster's cache has never been filled it answers 503: an empty answer then would make
 * the catalog delete every model entity until the caches fill.
 */
export function catalogModelsRouter(options: {
  httpAuth: HttpAuthService;
  auth: AuthService;
  catalog: CatalogService;
  cache: StatusCache;
}): express.Router {
  const router = Router();
  router.get(CATALOG_MODELS_PATH, async (req, res) => {
    await options.httpAuth.credentials(req, { allow: ['service'] });
    if (!cachesFilled(options.cache)) {
      res.status(503).json({
        error: {
          name: 'ServiceUnavailableError',
          message: 'The cluster caches are still filling',
        },
      });
      return;
    }
    res.json(await readCatalogModels(options));
  });
  return router;
}
