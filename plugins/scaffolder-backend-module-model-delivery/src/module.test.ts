import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  TemplateAction,
  scaffolderActionsExtensionPoint,
} from '@backstage/plugin-scaffolder-node';
import { kubernetesConfig } from '@internal/local-control-plane';
import { scaffolderModuleModelDelivery } from './module';

describe('scaffolderModuleModelDelivery', () => {
  it('adds every action to the scaffolder, documented for the action registry', async () => {
    const added: TemplateAction<any, any, any>[] = [];
    await startTestBackend({
      extensionPoints: [
        [
          scaffolderActionsExtensionPoint,
          { addActions: (...actions: any[]) => added.push(...actions) },
        ],
      ],
      features: [
        scaffolderModuleModelDelivery,
        catalogServiceMock.factory(),
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://backstage.test' },
            kubernetes: kubernetesConfig([
              {
                name: 'local',
                url: 'https://127.0.0.1:6443',
                authProvider: 'serviceAccount',
                serviceAccountToken: 'token',
              },
            ]),
          },
        }),
      ],
    });

    expect(added.map(a => a.id)).toEqual([
      'model-delivery:model-download:create',
      'model-delivery:hf-token:create',
      'model-delivery:gemma-on-tpu:create',
      'model-delivery:kaggle-credentials:create',
      'model-delivery:local-model-cache:create',
      'model-delivery:hf-token:secret-manager',
      'model-delivery:model-download:redownload',
      'model-delivery:resource:delete',
    ]);
    for (const action of added) {
      expect(action.description).toMatch(
        /^Creates|^GKE: creates|^Re-downloads|^Deletes/,
      );
      expect(action.supportsDryRun).toBe(true);
      expect(action.examples?.length).toBeGreaterThan(0);
      for (const example of action.examples ?? []) {
        expect(example.example).toContain(action.id);
      }
      expect(Object.keys(action.schema?.input?.properties ?? {})).toEqual(
        expect.arrayContaining(['cluster', 'entityRef']),
      );
    }
  });
});
