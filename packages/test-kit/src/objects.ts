import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { KubeConfig } from '@kubernetes/client-node';
import {
  Manifest,
  POD_SCRIPT_LABEL,
  POD_SCRIPT_NAMESPACE,
  applyManifests,
  jobSettled,
  podScriptName,
  objectPath,
  rawRequest,
  readManifests,
} from '@internal/local-control-plane';

export { jobSettled, podsOfJob } from '@internal/local-control-plane';

/*
 * Reading and writing objects of a real API server, as a test's `admin`: the REST
 * plumbing (objectPath, rawRequest, patchStatus, applyManifests) is the local control
 * plane's, which seeds its samples with it; these add what only tests need.
 */

/** Enough of an object to find its REST path: any manifest is one. */
export type ObjectRef = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
};

/** A whole object as the API server returns it. */
export type KubeObject = ObjectRef & {
  metadata: ObjectRef['metadata'] & {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    resourceVersion?: string;
    uid?: string;
    [k: string]: unknown;
  };
  spec?: any;
  status?: any;
  [k: string]: unknown;
};

/** Secrets, as `get`, `names` and {@link refOf} take a type. */
export const SECRET_TYPE = { apiVersion: 'v1', kind: 'Secret' };

/** The Secrets Store CSI driver's SecretProviderClasses. */
export const SECRET_PROVIDER_CLASS_TYPE = {
  // The Secrets Store CSI driver's CRD, as a cluster serves it.
  apiVersion: 'secrets-store.csi.x-k8s.io/v1',
  kind: 'SecretProviderClass',
};

/** The ref of an object of a type (a kind definition's `resource`, say). */
export function refOf(
  type: { apiVersion: string; kind: string },
  name: string,
  namespace?: string,
): ObjectRef {
  return {
    apiVersion: type.apiVersion,
    kind: type.kind,
    metadata: { name, ...(namespace ? { namespace } : {}) },
  };
}

function describeRef(ref: ObjectRef) {
  const { namespace, name } = ref.metadata;
  return `${ref.kind} ${namespace ? `${namespace}/` : ''}${name}`;
}

async function request(
  kc: KubeConfig,
  method: string,
  ref: ObjectRef,
  options: { subresource?: string; body?: unknown; contentType?: string } = {},
) {
  const path = `${await objectPath(kc, ref)}${
    options.subresource ? `/${options.subresource}` : ''
  }`;
  return rawRequest(kc, method, path, options.body, options.contentType);
}

/** The object as the API server returns it (a {@link KubeObject}), or `undefined` when it does not exist. */
export async function getObject<T = any>(
  kc: KubeConfig,
  ref: ObjectRef,
): Promise<T | undefined> {
  const r = await request(kc, 'GET', ref);
  if (r.status === 404) return undefined;
  if (r.status !== 200) {
    throw new Error(
      `GET ${describeRef(ref)} answered ${r.status}: ${JSON.stringify(r.body)}`,
    );
  }
  return r.body as T;
}

/**
 * The objects of a type: in one namespace, or in all of them when `namespace` is left
 * out, optionally label-selected. A kind definition's `WatchedType` is such a type.
 */
export async function listObjects(
  kc: KubeConfig,
  type: {
    apiVersion: string;
    kind: string;
    namespace?: string;
    labelSelector?: string;
  },
): Promise<KubeObject[]> {
  const namespaced = await objectPath(kc, {
    apiVersion: type.apiVersion,
    kind: type.kind,
    metadata: { namespace: type.namespace ?? 'default' },
  });
  // objectPath names a namespace for namespaced kinds; without one, list across all.
  const path = type.namespace
    ? namespaced
    : namespaced.replace(/\/namespaces\/default\//, '/');
  const query = type.labelSelector
    ? `?labelSelector=${encodeURIComponent(type.labelSelector)}`
    : '';
  const r = await rawRequest(kc, 'GET', `${path}${query}`);
  if (r.status !== 200) {
    throw new Error(`GET ${path} answered ${r.status}: ${r.body?.message}`);
  }
  return r.body.items as KubeObject[];
}

/** `namespace/name` (or `name`) of every object of a type, sorted. */
export async function objectNames(
  kc: KubeConfig,
  type: Parameters<typeof listObjects>[1],
): Promise<string[]> {
  return (await listObjects(kc, type))
    .map(o =>
      o.metadata.namespace
        ? `${o.metadata.namespace}/${o.metadata.name}`
        : o.metadata.name,
    )
    .sort();
}

/**
 * Deletes the object if it exists, propagation Background: the garbage collector removes
 * its dependents (a Job's pods) afterwards.
 */
export async function deleteIfExists(
  kc: KubeConfig,
  ref: ObjectRef,
): Promise<void> {
  const r = await request(kc, 'DELETE', ref, {
    body: { propagationPolicy: 'Background' },
  });
  if (r.status !== 200 && r.status !== 202 && r.status !== 404) {
    throw new Error(
      `DELETE ${describeRef(ref)} answered ${r.status}: ${JSON.stringify(
        r.body,
      )}`,
    );
  }
}

/** Replaces the whole status subresource. */
export async function putStatus(
  kc: KubeConfig,
  ref: ObjectRef,
  status: unknown,
): Promise<void> {
  const current = await getObject(kc, ref);
  if (!current) throw new Error(`${describeRef(ref)} does not exist`);
  const r = await request(kc, 'PUT', ref, {
    subresource: 'status',
    body: { ...current, status },
  });
  if (r.status !== 200) {
    throw new Error(
      `PUT ${describeRef(ref)}/status answered ${r.status}: ${JSON.stringify(
        r.body,
      )}`,
    );
  }
}

/** The labels the Job controller generates: a recreated Job gets its own. */
const GENERATED_JOB_LABELS = [
  'controller-uid',
  'job-name',
  'batch.kubernetes.io/controller-uid',
  'batch.kubernetes.io/job-name',
];

/** What to send to recreate a deleted object: its manifest without server-set fields. */
function manifestOf(object: KubeObject): KubeObject {
  const { name, namespace, labels, annotations, ownerReferences } =
    object.metadata;
  const manifest: KubeObject = {
    apiVersion: object.apiVersion,
    kind: object.kind,
    metadata: {
      name,
      ...(namespace ? { namespace } : {}),
      ...(labels ? { labels } : {}),
      ...(annotations ? { annotations } : {}),
      ...(ownerReferences ? { ownerReferences } : {}),
    },
    ...(object.spec !== undefined
      ? { spec: structuredClone(object.spec) }
      : {}),
    ...(object.data !== undefined ? { data: object.data } : {}),
  };
  if (object.kind === 'Job') {
    // The API server generates the selector and these labels from the new Job's uid.
    delete manifest.spec.selector;
    const templateLabels = manifest.spec.template?.metadata?.labels ?? {};
    for (const label of GENERATED_JOB_LABELS) delete templateLabels[label];
  }
  return manifest;
}

/** Puts objects back as they were when {@link snapshot} read them. */
export type Restore = () => Promise<void>;

async function recreate(kc: KubeConfig, object: KubeObject) {
  const r = await rawRequest(
    kc,
    'POST',
    await objectPath(kc, {
      ...object,
      metadata: { namespace: object.metadata.namespace },
    }),
    manifestOf(object),
  );
  if (r.status !== 201) {
    throw new Error(
      `recreating ${describeRef(object)} answered ${r.status}: ${
        r.body?.message ?? JSON.stringify(r.body)
      }`,
    );
  }
}

/**
 * Reads the objects now so that the returned function can put them back, in the order
 * given: the data of a ConfigMap (e.g. a pod script) and the status of a resource whose
 * operator has no stand-in are put back as read; a deleted object is recreated. A Job
 * whose status has moved on is deleted and created again, and its pods' script (restored
 * first) brings the new one, through the Job controller, where the old one was. Pods are
 * not snapshotted: their Job makes them. Tests that act on shared objects restore what
 * they changed, so the other tests see the objects as they were.
 */
export async function snapshot(
  kc: KubeConfig,
  refs: ObjectRef[],
): Promise<Restore> {
  const saved: KubeObject[] = [];
  for (const ref of refs) {
    if (ref.kind === 'Pod') {
      throw new Error(
        `${describeRef(ref)}: pods are made by their Job; snapshot the Job`,
      );
    }
    const object = await getObject(kc, ref);
    if (!object) throw new Error(`${describeRef(ref)} does not exist`);
    saved.push(object);
  }
  return async () => {
    for (const object of saved) {
      let current = await getObject(kc, object);
      if (object.kind === 'Job') {
        if (
          current &&
          JSON.stringify(current.status) !== JSON.stringify(object.status)
        ) {
          await deleteIfExists(kc, current);
          await eventually(
            async () => ((await getObject(kc, object)) ? undefined : true),
            `${describeRef(object)} deleted`,
          );
          current = undefined;
        }
        if (!current) {
          await recreate(kc, object);
          const script = await getObject(kc, {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: {
              name: podScriptName(
                object.metadata.namespace!,
                object.metadata.name,
              ),
              namespace: POD_SCRIPT_NAMESPACE,
            },
          });
          if (script) {
            await jobSettled(
              kc,
              object.metadata.namespace!,
              object.metadata.name,
              JSON.parse(script.data.script),
            );
          }
        }
        continue;
      }
      if (!current) {
        await recreate(kc, object);
      } else if (
        object.data !== undefined &&
        JSON.stringify(current.data) !== JSON.stringify(object.data)
      ) {
        await applyManifests(kc, [manifestOf(object) as Manifest]);
      }
      if (object.status !== undefined) {
        await putStatus(kc, object, object.status);
      }
    }
  };
}

/** Polls until `read` returns something (an action or a controller has written it). */
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

/**
 * Waits until what `read` gives (by `key`, default all of it) is the same twice
 * `periodMs` apart, and returns the last reading: a counter that stopped moving, e.g. once
 * the controllers' last writes about a scene (seconds after it looks ready on a busy
 * machine) have landed.
 */
export async function untilQuiet<T>(
  read: () => T | Promise<T>,
  options: { key?: (value: T) => unknown; periodMs?: number } = {},
): Promise<T> {
  const key = options.key ?? ((value: T) => value);
  let last = await read();
  for (;;) {
    await new Promise(r => setTimeout(r, options.periodMs ?? 2_000));
    const now = await read();
    if (JSON.stringify(key(now)) === JSON.stringify(key(last))) return now;
    last = now;
  }
}

/**
 * Applies objects as the given identity (a test's admin); objects carrying `status` get
 * it, as their controller would write it (the operators the suite has no stand-in for:
 * kro, KServe). A Job given with its pods' script (`jobWithOutcome`) is waited for until
 * the Job controller has brought it where the script leads, so the scene is as described
 * when this returns.
 */
export async function givenObjects(kc: KubeConfig, ...manifests: Manifest[]) {
  const applied = await applyManifests(kc, manifests);
  const scripts = manifests.filter(
    m => m.kind === 'ConfigMap' && m.metadata?.labels?.[POD_SCRIPT_LABEL],
  );
  for (const script of scripts) {
    const { namespace, job } = (script as any).data;
    const given = manifests.some(
      m =>
        m.kind === 'Job' &&
        m.metadata?.name === job &&
        m.metadata?.namespace === namespace,
    );
    if (given) {
      await jobSettled(
        kc,
        namespace,
        job,
        JSON.parse((script as any).data.script),
      );
    }
  }
  return applied;
}

/** A file of this repository, e.g. `packages/local-control-plane/crds/<name>.yaml`. */
export function repositoryFile(path: string): string {
  return resolvePackagePath('@model-delivery/test-kit', '../..', path);
}

/** Installs one of the local control plane's CRDs and waits until it is served. */
export async function installCrd(kc: KubeConfig, crdName: string) {
  const [crd] = readManifests([
    repositoryFile(`packages/local-control-plane/crds/${crdName}.yaml`),
  ]);
  await applyManifests(kc, [crd]);
  await eventually(async () => {
    const current = await getObject(kc, {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: crdName },
    });
    return current?.status?.conditions?.some(
      (c: any) => c.type === 'Established' && c.status === 'True',
    )
      ? current
      : undefined;
  }, `CRD ${crdName} Established`);
}
