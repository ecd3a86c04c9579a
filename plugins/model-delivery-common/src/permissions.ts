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

/**
 * Delete one of an entity's resources (a ModelDownload, GemmaOnTPUServer or local model
 * cache), and with it what `kindLifecycle(kind).deleteTakesWith` says.
 *
 * @public
 */
export const modelDeliveryDeletePermission = createPermission({
  name: 'model-delivery.resource.delete',
  attributes: { action: 'delete' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Re-download the models of an entity's ModelDownload (deletes their Jobs so that
 * hf-operator recreates them, and unsets `settings.forceReload`).
 *
 * @public
 */
export const modelDeliveryRedownloadPermission = createPermission({
  name: 'model-delivery.model.redownload',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Read the container logs and the events of the Jobs and pods of an entity's resources
 * (credentials are redacted, but logs say more than the status: a separate grant).
 *
 * @public
 */
export const modelDeliveryLogsReadPermission = createPermission({
  name: 'model-delivery.logs.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Read what the template forms offer from a cluster: its namespaces, PersistentVolumeClaims,
 * LocalModelNodeGroups, and Secret names with their key names (never a value). A basic
 * permission: these lists belong to no catalog entity.
 *
 * @public
 */
export const modelDeliveryFormDataReadPermission = createPermission({
  name: 'model-delivery.form-data.read',
  attributes: { action: 'read' },
});

/**
 * Ask the Hugging Face Hub about a form's models with a token the backend holds or reads
 * from the form's token Secret (the token itself never reaches the browser).
 *
 * @public
 */
export const modelDeliveryHubCheckPermission = createPermission({
  name: 'model-delivery.hugging-face.check',
  attributes: { action: 'read' },
});

/** @public */
export const modelDeliveryPermissions = [
  modelDeliveryStatusReadPermission,
  modelDeliveryLogsReadPermission,
  modelDeliveryRetryPermission,
  modelDeliveryDeletePermission,
  modelDeliveryRedownloadPermission,
  modelDeliveryFormDataReadPermission,
  modelDeliveryHubCheckPermission,
];
