import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/**
 * Shown in the action registry (/create/actions); examples.test.ts runs each against a
 * real API server.
 */
export const localModelCacheExamples: TemplateExample[] = [
  {
    description:
      'Cache a Hugging Face model on the nodes of a node group, the token coming from a service account in the jobs namespace',
    example: yaml.stringify({
      steps: [
        {
          id: 'cache',
          name: 'Cache the model',
          action: 'model-delivery:local-model-cache:create',
          input: {
            cluster: 'local',
            name: 'llama-3-8b',
            scope: 'cluster',
            sourceModelUri: 'hf://meta-llama/meta-llama-3-8b-instruct',
            modelSize: '20Gi',
            nodeGroups: ['gpu-a100'],
            credentials: {
              method: 'serviceAccount',
              serviceAccountName: 'hf-reader',
            },
            entityRef: 'component:default/chat-assistant',
            waitForCompletion: true,
            timeoutSeconds: 3600,
          },
        },
      ],
    }),
  },
  {
    description:
      'A namespaced cache (KServe 0.18+), credentials from a key of the storage-config Secret',
    example: yaml.stringify({
      steps: [
        {
          id: 'cache',
          action: 'model-delivery:local-model-cache:create',
          input: {
            cluster: 'local',
            name: 'gemma-2b',
            scope: 'namespace',
            namespace: 'ml-models',
            sourceModelUri: 'hf://google/gemma-2b',
            modelSize: '6Gi',
            nodeGroups: ['gpu-l4'],
            credentials: { method: 'storageKey', storageKey: 'hf' },
            jobsNamespace: 'kserve-localmodel-jobs',
            entityRef: 'component:default/chat-assistant',
          },
        },
      ],
    }),
  },
];
