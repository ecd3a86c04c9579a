import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import {
  ConfigModelDeliveryClusters,
  ModelDeliveryClustersService,
} from './clusters';

/**
 * The clusters the Model Delivery suite may use, read from the standard
 * `kubernetes.clusterLocatorMethods` config. Depend on it with
 * `deps: { clusters: modelDeliveryClustersServiceRef }`.
 *
 * @public
 */
export const modelDeliveryClustersServiceRef =
  createServiceRef<ModelDeliveryClustersService>({
    id: 'model-delivery.clusters',
    scope: 'plugin',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {
          config: coreServices.rootConfig,
          logger: coreServices.rootLogger,
        },
        // Built once for the whole backend, not per plugin: the status plugin and the
        // scaffolder module then share cached credentials, and the config is reported
        // once at startup.
        createRootContext({ config, logger }) {
          return ConfigModelDeliveryClusters.fromConfig(config, {
            logger: logger.child({ service: 'model-delivery.clusters' }),
          });
        },
        factory(_deps, clusters) {
          return clusters;
        },
      }),
  });
