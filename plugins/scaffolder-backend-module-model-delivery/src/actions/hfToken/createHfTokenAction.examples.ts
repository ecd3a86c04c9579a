import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/**
 * Shown in the action registry (/create/actions); examples.test.ts runs each against a
 * real API server.
 */
export const hfTokenExamples: TemplateExample[] = [
  {
    description:
      'Store the token a `ui:field: Secret` form field named hfToken collected, then use it as hfTokenRef',
    example: yaml.stringify({
      parameters: [
        {
          title: 'Hugging Face token',
          properties: {
            hfToken: {
              title: 'Hugging Face token',
              type: 'string',
              'ui:field': 'Secret',
            },
          },
        },
      ],
      steps: [
        {
          id: 'hf-token',
          name: 'Store the Hugging Face token',
          action: 'model-delivery:hf-token:create',
          input: {
            cluster: 'local',
            namespace: 'ml-models',
            name: 'hf-token',
            key: 'token',
            secretName: 'hfToken',
            entityRef: 'component:default/chat-assistant',
          },
        },
        {
          id: 'model-download',
          name: 'Download models',
          action: 'model-delivery:model-download:create',
          input: {
            cluster: 'local',
            namespace: 'ml-models',
            name: 'token-models',
            entityRef: 'component:default/chat-assistant',
            models: [{ name: 'google/gemma-2-2b-it' }],
            storagePVC: 'model-cache',
            hfTokenRef: "${{ steps['hf-token'].output.hfTokenRef }}",
            // The Secret exists only once the step above ran, not in a dry run.
            hfTokenFromEarlierStep: true,
            nodePool: 'gpu-pool',
          },
        },
      ],
    }),
  },
];
