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
import { ModelEntityProvider } from './ModelEntityProvider';
import { ModelServerRelationsProcessor } from './ModelServerRelationsProcessor';

const CONFIG_KEY = 'catalog.providers.modelDelivery';
const DEFAULT_OWNER = 'group:default/platform-team';
const TASK_ID = 'model-delivery-model-entities';
/** A change announced while the task runs is run again after this wait. */
const RETRIGGER_MS = 5_000;

/**
 * The catalog module making model and model server entities: registers the provider and
 * the processor relating servers to their entities and models, runs the provider as one
 * scheduled task across every backend replica (`scope: 'global'`), at start, on schedule,
 * and whenever the Model Delivery backend announces on the events service that the
 * models or servers changed.
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

        const trigger = async (attempt = 0): Promise<void> => {
          try {
            await scheduler.triggerTask(TASK_ID);
          } catch (error) {
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

        const provider = new ModelEntityProvider({
          discovery,
          auth,
          catalog,
          logger,
          owner,
          onConnect: () => void trigger(),
        });
        catalogProcessing.addEntityProvider(provider);
        catalogProcessing.addProcessor(new ModelServerRelationsProcessor());

        await scheduler.scheduleTask({
          id: TASK_ID,
          ...schedule,
          scope: 'global',
          fn: async () => {
            const run = await provider.run();
            logger.info(
              `Model entities: ${run.mutation} mutation, ${run.entities} models, ${run.added} added or changed, ${run.removed} removed`,
            );
          },
        });

        await events.subscribe({
          id: 'catalog-model-delivery',
          topics: [MODELS_CHANGED_TOPIC],
          onEvent: async () => trigger(),
        });
      },
    });
  },
});
