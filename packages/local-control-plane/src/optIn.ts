import { resolve } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { IDENTITIES } from './identities';
import { Manifest, applyManifests, readManifests } from './manifests';
import { REPO_ROOT } from './paths';

/** Part 2 of the suite's RBAC, as adopters apply it per namespace. */
const NAMESPACE_ROLE = resolve(
  REPO_ROOT,
  'manifests/rbac/model-delivery-namespace-role.yaml',
);

/**
 * What a platform admin applies to opt a namespace in for the suite: the shipped
 * namespace Role (`manifests/rbac/model-delivery-namespace-role.yaml`) in that namespace,
 * bound to the `backstage` identity. A namespace without it is read-only to the portal.
 */
export function namespaceOptIn(namespace: string): Manifest[] {
  const [role] = readManifests([NAMESPACE_ROLE]);
  const roleName = role.metadata!.name!;
  return [
    { ...role, metadata: { ...role.metadata, namespace } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'backstage-model-delivery', namespace },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'Role',
        name: roleName,
      },
      subjects: IDENTITIES.backstage.groups.map(name => ({
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'Group',
        name,
      })),
    },
  ];
}

/** Opts existing namespaces in (see {@link namespaceOptIn}). */
export async function optInNamespaces(kc: KubeConfig, namespaces: string[]) {
  await applyManifests(kc, namespaces.flatMap(namespaceOptIn));
}
