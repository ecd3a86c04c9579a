/**
 * The identities the local control plane knows, from its static token file.
 *
 * - `admin`: `system:masters`, bypasses RBAC (tests playing the operators use it);
 * - `backstage`: what the portal uses; it gets exactly the ClusterRole the suite documents
 *   in `plugins/model-delivery-node/manifests/rbac/model-delivery-clusterrole.yaml`;
 * - `developer`: no bindings at all, so every request it makes is a real 403.
 */
export const IDENTITIES = {
  admin: { user: 'admin', groups: ['system:masters'] },
  backstage: { user: 'backstage', groups: ['model-delivery:backstage'] },
  developer: { user: 'developer', groups: [] as string[] },
} as const;

export type Identity = keyof typeof IDENTITIES;

export const IDENTITY_NAMES = Object.keys(IDENTITIES) as Identity[];
