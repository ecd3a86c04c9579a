/**
 * The identities the local control plane knows, from its static token file.
 *
 * - `admin`: `system:masters`, bypasses RBAC (tests playing the operators use it);
 * - `backstage`: what the portal uses; it gets exactly the RBAC the suite documents in
 *   `manifests/rbac`: the read-only ClusterRole and the cluster-scope writer everywhere, the
 *   namespace Role only in the namespaces opted in (`optInNamespaces`);
 * - `developer`: no bindings at all, so every request it makes is a real 403;
 * - `controller-manager`: kube-controller-manager's user, with the bootstrap roles of the
 *   controllers it runs here (`rbac/controller-manager.yaml`);
 * - `hf-operator`: the hf-operator stand-in, with hf-operator's own ClusterRole
 *   (`rbac/hf-operator.yaml`).
 */
export const IDENTITIES = {
  admin: { user: 'admin', groups: ['system:masters'] },
  backstage: { user: 'backstage', groups: ['model-delivery:backstage'] },
  developer: { user: 'developer', groups: [] as string[] },
  'controller-manager': {
    user: 'system:kube-controller-manager',
    groups: [] as string[],
  },
  'hf-operator': {
    user: 'system:serviceaccount:hf-operator-system:hf-operator-controller-manager',
    groups: [] as string[],
  },
} as const;

export type Identity = keyof typeof IDENTITIES;

export const IDENTITY_NAMES = Object.keys(IDENTITIES) as Identity[];
