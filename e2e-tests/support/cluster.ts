import { KubeConfig } from '@kubernetes/client-node';
import { patchStatus as patchStatusAs } from '@internal/local-control-plane';
import {
  KubeObject,
  ObjectRef,
  Restore,
  deleteIfExists as deleteIfExistsAs,
  getObject as getObjectAs,
  listObjects,
  snapshot as snapshotAs,
} from '@model-delivery/test-kit/objects';
import { kubeConfigFor } from './controlPlane';

/**
 * The e2e tests' hands on the portal's control plane, as the `admin` identity: they play
 * the operators (kube-controller-manager runs there, hf-operator's stand-in only when a
 * test runs its reconciles) and check what the portal did. The test kit's
 * object helpers, bound to that identity.
 */

export type { KubeObject, ObjectRef, Restore };

let adminConfig: KubeConfig | undefined;

/** The admin kubeconfig of the running portal's control plane (read once per worker). */
export function admin(): KubeConfig {
  adminConfig ??= kubeConfigFor('admin');
  return adminConfig;
}

/** The object, or `undefined` when it does not exist. */
export function getObject(ref: ObjectRef): Promise<KubeObject | undefined> {
  return getObjectAs<KubeObject>(admin(), ref);
}

/** The names of the objects of a kind (in a namespace, for namespaced kinds). */
export async function listNames(
  apiVersion: string,
  kind: string,
  namespace?: string,
  labelSelector?: string,
): Promise<string[]> {
  const objects = await listObjects(admin(), {
    apiVersion,
    kind,
    namespace,
    labelSelector,
  });
  return objects.map(o => o.metadata.name);
}

/** Deletes the object if it exists; the garbage collector removes its dependents. */
export function deleteIfExists(ref: ObjectRef): Promise<void> {
  return deleteIfExistsAs(admin(), ref);
}

/** Merge-patches the status subresource, as the object's controller would. */
export async function patchStatus(
  ref: ObjectRef,
  status: unknown,
): Promise<KubeObject> {
  return patchStatusAs(admin(), ref, status);
}

/**
 * Reads the objects now so that the returned function can put them back. Tests that play
 * an operator restore what they changed, so the seeded samples look the same to every
 * test.
 */
export function snapshot(refs: ObjectRef[]): Promise<Restore> {
  return snapshotAs(admin(), refs);
}
