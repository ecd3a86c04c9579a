import {
  BackendFeature,
  BackstageCredentials,
  PermissionsService,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  TestBackend,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  CatalogService,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  DefinitivePolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  ControlPlane,
  Manifest,
  StartControlPlaneOptions,
  startControlPlane,
} from '@internal/local-control-plane';
import { KubeConfig } from '@kubernetes/client-node';
import { EntityStatusResponse } from '@model-delivery/plugin-model-delivery-common';
import { clusterConfig, givenObjects } from '@model-delivery/test-kit';
import request from 'supertest';
import modelDeliveryPlugin from '../index';

/**
 * Who may do what, as the catalog's read rules and the permission policy of an adopter
 * would decide: users the entities are hidden from (the catalog answers "not found" to
 * them), and permissions denied per user. Everything else is allowed.
 */
export interface AccessPolicy {
  hiddenFrom?: string[];
  deny?: Record<string, string[]>;
}

function userOf(credentials: BackstageCredentials): string | undefined {
  const principal = credentials.principal as { userEntityRef?: string };
  return principal.userEntityRef;
}

/**
 * The catalog: `catalogServiceMock`'s in-memory client, answering "not found" to the
 * users the policy hides the entities from, as the catalog's permission rules would.
 */
function catalogFactory(entities: Entity[], access: AccessPolicy) {
  const inner = catalogServiceMock({ entities });
  const hiddenFrom = new Set(access.hiddenFrom ?? []);
  const catalog = new Proxy(inner, {
    get(target, property) {
      if (property === 'getEntityByRef') {
        const getEntityByRef: CatalogService['getEntityByRef'] = async (
          ref,
          options,
        ) => {
          const user = userOf(options.credentials);
          if (user && hiddenFrom.has(user)) return undefined;
          return target.getEntityByRef(ref, options);
        };
        return getEntityByRef;
      }
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return createServiceFactory({
    service: catalogServiceRef,
    deps: {},
    factory: () => catalog,
  });
}

/** A permission policy: ALLOW, except the permissions denied to a user. */
function permissionsFactory(access: AccessPolicy) {
  const deny = access.deny ?? {};
  const decide = (
    requests: Array<{ permission: { name: string } }>,
    credentials: BackstageCredentials,
  ): DefinitivePolicyDecision[] => {
    const user = userOf(credentials) ?? '';
    // The catalog's read rules are the policy's too: the suite asks for them directly.
    const denied = [
      ...(deny[user] ?? []),
      ...(access.hiddenFrom?.includes(user) ? ['catalog.entity.read'] : []),
    ];
    return requests.map(r => ({
      result: denied.includes(r.permission.name)
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW,
    }));
  };
  const permissions: PermissionsService = {
    authorize: async (requests, { credentials }) =>
      decide(requests, credentials),
    authorizeConditional: async (requests, { credentials }) =>
      decide(requests, credentials),
  };
  return createServiceFactory({
    service: coreServices.permissions,
    deps: {},
    factory: () => permissions,
  });
}

/**
 * Starts a backend with the plugin, reading clusters from config, with an in-memory
 * catalog and a permission policy. Plain service factories rather than jest mocks, so
 * the benchmark script (run outside jest) starts the very same backend.
 */
export async function startStatusBackend(options: {
  clusters: object[];
  entities: Entity[];
  access?: AccessPolicy;
  features?: BackendFeature[];
  status?: Record<string, number>;
}): Promise<TestBackend> {
  // One event bus for the whole backend, as in production: mockServices' default gives
  // each plugin its own, and signals published here would never reach the signals plugin.
  const events = mockServices.events();
  const sharedEvents = createServiceFactory({
    service: mockServices.events.factory().service,
    deps: {},
    factory: () => events,
  });

  return startTestBackend({
    features: [
      modelDeliveryPlugin,
      sharedEvents,
      mockServices.rootConfig.factory({
        data: {
          kubernetes: {
            clusterLocatorMethods: [
              { type: 'config', clusters: options.clusters },
            ],
          },
          modelDelivery: {
            status: {
              // Quick recovery and re-checks keep the tests short; defaults are for production.
              maxReconnectDelaySeconds: 1,
              crdRecheckIntervalSeconds: 1,
              ...options.status,
            },
          },
        },
      }),
      catalogFactory(options.entities, options.access ?? {}),
      permissionsFactory(options.access ?? {}),
      ...(options.features ?? []),
    ],
  });
}

export function statusPath(entity: Entity): string {
  return `/api/model-delivery/entity/${entity.kind}/${
    entity.metadata.namespace ?? 'default'
  }/${entity.metadata.name}/status`;
}

/** GET the entity's status as a user (the default `user:default/mock`). */
export function getStatus(
  backend: TestBackend,
  entity: Entity,
  user = 'user:default/mock',
) {
  return request(backend.server)
    .get(statusPath(entity))
    .set('Authorization', mockCredentials.user.header(user));
}

/**
 * Polls the status endpoint until `check` accepts the answer: the caches follow the
 * cluster asynchronously. Fails with the last answer after `timeoutMs`.
 */
export async function waitForStatus(
  backend: TestBackend,
  entity: Entity,
  check: (status: EntityStatusResponse) => boolean,
  timeoutMs = 20_000,
): Promise<EntityStatusResponse> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    const response = await getStatus(backend, entity);
    last = response.body;
    if (response.status === 200 && check(response.body)) return response.body;
    if (Date.now() > deadline) {
      throw new Error(
        `The status never satisfied the check; last answer (${
          response.status
        }): ${JSON.stringify(last, null, 2)}`,
      );
    }
    await new Promise(r => setTimeout(r, 100));
  }
}

/** What the tests of a {@link statusScene} act on. */
export interface StatusScene {
  cp: ControlPlane;
  /** `system:masters`: sets the scene and plays the operators. */
  admin: KubeConfig;
  backend: TestBackend;
}

/**
 * For the tests of the enclosing `describe`: a control plane holding `manifests` (Jobs
 * brought by the Job controller where their pods' scripts lead, the statuses of operators
 * with no stand-in as given), then a status backend reading it as the cluster `local` (or
 * `clusters`). Started before the tests, stopped after them; the
 * returned object is filled in once started.
 */
export function statusScene(
  options: Omit<Parameters<typeof startStatusBackend>[0], 'clusters'> & {
    manifests?: () => Manifest[];
    controlPlane?: StartControlPlaneOptions;
    /** Runs before the manifests are applied, e.g. to install one CRD. */
    prepare?: (admin: KubeConfig) => Promise<void>;
    clusters?: (cp: ControlPlane) => object[];
  },
): StatusScene {
  const { manifests, controlPlane, prepare, clusters, ...backend } = options;
  const scene = {} as StatusScene;
  beforeAll(async () => {
    scene.cp = await startControlPlane(controlPlane);
    scene.admin = scene.cp.kubeConfig('admin');
    await prepare?.(scene.admin);
    await givenObjects(scene.admin, ...(manifests?.() ?? []));
    scene.backend = await startStatusBackend({
      ...backend,
      clusters: clusters?.(scene.cp) ?? [clusterConfig(scene.cp, 'local')],
    });
  });
  afterAll(async () => {
    await scene.backend?.stop();
    await scene.cp?.stop();
  });
  return scene;
}
