import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { createPermission } from '@backstage/plugin-permission-common';

/*
 * Both permissions are resource permissions on the catalog entity, so an adopter's policy
 * can allow them conditionally with the catalog's rules (e.g. only for entity owners).
 */

/**
 * Read the model delivery status of an entity's resources.
 *
 * @public
 */
export const modelDeliveryStatusReadPermission = createPermission({
  name: 'model-delivery.status.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Retry a failed model of an entity's resource (deletes its failed Job so the operator
 * recreates it).
 *
 * @public
 */
export const modelDeliveryRetryPermission = createPermission({
  name: 'model-delivery.model.retry',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** @public */
export const modelDeliveryPermissions = [
  modelDeliveryStatusReadPermission,
  modelDeliveryRetryPermission,
];
