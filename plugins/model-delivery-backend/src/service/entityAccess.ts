import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';

/**
 * The entity the caller asks about, if the caller may see it and holds every permission
 * given (resource permissions on that entity).
 *
 * The entity is read with the caller's own credentials, so the catalog's read rules
 * apply: an entity the caller cannot see is "not found", exactly like one that does not
 * exist, and nothing of its resources is revealed. Then the permission policy decides;
 * conditional decisions are resolved against the entity by the permission framework.
 */
export async function authorizeEntity(options: {
  catalog: CatalogService;
  permissions: PermissionsService;
  credentials: BackstageCredentials;
  entityRef: string;
  required: ResourcePermission<'catalog-entity'>[];
  /** What the caller wants to do, for the 403 message: "read the model delivery status of". */
  action: string;
}): Promise<{ entity: Entity; entityRef: string }> {
  const { catalog, permissions, credentials, required } = options;
  const entity = await catalog.getEntityByRef(options.entityRef, {
    credentials,
  });
  if (!entity) {
    throw new NotFoundError(`No entity ${options.entityRef}`);
  }
  const entityRef = stringifyEntityRef(entity);
  const decisions = await permissions.authorize(
    required.map(permission => ({ permission, resourceRef: entityRef })),
    { credentials },
  );
  const denied = required.filter(
    (_, index) => decisions[index]?.result !== AuthorizeResult.ALLOW,
  );
  if (denied.length > 0) {
    throw new NotAllowedError(
      `You may not ${options.action} ${entityRef} (permission ${denied
        .map(p => p.name)
        .join(', ')} denied)`,
    );
  }
  return { entity, entityRef };
}
