import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/**
 * Shown in the action registry (/create/actions); examples.test.ts runs each against a
 * real API server.
 */
export const gemmaOnTpuExamples: TemplateExample[] = [
  {
    description:
      'Deploy Gemma on TPU with an existing Kaggle Secret and wait until kro reports it ACTIVE and Ready',
    example: yaml.stringify({
      steps: [
        {
          id: 'gemma',
          name: 'Deploy Gemma on TPU',
          action: 'model-delivery:gemma-on-tpu:create',
          input: {
            cluster: 'local',
            namespace: 'gemma',
            name: 'gemma-chat',
            replicas: 1,
            kaggleSecret: 'kaggle-credentials',
            entityRef: 'component:default/chat-assistant',
            waitForCompletion: true,
            timeoutSeconds: 3600,
          },
        },
      ],
    }),
  },
];
