/*
 * The suite's RBAC as `manifests/rbac` ships it (docs/security.md), in two parts and an
 * option: what a 403 from a cluster tells its admin to bind.
 */

/** Cluster-wide and read-only: the watched kinds, Jobs, pods, events, namespaces. No Secrets. */
export const READ_CLUSTER_ROLE = {
  kind: 'ClusterRole',
  name: 'backstage-model-delivery',
  manifest: 'manifests/rbac/model-delivery-clusterrole.yaml',
};

/**
 * Bound per namespace that may receive models ("opted in"): the writes, the token
 * Secrets, the claims and the logs there.
 */
export const NAMESPACE_ROLE = {
  kind: 'Role',
  name: 'backstage-model-delivery-writer',
  manifest: 'manifests/rbac/model-delivery-namespace-role.yaml',
};

/** Optional: writes of cluster-scoped kinds (a cluster-wide LocalModelCache). */
export const CLUSTER_WRITER_ROLE = {
  kind: 'ClusterRole',
  name: 'backstage-model-delivery-cluster-writer',
  manifest: 'manifests/rbac/model-delivery-cluster-writer.yaml',
};

const READ_VERBS = new Set(['get', 'list', 'watch']);

/**
 * What the namespace Role lets the suite read (its other rules are writes); every other
 * read is the ClusterRole's. rbac.test.ts holds this to the manifest.
 */
export const NAMESPACE_ROLE_READS = [
  'secrets',
  'secretproviderclasses',
  'persistentvolumeclaims',
  'serviceaccounts',
  'pods/log',
];

/**
 * What to bind for a refused request, for the message: in a namespace, its writes and the
 * reads of {@link NAMESPACE_ROLE_READS} are the namespace Role's; other reads the
 * ClusterRole's; writes at cluster scope the cluster writer's.
 */
export function roleToBind(request: {
  /** The RBAC verb. */
  action: string;
  /** The RBAC resource (`pods/log`), when known. */
  resource?: string;
  namespace?: string;
  cluster: string;
}): string {
  const { action, resource, namespace, cluster } = request;
  const read = READ_VERBS.has(action);
  if (
    namespace &&
    (!read || !resource || NAMESPACE_ROLE_READS.includes(resource))
  ) {
    return `Namespace '${namespace}' is not opted in for Model Delivery. A cluster admin of '${cluster}' opts it in by binding the ${NAMESPACE_ROLE.kind} ${NAMESPACE_ROLE.name} (${NAMESPACE_ROLE.manifest}) to the portal's identity in that namespace: kubectl apply -n ${namespace} -f ${NAMESPACE_ROLE.manifest} && kubectl create rolebinding backstage-model-delivery -n ${namespace} --role=${NAMESPACE_ROLE.name} --serviceaccount=<namespace>:<name> (docs/security.md)`;
  }
  const role = read ? READ_CLUSTER_ROLE : CLUSTER_WRITER_ROLE;
  return `Grant it the ${role.kind} ${role.name} in ${role.manifest} (docs/security.md)`;
}
