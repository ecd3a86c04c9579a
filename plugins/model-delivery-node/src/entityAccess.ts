import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  EntityResourceSelector,
  entityResourceSelector,
} from '@model-delivery/plugin-model-delivery-common';

/*
 * How every path of the suite decides whether a caller may act on an entity's resources:
 * the status backend's routes and agent actions, and the scaffolder's lifecycle actions.
 */

/** What the catalog and the permission policy said about one caller and one entity. @public */
export interface EntityAccessVerdict {
  entity?: Entity;
  entityRef?: string;
  /** The names of the required permissions the policy did not allow. */
  denied: string[];
}

/** An entity the caller may act on, with the selector of its resources (none: it has none). @public */
export interface AuthorizedEntity {
  entity: Entity;
  entityRef: string;
  selector?: EntityResourceSelector;
}

/**
 * The entity read with the caller's own credentials, so the catalog's read rules apply
 * (an entity the caller cannot see is absent, exactly like one that does not exist), and
 * the policy's decisions on the required permissions for it (conditional decisions are
 * resolved against the entity by the permission framework).
 *
 * @public
 */
export async function decideEntityAccess(options: {
  catalog: CatalogService;
  permissions: PermissionsService;
  credentials: BackstageCredentials;
  entityRef: string;
  required: ResourcePermission<'catalog-entity'>[];
}): Promise<EntityAccessVerdict> {
  const { credentials, required } = options;
  const entity = await options.catalog.getEntityByRef(options.entityRef, {
    credentials,
  });
  if (!entity) return { denied: [] };
  const entityRef = stringifyEntityRef(entity);
  const decisions = await options.permissions.authorize(
    required.map(permission => ({ permission, resourceRef: entityRef })),
    { credentials },
  );
  return {
    entity,
    entityRef,
    denied: required
      .filter((_, index) => decisions[index]?.result !== AuthorizeResult.ALLOW)
      .map(p => p.name),
  };
}

/**
 * The entity of a verdict, or the refusal: 404 when the caller may not see it (nothing of
 * its resources is revealed), 403 naming the denied permissions.
 *
 * @public
 */
export function authorizedEntity(
  verdict: EntityAccessVerdict,
  asked: {
    entityRef: string;
    /** What the caller wants to do, for the 403: "read the model delivery status of". */
    action: string;
  },
): AuthorizedEntity {
  if (!verdict.entity || !verdict.entityRef) {
    throw new NotFoundError(`No entity ${asked.entityRef}`);
  }
  if (verdict.denied.length > 0) {
    throw new NotAllowedError(
      `You may not ${asked.action} ${
        verdict.entityRef
      } (permission ${verdict.denied.join(', ')} denied)`,
    );
  }
  return {
    entity: verdict.entity,
    entityRef: verdict.entityRef,
    selector: selectorOf(verdict.entity),
  };
}

/**
 * The entity's selector; an annotation that is not a valid selector is the caller's
 * error (400), not the backend's.
 *
 * @public
 */
export function selectorOf(entity: Entity): EntityResourceSelector | undefined {
  try {
    return entityResourceSelector(entity);
  } catch (error) {
    throw new InputError(
      `${stringifyEntityRef(
        entity,
      )} has an invalid Kubernetes label selector: ${(error as Error).message}`,
    );
  }
}
