import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/**
 * Shown in the action registry (/create/actions); examples.test.ts runs each against a
 * real API server.
 */
export const deleteResourceExamples: TemplateExample[] = [
  {
    description:
      'Delete a ModelDownload of the entity, with its download Jobs (the downloaded files stay in the PVC); a dry run first shows what would go',
    example: yaml.stringify({
      steps: [
        {
          id: 'model-download',
          name: 'A ModelDownload to delete',
          action: 'model-delivery:model-download:create',
          input: {
            cluster: 'local',
            namespace: 'ml-models',
            name: 'retired-models',
            entityRef: 'component:default/chat-assistant',
            models: [{ name: 'google/gemma-2-2b-it' }],
            storagePVC: 'model-cache',
            hfTokenRef: { name: 'hf-token', key: 'token' },
            nodePool: 'gpu-pool',
          },
        },
        {
          id: 'delete',
          name: 'Delete it',
          action: 'model-delivery:resource:delete',
          input: {
            cluster: 'local',
            kind: 'ModelDownload',
            namespace: 'ml-models',
            name: "${{ steps['model-download'].output.name }}",
            entityRef: 'component:default/chat-assistant',
          },
        },
      ],
    }),
  },
  {
    description:
      'Delete a cluster-scoped LocalModelCache: KServe removes its copies from the nodes',
    example: yaml.stringify({
      steps: [
        {
          id: 'delete',
          name: 'Delete the node cache',
          action: 'model-delivery:resource:delete',
          input: {
            cluster: 'local',
            kind: 'LocalModelCache',
            name: 'llama-3-8b',
            entityRef: 'component:default/chat-assistant',
          },
        },
      ],
    }),
  },
];
