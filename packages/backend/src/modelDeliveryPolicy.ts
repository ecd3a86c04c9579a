/*
 * The local portal's permission policy, a sample of what a platform team writes: everything
 * is allowed, as with the allow-all policy it replaces, except where Model Delivery acts
 * in a cluster's namespace. There each team acts only in the namespaces it owns (their
 * `backstage.io/owner` annotation names it), for entities it owns; the platform team acts
 * everywhere. docs/security.md explains the namespace permissions and their rules.
 *
 * With the sample catalog and namespaces (examples/org.yaml, the local control plane's
 * samples), the guest, a member of `guests`, may use ml-models, default and sandbox, and
 * not vision-models, which is the vision team's.
 */
import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  PolicyDecision,
  isResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  RESOURCE_TYPE_MODEL_DELIVERY_NAMESPACE,
  modelDeliveryNamespaceWritePermission,
} from '@model-delivery/plugin-model-delivery-common';
import {
  createModelDeliveryNamespaceConditionalDecision,
  modelDeliveryNamespaceConditions as namespace,
} from '@model-delivery/plugin-model-delivery-node';

/** Members act in every namespace and at cluster scope. */
const PLATFORM_TEAM = 'group:default/platform-team';

export class ModelDeliveryTeamsPolicy implements PermissionPolicy {
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    if (
      !isResourcePermission(permission, RESOURCE_TYPE_MODEL_DELIVERY_NAMESPACE)
    ) {
      return { result: AuthorizeResult.ALLOW };
    }
    const claims = user?.info.ownershipEntityRefs ?? [];
    if (claims.includes(PLATFORM_TEAM))
      return { result: AuthorizeResult.ALLOW };
    const ownNamespace = namespace.isNamespaceOwner({ claims });
    return createModelDeliveryNamespaceConditionalDecision(permission, {
      anyOf: [
        // Reading a namespace's claims and Secrets: its owners. Acting there: its owners,
        // for an entity their team owns too (a team's namespace holds its own models).
        permission.name === modelDeliveryNamespaceWritePermission.name
          ? { allOf: [ownNamespace, namespace.isEntityOwnerNamespaceOwner()] }
          : ownNamespace,
        // Cluster-wide caches: anyone, in this sample. A production policy would keep
        // the cluster scope for the platform team.
        namespace.isClusterScope(),
      ],
    });
  }
}

/** The sample policy, for the permission backend. */
export const modelDeliveryPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'model-delivery-teams-policy',
  register(env) {
    env.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new ModelDeliveryTeamsPolicy());
      },
    });
  },
});
