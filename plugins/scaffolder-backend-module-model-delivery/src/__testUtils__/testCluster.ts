import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  ControlPlane,
  Manifest,
  StartControlPlaneOptions,
  applyManifests,
  objectPath,
  rawRequest,
  readManifests,
  startControlPlane,
} from '@internal/local-control-plane';
import { resolve } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { ConfigModelDeliveryClusters } from '@model-delivery/plugin-model-delivery-node';
import { ModelDeliveryActionOptions } from '../actions/actionOptions';

/** The owning entity most tests use; its kubernetes-id becomes the resources' label. */
export const OWNER: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'chat-assistant',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'chat-assistant' },
  },
  spec: { type: 'service', owner: 'guests', lifecycle: 'production' },
};
export const OWNER_REF = 'component:default/chat-assistant';

/** An entity without the annotation. */
export const UNLABELLED_OWNER: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'no-kubernetes-id', namespace: 'default' },
  spec: { type: 'service', owner: 'guests', lifecycle: 'production' },
};

export const APP_BASE_URL = 'http://backstage.test';

/**
 * A real API server with the suite's CRDs, and everything an action needs to talk to it:
 * the cluster `local` as the `backstage` identity (exactly the suite's ClusterRole), the
 * cluster `local-as-developer` as `developer` (no rights: real 403s), `unreachable`
 * (nothing listens), a catalog with {@link OWNER} and {@link UNLABELLED_OWNER}.
 */
export interface TestCluster {
  controlPlane: ControlPlane;
  /** `system:masters`: sets the scene and plays the operators. */
  admin: KubeConfig;
  options: ModelDeliveryActionOptions;
  stop(): Promise<void>;
}

export async function startTestCluster(
  controlPlaneOptions?: StartControlPlaneOptions,
): Promise<TestCluster> {
  const controlPlane = await startControlPlane(controlPlaneOptions);
  const cluster = (name: string, token: string, url = controlPlane.server) => ({
    name,
    url,
    authProvider: 'serviceAccount',
    serviceAccountToken: token,
    caData: controlPlane.caData,
  });
  const clusters = ConfigModelDeliveryClusters.fromConfig(
    new ConfigReader({
      kubernetes: {
        serviceLocatorMethod: { type: 'multiTenant' },
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              cluster('local', controlPlane.token('backstage')),
              cluster('local-as-developer', controlPlane.token('developer')),
              cluster(
                'unreachable',
                controlPlane.token('backstage'),
                'https://127.0.0.1:1',
              ),
            ],
          },
        ],
      },
    }),
    { logger: mockServices.logger.mock() },
  );
  return {
    controlPlane,
    admin: controlPlane.kubeConfig('admin'),
    options: {
      clusters,
      catalog: catalogServiceMock({ entities: [OWNER, UNLABELLED_OWNER] }),
      config: new ConfigReader({ app: { baseUrl: APP_BASE_URL } }),
      pollIntervalMs: 50,
    },
    stop: () => controlPlane.stop(),
  };
}

/** Applies objects as admin; objects carrying `status` get it, as their controller would write it. */
export async function givenObjects(
  admin: KubeConfig,
  ...manifests: Manifest[]
) {
  return applyManifests(admin, manifests);
}

export function namespace(name: string): Manifest {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}

export function persistentVolumeClaim(ns: string, name: string): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace: ns },
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '1Gi' } },
    },
  };
}

export function secret(
  ns: string,
  name: string,
  stringData: Record<string, string>,
  type = 'Opaque',
): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace: ns },
    type,
    data: Object.fromEntries(
      Object.entries(stringData).map(([k, v]) => [
        k,
        Buffer.from(v).toString('base64'),
      ]),
    ),
  };
}

export function serviceAccount(ns: string, name: string): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name, namespace: ns },
  };
}

/** The object as the API server has it (read as admin), or undefined when it does not exist. */
export async function getObject(
  admin: KubeConfig,
  ref: { apiVersion: string; kind: string; name: string; namespace?: string },
): Promise<any | undefined> {
  const path = await objectPath(admin, {
    apiVersion: ref.apiVersion,
    kind: ref.kind,
    metadata: { name: ref.name, namespace: ref.namespace },
  });
  const response = await rawRequest(admin, 'GET', path);
  if (response.status === 404) return undefined;
  if (response.status !== 200) {
    throw new Error(`GET ${path} answered ${response.status}`);
  }
  return response.body;
}

/** Polls until `read` returns something (the action has applied its object). */
export async function eventually<T>(
  read: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} never appeared`);
    await new Promise(r => setTimeout(r, 25));
  }
}

/** `namespace/name` (or `name`) of every object of a kind, read as admin. */
export async function objectNames(
  admin: KubeConfig,
  type: { apiVersion: string; kind: string },
): Promise<string[]> {
  const path = await objectPath(admin, { ...type, metadata: {} });
  // objectPath puts the default namespace in: list across all namespaces instead.
  const response = await rawRequest(
    admin,
    'GET',
    path.replace(/\/namespaces\/default\//, '/'),
  );
  if (response.status !== 200) {
    throw new Error(`GET ${path} answered ${response.status}`);
  }
  return response.body.items
    .map((i: any) =>
      i.metadata.namespace
        ? `${i.metadata.namespace}/${i.metadata.name}`
        : i.metadata.name,
    )
    .sort();
}

/** A file of this repository, e.g. `manifests/kro/gemma-on-tpu-rgd.yaml`. */
export function repositoryFile(path: string): string {
  return resolve(__dirname, '../../../..', path);
}

/** Installs one of the local control plane's CRDs and waits until it is served. */
export async function installCrd(admin: KubeConfig, crdName: string) {
  const [crd] = readManifests([
    repositoryFile(`packages/local-control-plane/crds/${crdName}.yaml`),
  ]);
  await applyManifests(admin, [crd]);
  await eventually(async () => {
    const current = await getObject(admin, {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      name: crdName,
    });
    return current?.status?.conditions?.some(
      (c: any) => c.type === 'Established' && c.status === 'True',
    )
      ? current
      : undefined;
  }, `CRD ${crdName} Established`);
}
