import { KubeConfig } from '@kubernetes/client-node';
import { objectPath, rawRequest } from '@internal/local-control-plane';
import { kubeConfigFor } from './controlPlane';

/**
 * The e2e tests' hands on the portal's control plane, as the `admin` identity: they play
 * the operators (no operator runs there) and check what the portal did.
 */

/** Enough of an object to find its REST path. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
}

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

let adminConfig: KubeConfig | undefined;

/** The admin kubeconfig of the running portal's control plane (read once per worker). */
export function admin(): KubeConfig {
  adminConfig ??= kubeConfigFor('admin');
  return adminConfig;
}

function describe(ref: ObjectRef) {
  const { namespace, name } = ref.metadata;
  return `${ref.kind} ${namespace ? `${namespace}/` : ''}${name}`;
}

async function request(
  method: string,
  ref: ObjectRef,
  options: { subresource?: string; body?: unknown; contentType?: string } = {},
) {
  const path = `${await objectPath(admin(), ref)}${
    options.subresource ? `/${options.subresource}` : ''
  }`;
  return rawRequest(admin(), method, path, options.body, options.contentType);
}

/** The object, or `undefined` when it does not exist. */
export async function getObject(
  ref: ObjectRef,
): Promise<KubeObject | undefined> {
  const r = await request('GET', ref);
  if (r.status === 404) return undefined;
  if (r.status !== 200) {
    throw new Error(
      `GET ${describe(ref)} answered ${r.status}: ${JSON.stringify(r.body)}`,
    );
  }
  return r.body as KubeObject;
}

/** The names of the objects of a kind (in a namespace, for namespaced kinds). */
export async function listNames(
  apiVersion: string,
  kind: string,
  namespace?: string,
  labelSelector?: string,
): Promise<string[]> {
  const path = await objectPath(admin(), {
    apiVersion,
    kind,
    metadata: { namespace },
  });
  const query = labelSelector
    ? `?labelSelector=${encodeURIComponent(labelSelector)}`
    : '';
  const r = await rawRequest(admin(), 'GET', `${path}${query}`);
  if (r.status !== 200) {
    throw new Error(`GET ${path} answered ${r.status}: ${r.body?.message}`);
  }
  return (r.body.items as KubeObject[]).map(o => o.metadata.name);
}

/** Deletes the object if it exists (no garbage collector runs: dependents stay). */
export async function deleteIfExists(ref: ObjectRef): Promise<void> {
  const r = await request('DELETE', ref, {
    body: { propagationPolicy: 'Background' },
  });
  if (r.status !== 200 && r.status !== 202 && r.status !== 404) {
    throw new Error(
      `DELETE ${describe(ref)} answered ${r.status}: ${JSON.stringify(r.body)}`,
    );
  }
}

/** Merge-patches the status subresource, as the object's controller would. */
export async function patchStatus(ref: ObjectRef, status: unknown) {
  const r = await request('PATCH', ref, {
    subresource: 'status',
    body: { status },
    contentType: 'application/merge-patch+json',
  });
  if (r.status !== 200) {
    throw new Error(
      `PATCH ${describe(ref)}/status answered ${r.status}: ${JSON.stringify(
        r.body,
      )}`,
    );
  }
  return r.body as KubeObject;
}

/** Replaces the whole status subresource. */
async function putStatus(ref: ObjectRef, status: unknown) {
  const current = await getObject(ref);
  if (!current) throw new Error(`${describe(ref)} does not exist`);
  const r = await request('PUT', ref, {
    subresource: 'status',
    body: { ...current, status },
  });
  if (r.status !== 200) {
    throw new Error(
      `PUT ${describe(ref)}/status answered ${r.status}: ${JSON.stringify(
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
  const { name, namespace, labels, annotations } = object.metadata;
  const manifest: KubeObject = {
    apiVersion: object.apiVersion,
    kind: object.kind,
    metadata: {
      name,
      ...(namespace ? { namespace } : {}),
      ...(labels ? { labels } : {}),
      ...(annotations ? { annotations } : {}),
    },
    spec: structuredClone(object.spec),
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

/**
 * Reads the objects now so that the returned function can put them back: the status of
 * those still there is replaced by the one read, those deleted meanwhile are recreated
 * (with that status). Tests that play an operator restore what they changed, so the
 * seeded samples look the same to every test.
 */
export async function snapshot(refs: ObjectRef[]): Promise<Restore> {
  const saved: KubeObject[] = [];
  for (const ref of refs) {
    const object = await getObject(ref);
    if (!object) throw new Error(`${describe(ref)} does not exist`);
    saved.push(object);
  }
  return async () => {
    for (const object of saved) {
      let current = await getObject(object);
      if (
        current?.kind === 'Pod' &&
        JSON.stringify(current.status) !== JSON.stringify(object.status)
      ) {
        // A terminated container may not go back to running (restartPolicy Never): a
        // pod is put back by recreating it. Unscheduled, it is deleted at once.
        await deleteIfExists(object);
        current = await getObject(object);
        if (current) throw new Error(`${describe(object)} is still there`);
      }
      if (!current) {
        const r = await rawRequest(
          admin(),
          'POST',
          await objectPath(admin(), {
            ...object,
            metadata: { namespace: object.metadata.namespace },
          }),
          manifestOf(object),
        );
        if (r.status !== 201) {
          throw new Error(
            `recreating ${describe(object)} answered ${r.status}: ${
              r.body?.message ?? JSON.stringify(r.body)
            }`,
          );
        }
      }
      if (object.status !== undefined) await putStatus(object, object.status);
    }
  };
}
