import {
  AuthService,
  HttpAuthService,
  HttpRouterService,
  LifecycleService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { EventsService } from '@backstage/plugin-events-node';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { StatusCache } from '../cache/StatusCache';
import { catalogModelsRouter, readCatalogModels } from './catalogModelsRouter';
import { ModelsChangedPublisher } from './ModelsChangedPublisher';

/** How long a burst of cache changes is waited out before the models are read again. */
const MODELS_DEBOUNCE_MS = 2_000;
/** How often the models are read again for catalog changes, which announce nothing. */
const MODELS_RECHECK_MS = 30_000;

/**
 * What the catalog module (plugins/catalog-backend-module-model-delivery) builds model
 * entities from: the internal endpoint, and a change event when the models change.
 */
export function startCatalogModels(options: {
  cache: StatusCache;
  catalog: CatalogService;
  auth: AuthService;
  httpAuth: HttpAuthService;
  httpRouter: HttpRouterService;
  events: EventsService;
  lifecycle: LifecycleService;
  logger: LoggerService;
}) {
  const publisher = new ModelsChangedPublisher({
    cache: options.cache,
    events: options.events,
    logger: options.logger,
    read: () => readCatalogModels(options),
    debounceMs: MODELS_DEBOUNCE_MS,
    recheckMs: MODELS_RECHECK_MS,
  });
  const unsubscribe = options.cache.onChange(() => publisher.cacheChanged());
  publisher.start();
  options.lifecycle.addShutdownHook(async () => {
    unsubscribe();
    await publisher.stop();
  });
  options.httpRouter.use(catalogModelsRouter(options));
}
