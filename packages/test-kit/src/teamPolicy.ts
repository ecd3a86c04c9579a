import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
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

/** A decision on the catalog entities owned by `groups` only (the catalog's own condition). */
export function ownedByDecision(
  request: PolicyQuery,
  groups: string[],
): PolicyDecision {
  if (!isResourcePermission(request.permission, 'catalog-entity')) {
    throw new Error(
      `${request.permission.name} is not a catalog-entity permission`,
    );
  }
  return createCatalogConditionalDecision(
    request.permission,
    catalogConditions.isEntityOwner({ claims: groups }),
  );
}

/**
 * An adopter's policy as the tests need one, decided by the real permission backend:
 * - `refused`: user → the permissions (by name, or `'*'` for all) denied them;
 * - `decide`: anything more particular; `undefined` passes the request on;
 * - `entitiesOf`: user → the groups whose catalog entities alone they may read and act on
 *   (every `catalog-entity` permission, conditional on `isEntityOwner`);
 * everything else is allowed.
 */
export function teamPolicy(rules: {
  refused?: Record<string, string[] | '*'>;
  decide?: (
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ) => PolicyDecision | undefined;
  entitiesOf?: Record<string, string[]>;
}): PermissionPolicy {
  return {
    async handle(request, user): Promise<PolicyDecision> {
      const who = user?.info.userEntityRef ?? '';
      const refused = rules.refused?.[who];
      if (refused === '*' || refused?.includes(request.permission.name)) {
        return { result: AuthorizeResult.DENY };
      }
      const particular = rules.decide?.(request, user);
      if (particular) return particular;
      const groups = rules.entitiesOf?.[who];
      if (
        groups &&
        isResourcePermission(request.permission, 'catalog-entity')
      ) {
        return ownedByDecision(request, groups);
      }
      return { result: AuthorizeResult.ALLOW };
    },
  };
}
