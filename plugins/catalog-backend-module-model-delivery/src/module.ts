import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { isError } from '@backstage/errors';
import {
  catalogProcessingExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { MODELS_CHANGED_TOPIC } from '@model-delivery/plugin-model-delivery-common';
import {
  MODEL_ENTITIES_TASK_ID,
  ModelEntityProvider,
} from './ModelEntityProvider';
import { ModelServerRelationsProcessor } from './ModelServerRelationsProcessor';

const CONFIG_KEY = 'catalog.providers.modelDelivery';
const DEFAULT_OWNER = 'group:default/platform-team';
/** A change announced while the task runs is run again after this wait. */
const RETRIGGER_MS = 5_000;

/**
 * The catalog module making model and model server entities: registers the provider and
 * the processor relating servers to their entities and models. The provider runs as one
 * scheduled task across every backend replica (`scope: 'global'`) once the catalog
 * connects it, on schedule, and whenever the Model Delivery backend announces on the
 * events service that the models or servers changed.
 *
 * @public
 */
export const catalogModuleModelDelivery = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'model-delivery',
  register(env) {
    env.registerInit({
      deps: {
        catalogProcessing: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        events: eventsServiceRef,
      },
      async init({
        catalogProcessing,
        config,
        logger,
        scheduler,
        discovery,
        auth,
        catalog,
        events,
      }) {
        const providerConfig = config.getOptionalConfig(CONFIG_KEY);
        const owner = stringifyEntityRef(
          parseEntityRef(
            providerConfig?.getOptionalString('owner') ?? DEFAULT_OWNER,
            { defaultKind: 'group', defaultNamespace: 'default' },
          ),
        );
        const schedule = providerConfig?.has('schedule')
          ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
              providerConfig.getConfig('schedule'),
            )
          : { frequency: { minutes: 30 }, timeout: { minutes: 3 } };

        const provider = new ModelEntityProvider({
          discovery,
          auth,
          catalog,
          logger,
          owner,
          taskRunner: scheduler.createScheduledTaskRunner({
            ...schedule,
            scope: 'global',
          }),
        });
        catalogProcessing.addEntityProvider(provider);
        catalogProcessing.addProcessor(new ModelServerRelationsProcessor());

        const trigger = async (attempt = 0): Promise<void> => {
          try {
            await scheduler.triggerTask(MODEL_ENTITIES_TASK_ID);
          } catch (error) {
            // Not scheduled yet: the catalog has not connected the provider, and its
            // first run, at connection, reads every model.
            if (isError(error) && error.name === 'NotFoundError') return;
            // The task is running: it may have read the models before this change.
            if (
              isError(error) &&
              error.name === 'ConflictError' &&
              attempt < 3
            ) {
              setTimeout(
                () => void trigger(attempt + 1),
                RETRIGGER_MS,
              ).unref?.();
              return;
            }
            logger.warn(`Could not update the model entities: ${error}`);
          }
        };
        await events.subscribe({
          id: 'catalog-model-delivery',
          topics: [MODELS_CHANGED_TOPIC],
          onEvent: async () => trigger(),
        });
      },
    });
  },
});
