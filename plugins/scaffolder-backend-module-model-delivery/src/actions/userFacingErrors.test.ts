import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { kubernetesConfig } from '@internal/local-control-plane';
import { scaffolderModuleModelDelivery } from '../module';

jest.setTimeout(60_000);

const TEMPLATE_REF = 'template:default/bad-input';

/** The task log of a template run as a task by the real scaffolder, once it ended. */
async function taskLog(steps: object[]): Promise<string[]> {
  const template = {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: { name: 'bad-input', namespace: 'default' },
    spec: { type: 'service', owner: 'group:default/ml', parameters: [], steps },
  };
  const { server } = await startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderModuleModelDelivery,
      catalogServiceMock.factory({ entities: [template] }),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://backstage.test' },
          backend: { baseUrl: 'http://backstage.test' },
          kubernetes: kubernetesConfig([
            {
              name: 'local',
              url: 'https://127.0.0.1:1',
              authProvider: 'serviceAccount',
              serviceAccountToken: 'token',
            },
          ]),
        },
      }),
    ],
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const api = async (path: string, body?: object) => {
    const response = await fetch(
      `http://127.0.0.1:${port}/api/scaffolder${path}`,
      {
        method: body ? 'POST' : 'GET',
        headers: {
          'Content-Type': 'application/json',
          Authorization: mockCredentials.user.header('user:default/alice'),
        },
        body: body ? JSON.stringify(body) : undefined,
      },
    );
    return response.json();
  };
  const { id } = await api('/v2/tasks', {
    templateRef: TEMPLATE_REF,
    values: {},
  });
  for (;;) {
    const task = await api(`/v2/tasks/${id}`);
    if (task.status === 'failed' || task.status === 'completed') break;
    await new Promise(r => setTimeout(r, 100));
  }
  const events = await api(`/v2/tasks/${id}/events`);
  return events
    .filter((e: any) => e.type === 'log')
    .map((e: any) => e.body.message as string);
}

describe('a task failing on input', () => {
  it('shows the message in the task log without a stack trace', async () => {
    const log = await taskLog([
      {
        id: 'gemma',
        name: 'Deploy Gemma on TPU',
        action: 'model-delivery:gemma-on-tpu:create',
        input: {
          cluster: 'local',
          namespace: 'gemma',
          name: 'Gemma_Server-with-a-very-long-name',
          replicas: 1,
          kaggleSecret: 'kaggle-credentials',
          entityRef: 'component:default/chat-assistant',
        },
      },
    ]);

    const failure = log.find(m => m.startsWith('InputValidationError: '));
    expect(failure).toContain('name: ');
    expect(failure).toContain("'Gemma_Server-with-a-very-long-name'");
    expect(log.join('\n')).not.toMatch(/^\s+at /m);
  });
});
