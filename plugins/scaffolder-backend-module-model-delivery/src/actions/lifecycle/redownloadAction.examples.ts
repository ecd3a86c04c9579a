import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/**
 * Shown in the action registry (/create/actions); examples.test.ts runs each against a
 * real API server.
 */
export const redownloadExamples: TemplateExample[] = [
  {
    description:
      'Re-download one model of a ModelDownload: its Job is deleted and hf-operator creates it again',
    example: yaml.stringify({
      steps: [
        {
          id: 'model-download',
          name: 'The ModelDownload',
          action: 'model-delivery:model-download:create',
          input: {
            cluster: 'local',
            namespace: 'ml-models',
            name: 'flaky-models',
            entityRef: 'component:default/chat-assistant',
            models: [
              { name: 'google/gemma-2-2b-it' },
              { name: 'Qwen/Qwen2.5-0.5B-Instruct' },
            ],
            storagePVC: 'model-cache',
            hfTokenRef: { name: 'hf-token', key: 'token' },
            nodePool: 'gpu-pool',
          },
        },
        {
          id: 'redownload',
          name: 'Re-download one model',
          action: 'model-delivery:model-download:redownload',
          input: {
            cluster: 'local',
            namespace: 'ml-models',
            name: "${{ steps['model-download'].output.name }}",
            models: ['google/gemma-2-2b-it'],
            entityRef: 'component:default/chat-assistant',
          },
        },
      ],
    }),
  },
];
