import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  NamespaceTarget,
  RESOURCE_TYPE_MODEL_DELIVERY_NAMESPACE,
  describeNamespaceTarget,
  modelDeliveryNamespaceRef,
} from '@model-delivery/plugin-model-delivery-common';

/** A namespace permission: read or write. @public */
export type NamespacePermission = ResourcePermission<
  typeof RESOURCE_TYPE_MODEL_DELIVERY_NAMESPACE
>;

/**
 * Whether the caller holds `permission` in each target, in one call to the permission
 * framework (a policy's conditional decision is resolved against each namespace by the
 * Model Delivery backend plugin, which registers the resource type). The one place the
 * suite decides who may act in a namespace: the REST routes, the scaffolder actions and
 * the MCP actions all ask here.
 *
 * @public
 */
export async function decideNamespaceAccess(options: {
  permissions: Pick<PermissionsService, 'authorize'>;
  credentials: BackstageCredentials;
  permission: NamespacePermission;
  targets: NamespaceTarget[];
}): Promise<boolean[]> {
  const { permissions, credentials, permission, targets } = options;
  if (targets.length === 0) return [];
  const decisions = await permissions.authorize(
    targets.map(target => ({
      permission,
      resourceRef: modelDeliveryNamespaceRef(target),
    })),
    { credentials },
  );
  return targets.map((_, i) => decisions[i]?.result === AuthorizeResult.ALLOW);
}

/**
 * Why the caller may not act in a target, for people: the namespace, the cluster, the
 * permission, and what to do.
 *
 * @public
 */
export function namespaceRefusal(
  target: NamespaceTarget,
  permission: NamespacePermission,
  doing: string,
): string {
  return `You may not ${doing} in ${describeNamespaceTarget(target)}${
    target.entityRef ? ` for ${target.entityRef}` : ''
  }: the portal's permission policy does not grant you ${
    permission.name
  } there. Use a namespace your team may use, or ask the namespace's owner or the platform team`;
}

/**
 * Refuses (a `NotAllowedError` naming the target and the permission) unless the caller
 * holds `permission` in the target. See {@link decideNamespaceAccess}.
 *
 * @public
 */
export async function authorizeNamespaceAccess(options: {
  permissions: Pick<PermissionsService, 'authorize'>;
  credentials: BackstageCredentials;
  permission: NamespacePermission;
  target: NamespaceTarget;
  /** What is refused, for the message: "create ModelDownload team-a/models". */
  doing: string;
}): Promise<void> {
  const [allowed] = await decideNamespaceAccess({
    ...options,
    targets: [options.target],
  });
  if (!allowed) {
    throw new NotAllowedError(
      namespaceRefusal(options.target, options.permission, options.doing),
    );
  }
}
