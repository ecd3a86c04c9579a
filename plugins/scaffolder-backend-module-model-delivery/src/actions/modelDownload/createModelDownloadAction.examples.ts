import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/**
 * Shown in the action registry (/create/actions); examples.test.ts runs each against a
 * real API server.
 */
export const modelDownloadExamples: TemplateExample[] = [
  {
    description:
      'Download two models into an existing PVC, with an existing token Secret',
    example: yaml.stringify({
      steps: [
        {
          id: 'model-download',
          name: 'Download models',
          action: 'model-delivery:model-download:create',
          input: {
            cluster: 'local',
            namespace: 'ml-models',
            name: 'chat-models',
            entityRef: 'component:default/chat-assistant',
            models: [
              { name: 'google/gemma-2-2b-it' },
              { name: 'meta-llama/Llama-3.1-8B' },
            ],
            storagePVC: 'model-cache',
            hfTokenRef: { name: 'hf-token', key: 'token' },
            nodePool: 'gpu-pool',
          },
        },
      ],
    }),
  },
  {
    description:
      'Every field, then wait up to 20 minutes for the downloads; the step fails listing each failed model and why, or on timeout',
    example: yaml.stringify({
      steps: [
        {
          id: 'model-download',
          name: 'Download models and wait',
          action: 'model-delivery:model-download:create',
          input: {
            cluster: 'local',
            namespace: 'ml-models',
            name: 'assistant-models',
            entityRef: 'component:default/chat-assistant',
            kubernetesId: 'chat-assistant',
            models: [
              { name: 'Qwen/Qwen2.5-0.5B-Instruct' },
              { name: 'mistralai/Mistral-7B-Instruct-v0.3', sha: 'main' },
            ],
            storagePVC: 'model-cache',
            hfTokenRef: { name: 'hf-token', key: 'token' },
            nodePool: 'gpu-pool',
            settings: {
              cpu: '2',
              memory: '8Gi',
              keepAliveSeconds: 7200,
              timeoutMillis: 600000,
              enableHFTransfer: true,
              forceReload: false,
            },
            waitForCompletion: true,
            timeoutSeconds: 1200,
          },
        },
      ],
    }),
  },
];
