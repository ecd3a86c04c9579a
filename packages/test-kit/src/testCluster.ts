import { PermissionsService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { Config, ConfigReader } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  ControlPlane,
  Manifest,
  StartControlPlaneOptions,
  applyManifests,
  clusterConfig,
  kubernetesConfig,
  startControlPlane,
} from '@internal/local-control-plane';
import { KubeConfig } from '@kubernetes/client-node';
import {
  ConfigModelDeliveryClusters,
  ModelDeliveryClustersService,
} from '@model-delivery/plugin-model-delivery-node';
import { chatAssistant, componentEntity } from './fixtures';
import { namespace } from './namespaces';
import { getObject, givenObjects, objectNames, refOf } from './objects';

export { clusterConfig };

/** An entity without the kubernetes-id annotation: the suite cannot label for it. */
export const unannotatedOwner: Entity = componentEntity('no-kubernetes-id');

/**
 * A namespace of every {@link TestCluster} that is not opted in for the suite: the
 * cluster refuses the suite's writes and Secret reads there (403).
 */
export const LEFT_OUT_NAMESPACE = 'left-out';

/** The portal's `app.baseUrl` in tests, for the links actions output. */
export const APP_BASE_URL = 'http://backstage.test';

/**
 * A real API server with the suite's CRDs, and what the scaffolder actions are built with
 * to talk to it: the cluster `local` as the `backstage` identity (exactly the suite's
 * ClusterRole, and the namespace Role where a test opts a namespace in),
 * `local-as-developer` as `developer` (no rights: real 403s),
 * `unreachable` (nothing listens), a catalog with {@link chatAssistant} and
 * {@link unannotatedOwner}.
 */
export interface TestCluster {
  controlPlane: ControlPlane;
  /** `system:masters`: sets the scene and plays the operators. */
  admin: KubeConfig;
  /** The actions' options (`ModelDeliveryActionOptions` of the scaffolder module). */
  options: {
    clusters: ModelDeliveryClustersService;
    catalog: CatalogService;
    config: Config;
    pollIntervalMs: number;
    /** A policy allowing everything; tests of a denial pass their own. */
    permissions: PermissionsService;
  };
  /** The object as the API server has it, read as admin, or `undefined`. */
  get(
    type: { apiVersion: string; kind: string },
    name: string,
    namespace?: string,
  ): Promise<any>;
  /** `namespace/name` (or `name`) of every object of a type, read as admin. */
  names(type: { apiVersion: string; kind: string }): Promise<string[]>;
  stop(): Promise<void>;
}

export async function startTestCluster(
  controlPlaneOptions?: StartControlPlaneOptions,
): Promise<TestCluster> {
  const controlPlane = await startControlPlane(controlPlaneOptions);
  const clusters = ConfigModelDeliveryClusters.fromConfig(
    new ConfigReader({
      kubernetes: kubernetesConfig([
        clusterConfig(controlPlane, 'local'),
        clusterConfig(controlPlane, 'local-as-developer', 'developer'),
        clusterConfig(
          controlPlane,
          'unreachable',
          'backstage',
          'https://127.0.0.1:1',
        ),
      ]),
    }),
    { logger: mockServices.logger.mock() },
  );
  const admin = controlPlane.kubeConfig('admin');
  await applyManifests(admin, [namespace(LEFT_OUT_NAMESPACE)]);
  return {
    controlPlane,
    admin,
    options: {
      clusters,
      catalog: catalogServiceMock({
        entities: [chatAssistant, unannotatedOwner],
      }),
      config: new ConfigReader({
        app: { baseUrl: APP_BASE_URL },
        // Nothing listens there: the actions' Hub preflight warns and goes on at once.
        // Tests of the preflight point it at a stand-in Hub.
        modelDelivery: { huggingFace: { endpoint: 'http://127.0.0.1:1' } },
      }),
      pollIntervalMs: 50,
      permissions: mockServices.permissions(),
    },
    get: (type, name, inNamespace) =>
      getObject(admin, refOf(type, name, inNamespace)),
    names: type => objectNames(admin, type),
    stop: () => controlPlane.stop(),
  };
}

/**
 * For the tests of the enclosing file or `describe`: a {@link TestCluster} holding `given`
 * (what the tests take as the platform's state), started before them and stopped after.
 * The returned object is filled in once started.
 */
export function useTestCluster(
  options: {
    given?: () => Manifest[];
    controlPlane?: StartControlPlaneOptions;
  } = {},
): TestCluster {
  const cluster = {} as TestCluster;
  beforeAll(async () => {
    Object.assign(cluster, await startTestCluster(options.controlPlane));
    await givenObjects(cluster.admin, ...(options.given?.() ?? []));
  });
  afterAll(async () => {
    await cluster.stop?.();
  });
  return cluster;
}
