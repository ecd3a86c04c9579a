import catalogPlugin from '@backstage/plugin-catalog-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import {
  BackendFeature,
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  actionsRegistryServiceFactory,
  actionsServiceFactory,
} from '@backstage/backend-defaults/alpha';
import {
  TestBackend,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { PermissionPolicy } from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  ControlPlane,
  clusterConfig,
  kubernetesConfig,
} from '@internal/local-control-plane';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { stringify } from 'yaml';

/**
 * The mock httpAuth, except that a user's request relayed by a plugin (a service token on
 * behalf of the user) names a plugin as its actor, as the real auth service's tokens do.
 * The permission backend refuses resource permissions without a resourceRef only for a
 * user's direct requests, so the catalog's conditional checks need that actor.
 */
const httpAuthWithActors = createServiceFactory({
  service: coreServices.httpAuth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }) {
    const inner = mockServices.httpAuth({ pluginId: plugin.getId() });
    return {
      async credentials(req: any, options?: any) {
        const credentials: any = await inner.credentials(req, options);
        const header = String(req.headers?.authorization ?? '');
        if (
          /^Bearer\s+mock-service-token:/i.test(header) &&
          credentials.principal.type === 'user'
        ) {
          return mockCredentials.user(credentials.principal.userEntityRef, {
            actor: { subject: 'plugin' },
          });
        }
        return credentials;
      },
      issueUserCookie: (res: any, options?: any) =>
        inner.issueUserCookie(res, options),
    } as any;
  },
});

/**
 * A portal backend as packages/backend runs it, in-process: the Model Delivery plugin
 * (loaded by its package name)
 * with the real catalog (entities read from a file location, as app-config's example
 * data), the real permission backend deciding with `policy`, the real actions registry
 * and actions service, and whatever else `features` adds (MCP actions, notifications,
 * scaffolder). Clusters: `local`, the control plane as the suite's ClusterRole.
 */
export async function startPortalBackend(options: {
  /**
   * The Model Delivery backend plugin's package, loaded by name as a portal's backend
   * loads its plugins (this kit depends on no plugin of the suite).
   */
  plugin: string;
  controlPlane: ControlPlane;
  entities: Entity[];
  policy: PermissionPolicy;
  features?: Array<BackendFeature | Promise<{ default: BackendFeature }>>;
  /** A folder for the plugins' SQLite files, to keep their data across restarts; default in memory. */
  databaseDir?: string;
  config?: Record<string, unknown>;
}): Promise<TestBackend> {
  const dir = mkdtempSync(join(tmpdir(), 'md-portal-'));
  const catalogFile = join(dir, 'entities.yaml');
  writeFileSync(
    catalogFile,
    options.entities.map(e => stringify(e)).join('---\n'),
  );
  const policyModule = createBackendModule({
    pluginId: 'permission',
    moduleId: 'test-policy',
    register(env) {
      env.registerInit({
        deps: { policy: policyExtensionPoint },
        async init({ policy }) {
          policy.setPolicy(options.policy);
        },
      });
    },
  });

  const backend = await startTestBackend({
    features: [
      require(options.plugin).default,
      catalogPlugin,
      permissionPlugin,
      policyModule,
      actionsRegistryServiceFactory,
      actionsServiceFactory,
      httpAuthWithActors,
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          backend: {
            baseUrl: 'http://localhost:7007',
            database: {
              client: 'better-sqlite3',
              connection: options.databaseDir
                ? { directory: options.databaseDir }
                : ':memory:',
            },
            actions: { pluginSources: ['model-delivery', 'scaffolder'] },
          },
          permission: { enabled: true },
          catalog: {
            rules: [
              {
                allow: [
                  'Component',
                  'Group',
                  'User',
                  'Template',
                  'Location',
                  // A model entity, as the catalog module makes it, written by a test.
                  'Resource',
                ],
              },
            ],
            locations: [{ type: 'file', target: catalogFile }],
          },
          kubernetes: kubernetesConfig([
            clusterConfig(options.controlPlane, 'local'),
          ]),
          modelDelivery: {
            status: {
              maxReconnectDelaySeconds: 1,
              crdRecheckIntervalSeconds: 1,
            },
          },
          ...options.config,
        },
      }),
      ...(options.features ?? []),
    ],
  });
  await waitForCatalog(backend, options.entities);
  return backend;
}

/** Waits until the catalog serves every entity (it processes the file location first). */
export async function waitForCatalog(
  backend: TestBackend,
  entities: Entity[],
  timeoutMs = 60_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (const entity of entities) {
    const {
      kind,
      namespace = 'default',
      name,
    } = {
      ...entity.metadata,
      kind: entity.kind,
    };
    for (;;) {
      const response = await request(backend.server)
        .get(`/api/catalog/entities/by-name/${kind}/${namespace}/${name}`)
        .set('Authorization', mockCredentials.service.header());
      if (response.status === 200) break;
      if (Date.now() > deadline) {
        throw new Error(
          `The catalog never served ${stringifyEntityRef(entity)} (${
            response.status
          })`,
        );
      }
      await new Promise(r => setTimeout(r, 200));
    }
  }
}

/** The URL of a backend plugin's API on the test backend's port. */
export function backendUrl(backend: TestBackend, path: string): string {
  const address = backend.server.address();
  if (!address || typeof address === 'string') {
    throw new Error('The test backend listens on no port');
  }
  return `http://localhost:${address.port}${path}`;
}
