import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import {
  ResourceKindDefinition,
  modelDeliveryNamespaceReadPermission,
  modelDeliveryNamespaceWritePermission,
  modelDeliveryPermissions,
} from '@model-delivery/plugin-model-delivery-common';
import {
  modelDeliveryClustersServiceRef,
  modelDeliveryKindsExtensionPoint,
  modelDeliveryKindsServiceRef,
  modelDeliveryNamespacePermissionResourceRef,
  modelDeliveryNamespacePermissionRules,
} from '@model-delivery/plugin-model-delivery-node';
import { registerStatusActions } from './actions/registerStatusActions';
import { StatusCache } from './cache/StatusCache';
import { startCatalogModels } from './catalogModels/startCatalogModels';
import { startFailureNotifications } from './notifications/startFailureNotifications';
import { readFormDataOptions, readStatusOptions } from './options';
import { FormDataReader } from './formData/FormDataReader';
import { readNamespaceResources } from './formData/namespaceResources';
import { entityFingerprint } from './status/entityStatus';
import { createRouter } from './router';
import { EntityChangeNotifier } from './signals/EntityChangeNotifier';

/**
 * The Model Delivery status backend: watch-fed caches of every kind of the kinds service
 * (`RESOURCE_KINDS`, and those modules add through `modelDeliveryKindsExtensionPoint`) in
 * every configured cluster, the entity status and retry endpoints
 * behind the suite's permissions, and change signals for open entity pages.
 *
 * @public
 */
export const modelDeliveryPlugin = createBackendPlugin({
  pluginId: 'model-delivery',
  register(env) {
    // The modules' kinds, handed to the backend's kinds service at init (modules init first).
    const added: ResourceKindDefinition<any>[] = [];
    env.registerExtensionPoint(modelDeliveryKindsExtensionPoint, {
      addResourceKinds(...kinds) {
        added.push(...kinds);
      },
    });
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        lifecycle: coreServices.lifecycle,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auditor: coreServices.auditor,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
        signals: signalsServiceRef,
        clusters: modelDeliveryClustersServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
        database: coreServices.database,
        auth: coreServices.auth,
        notifications: notificationService,
        events: eventsServiceRef,
        kindsService: modelDeliveryKindsServiceRef,
      },
      async init({
        config,
        logger,
        lifecycle,
        httpRouter,
        httpAuth,
        auditor,
        permissions,
        permissionsRegistry,
        catalog,
        signals,
        clusters,
        actionsRegistry,
        database,
        auth,
        notifications,
        events,
        kindsService,
      }) {
        kindsService.add(...added);
        const kinds = kindsService.list();
        // So that adopters' policies (and the permission backend's metadata) know them.
        permissionsRegistry.addPermissions(modelDeliveryPermissions);
        // The target namespace, for conditional decisions on the namespace permissions:
        // the permission backend asks this plugin to resolve them (formData/namespaceResources).
        const formData = readFormDataOptions(config);
        const formDataReader = new FormDataReader({ clusters, ...formData });
        permissionsRegistry.addResourceType({
          resourceRef: modelDeliveryNamespacePermissionResourceRef,
          permissions: [
            modelDeliveryNamespaceReadPermission,
            modelDeliveryNamespaceWritePermission,
          ],
          rules: Object.values(modelDeliveryNamespacePermissionRules),
          getResources: refs =>
            readNamespaceResources(refs, {
              reader: formDataReader,
              clusters,
              catalog,
              auth,
            }),
        });

        const options = readStatusOptions(config);
        const cache = new StatusCache({
          clusters: clusters.listClusters(),
          kinds,
          logger,
          crdRecheckIntervalMs: options.crdRecheckIntervalMs,
          maxReconnectDelayMs: options.maxReconnectDelayMs,
          requestTimeoutMs: options.requestTimeoutMs,
          timeSweepIntervalMs: options.timeSweepIntervalMs,
          livenessIntervalMs: options.livenessIntervalMs,
          livenessTimeoutMs: options.livenessTimeoutMs,
        });
        const notifier = new EntityChangeNotifier({
          signals,
          logger,
          fingerprint: (entityRef, selector, modelId) =>
            entityFingerprint(cache, entityRef, selector, modelId),
          debounceMs: options.signalDebounceMs,
          trackingMs: options.signalTrackingMs,
        });
        cache.onChange(() => notifier.cacheChanged());

        lifecycle.addStartupHook(async () => {
          await cache.start();
        });
        lifecycle.addShutdownHook(async () => {
          notifier.stop();
          await cache.stop();
        });

        await startFailureNotifications({
          config,
          lifecycle,
          cache,
          catalog,
          auth,
          notifications,
          database,
          logger,
        });

        // The catalog module's source of model entities (catalogModels/).
        startCatalogModels({
          cache,
          catalog,
          auth,
          httpAuth,
          httpRouter,
          events,
          lifecycle,
          logger,
        });

        registerStatusActions({
          actionsRegistry,
          catalog,
          permissions,
          cache,
          clusters,
          logger,
        });

        httpRouter.use(
          await createRouter({
            httpAuth,
            auth,
            auditor,
            permissions,
            catalog,
            logger,
            cache,
            clusters,
            notifier,
            accessCacheMs: options.accessCacheMs,
            formData: { ...formData, reader: formDataReader },
          }),
        );
      },
    });
  },
});
