import {
  SecretKeyRead,
  readSecretKey,
} from '@model-delivery/plugin-model-delivery-node';
import { ClusterConnection } from '../cluster/clusterConnection';

/*
 * Read-only checks of what a resource needs in the cluster. Each resolves to a problem
 * phrased for the template user (what is missing, where, what to do), or undefined.
 * Other failures (403, unreachable) throw the connection's actionable errors.
 */

export async function namespaceProblem(
  connection: ClusterConnection,
  namespace: string,
): Promise<string | undefined> {
  const found = await connection.readIfExists(
    { action: 'get', resource: `Namespace ${namespace}` },
    () => connection.core.readNamespace({ name: namespace }),
  );
  if (!found) {
    return `Namespace '${namespace}' does not exist in cluster '${connection.name}': create it (kubectl create namespace ${namespace}) or choose an existing namespace`;
  }
  if (found.status?.phase === 'Terminating') {
    return `Namespace '${namespace}' in cluster '${connection.name}' is being deleted: choose another namespace`;
  }
  return undefined;
}

/**
 * Whether a Secret exists and has the keys, from the one read of it (node's
 * `readSecretKey`). Only the key names are looked at here; no value is logged or returned.
 */
export function missingSecretKeys(
  secret: { namespace: string; name: string },
  read: SecretKeyRead | undefined,
  keys: readonly string[],
  purpose: string,
): string | undefined {
  const { namespace, name } = secret;
  if (!read) {
    return `Secret '${name}' does not exist in namespace '${namespace}': ${purpose}`;
  }
  const missing = keys.filter(key => !read.keys.includes(key));
  if (missing.length === 0) return undefined;
  return `Secret '${name}' in namespace '${namespace}' has no key ${missing
    .map(k => `'${k}'`)
    .join(' or ')} (its keys: ${
    read.keys.length > 0 ? read.keys.map(k => `'${k}'`).join(', ') : 'none'
  }): ${purpose}`;
}

/** {@link missingSecretKeys} of a Secret read now. */
export async function secretKeysProblem(
  connection: ClusterConnection,
  namespace: string,
  name: string,
  keys: readonly string[],
  purpose: string,
): Promise<string | undefined> {
  const read = await readSecretKey(connection.cluster, {
    namespace,
    name,
    key: keys[0],
  });
  return missingSecretKeys({ namespace, name }, read, keys, purpose);
}

export async function serviceAccountProblem(
  connection: ClusterConnection,
  namespace: string,
  name: string,
  purpose: string,
): Promise<string | undefined> {
  const found = await connection.readIfExists(
    { action: 'get', resource: `ServiceAccount ${namespace}/${name}` },
    () => connection.core.readNamespacedServiceAccount({ name, namespace }),
  );
  return found
    ? undefined
    : `ServiceAccount '${name}' does not exist in namespace '${namespace}': ${purpose}`;
}

/**
 * Whether the cluster serves a CRD's version (`crdOf(type)` from common, for a kind's
 * resource): the CRD exists, is Established and serves `version`. `advice` says who
 * installs it and how.
 */
export async function crdProblem(
  connection: ClusterConnection,
  served: { name: string; version: string },
  advice: string,
): Promise<string | undefined> {
  const { name: crdName, version } = served;
  const crd = await connection.readIfExists(
    { action: 'get', resource: `CustomResourceDefinition ${crdName}` },
    () =>
      connection.apiextensions.readCustomResourceDefinition({ name: crdName }),
  );
  if (!crd) {
    return `The CRD ${crdName} is not installed in cluster '${connection.name}': ${advice}`;
  }
  const established = crd.status?.conditions?.some(
    c => c.type === 'Established' && c.status === 'True',
  );
  if (!established) {
    return `The CRD ${crdName} in cluster '${connection.name}' is not Established (not served yet): ${advice}`;
  }
  if (!crd.spec.versions.some(v => v.name === version && v.served)) {
    return `The CRD ${crdName} in cluster '${
      connection.name
    }' does not serve version ${version} (it serves ${
      crd.spec.versions
        .filter(v => v.served)
        .map(v => v.name)
        .join(', ') || 'none'
    }): ${advice}`;
  }
  return undefined;
}
