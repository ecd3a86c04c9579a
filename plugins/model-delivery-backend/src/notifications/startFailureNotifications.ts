import {
  AuthService,
  DatabaseService,
  LifecycleService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { StatusCache } from '../cache/StatusCache';
import { FailureNotifier } from './FailureNotifier';
import { NotificationLedger } from './NotificationLedger';
import { readNotificationOptions } from '../options';

/**
 * Starts notifying owners of failures (see {@link FailureNotifier}) unless
 * `modelDelivery.notifications.enabled` is false: the ledger's tables are created, and
 * every change of the caches makes an evaluation.
 */
export async function startFailureNotifications(deps: {
  config: Config;
  lifecycle: LifecycleService;
  cache: StatusCache;
  catalog: CatalogService;
  auth: AuthService;
  notifications: NotificationService;
  database: DatabaseService;
  logger: LoggerService;
}): Promise<void> {
  const options = readNotificationOptions(deps.config);
  if (!options.enabled) return;
  const notifier = new FailureNotifier({
    cache: deps.cache,
    catalog: deps.catalog,
    auth: deps.auth,
    notifications: deps.notifications,
    ledger: await NotificationLedger.create(deps.database),
    logger: deps.logger,
    options,
  });
  const unsubscribe = deps.cache.onChange(() => notifier.cacheChanged());
  deps.lifecycle.addStartupHook(() => notifier.start());
  deps.lifecycle.addShutdownHook(async () => {
    unsubscribe();
    notifier.stop();
    await notifier.idle();
  });
}
