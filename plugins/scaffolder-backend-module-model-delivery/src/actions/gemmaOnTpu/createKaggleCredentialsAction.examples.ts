import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/**
 * Shown in the action registry (/create/actions); examples.test.ts runs each against a
 * real API server.
 */
export const kaggleCredentialsExamples: TemplateExample[] = [
  {
    description:
      'Store the Kaggle credentials two `ui:field: Secret` form fields collected, then deploy Gemma with them',
    example: yaml.stringify({
      parameters: [
        {
          title: 'Kaggle credentials',
          properties: {
            kaggleUsername: {
              title: 'Kaggle username',
              type: 'string',
              'ui:field': 'Secret',
            },
            kaggleKey: {
              title: 'Kaggle API key',
              type: 'string',
              'ui:field': 'Secret',
            },
          },
        },
      ],
      steps: [
        {
          id: 'kaggle',
          name: 'Store the Kaggle credentials',
          action: 'model-delivery:kaggle-credentials:create',
          input: {
            cluster: 'local',
            namespace: 'gemma',
            name: 'kaggle-credentials',
            usernameSecretName: 'kaggleUsername',
            keySecretName: 'kaggleKey',
            entityRef: 'component:default/chat-assistant',
          },
        },
        {
          id: 'gemma',
          name: 'Deploy Gemma on TPU',
          action: 'model-delivery:gemma-on-tpu:create',
          input: {
            cluster: 'local',
            namespace: 'gemma',
            name: 'gemma-assistant',
            replicas: 1,
            kaggleSecret: "${{ steps['kaggle'].output.name }}",
            // The Secret exists only once the step above ran, not in a dry run.
            kaggleSecretFromEarlierStep: true,
            entityRef: 'component:default/chat-assistant',
          },
        },
      ],
    }),
  },
];
