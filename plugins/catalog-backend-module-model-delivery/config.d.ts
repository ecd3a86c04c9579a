import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  catalog?: {
    providers?: {
      /** The model entities of the Model Delivery suite. */
      modelDelivery?: {
        /**
         * The owner of every model entity (an entity ref; a group without kind is a group).
         * Default: group:default/platform-team.
         */
        owner?: string;
        /**
         * When to read every model again, besides on each change the backend announces:
         * catches entities that started or stopped selecting resources in the catalog.
         * Default: every 30 minutes, 3 minutes timeout.
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
    };
  };
}
