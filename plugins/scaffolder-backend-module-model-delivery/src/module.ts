import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import {
  modelDeliveryClustersServiceRef,
  modelDeliveryKindsServiceRef,
} from '@model-delivery/plugin-model-delivery-node';
import { createModelDeliveryActions } from './actions/createModelDeliveryActions';
import { registerPlanActions } from './agentActions/registerPlanActions';

/**
 * The Model Delivery scaffolder actions, added to the scaffolder plugin.
 *
 * @public
 */
export const scaffolderModuleModelDelivery = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'model-delivery',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        clusters: modelDeliveryClustersServiceRef,
        catalog: catalogServiceRef,
        config: coreServices.rootConfig,
        actionsRegistry: actionsRegistryServiceRef,
        permissions: coreServices.permissions,
        auditor: coreServices.auditor,
        kinds: modelDeliveryKindsServiceRef,
      },
      async init({
        scaffolder,
        clusters,
        catalog,
        config,
        actionsRegistry,
        permissions,
        auditor,
        kinds,
      }) {
        scaffolder.addActions(
          ...createModelDeliveryActions({
            clusters,
            catalog,
            config,
            permissions,
            auditor,
            kinds,
          }),
        );
        registerPlanActions(actionsRegistry, {
          clusters,
          catalog,
          config,
          permissions,
        });
      },
    });
  },
});
