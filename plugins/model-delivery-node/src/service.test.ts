import {
  createBackendModule,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ModelDeliveryClustersService } from './clusters';
import { modelDeliveryClustersServiceRef } from './service';

describe('modelDeliveryClustersServiceRef', () => {
  it('gives the status plugin and the scaffolder module the clusters of kubernetes.clusterLocatorMethods, read once', async () => {
    const seen: Record<string, ModelDeliveryClustersService> = {};
    const keepClusters = (consumer: string) => ({
      deps: { clusters: modelDeliveryClustersServiceRef },
      async init({ clusters }: { clusters: ModelDeliveryClustersService }) {
        seen[consumer] = clusters;
      },
    });
    const statusPlugin = createBackendPlugin({
      pluginId: 'model-delivery',
      register: env => env.registerInit(keepClusters('status')),
    });
    const scaffolderModule = createBackendModule({
      pluginId: 'scaffolder',
      moduleId: 'model-delivery',
      register: env => env.registerInit(keepClusters('scaffolder')),
    });
    const scaffolderPlugin = createBackendPlugin({
      pluginId: 'scaffolder',
      register(env) {
        env.registerInit({ deps: {}, async init() {} });
      },
    });

    await startTestBackend({
      features: [
        statusPlugin,
        scaffolderPlugin,
        scaffolderModule,
        mockServices.rootConfig.factory({
          data: {
            kubernetes: {
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [
                    {
                      name: 'prod',
                      title: 'Production',
                      url: 'https://prod.example.com',
                      authProvider: 'aws',
                    },
                    {
                      name: 'dev',
                      url: 'https://dev.example.com',
                      authProvider: 'oidc',
                      oidcTokenProvider: 'okta',
                    },
                  ],
                },
              ],
            },
          },
        }),
      ],
    });

    expect(seen.status.listClusters().map(c => [c.name, c.title])).toEqual([
      ['prod', 'Production'],
      ['dev', undefined],
    ]);
    expect(seen.status.getCluster('dev').unusableReason).toContain(
      "authProvider 'oidc'",
    );
    // One instance: both share cached credentials.
    expect(seen.scaffolder).toBe(seen.status);
  });
});
