import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/**
 * Shown in the action registry (/create/actions); examples.test.ts runs each against a
 * real API server.
 */
export const secretManagerTokenExamples: TemplateExample[] = [
  {
    description:
      'Wire the read and write tokens from Secret Manager into namespace serving, for workloads running as the service account vllm',
    example: yaml.stringify({
      steps: [
        {
          id: 'token-wiring',
          name: 'Wire the Hugging Face tokens',
          action: 'model-delivery:hf-token:secret-manager',
          input: {
            cluster: 'local',
            namespace: 'serving',
            projectId: 'ml-platform-prod',
            readSecret: 'huggingface-hub-access-token-read',
            writeSecret: 'huggingface-hub-access-token-write',
            workloadServiceAccount: 'vllm',
            entityRef: 'component:default/chat-assistant',
          },
        },
      ],
      output: {
        text: [
          {
            title: 'Add this to your workload',
            content: "${{ steps['token-wiring'].output.snippet }}",
          },
        ],
      },
    }),
  },
];
