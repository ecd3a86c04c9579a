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

/**
 * The resource type of a target namespace: a namespace of one cluster (or a cluster's
 * scope, for cluster-scoped kinds), identified by {@link modelDeliveryNamespaceRef}. The
 * Model Delivery backend plugin registers it with its rules, so a policy can answer the
 * namespace permissions with a conditional decision (the namespace is in a list, it
 * carries its owner's annotation, ...): see `modelDeliveryNamespaceConditions` in
 * `@model-delivery/plugin-model-delivery-node`.
 *
 * @public
 */
export const RESOURCE_TYPE_MODEL_DELIVERY_NAMESPACE =
  'model-delivery-namespace';

/*
 * The namespace permissions are asked in addition to the entity ones: those answer "may
 * you act on this entity", these "may you act in that namespace".
 */

/**
 * Read what a namespace holds, by name: the template forms' lists of its
 * PersistentVolumeClaims, Secrets (names and key names) and the node groups a cache there
 * may use, and the Hub check with the token of one of its Secrets.
 *
 * @public
 */
export const modelDeliveryNamespaceReadPermission = createPermission({
  name: 'model-delivery.namespace.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_MODEL_DELIVERY_NAMESPACE,
});

/**
 * Act in a namespace: create or update resources and token Secrets there (the scaffolder
 * actions, and the plan actions' dry runs), delete, re-download and retry what is there.
 * The template forms offer only the namespaces where it is allowed.
 *
 * @public
 */
export const modelDeliveryNamespaceWritePermission = createPermission({
  name: 'model-delivery.namespace.write',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_MODEL_DELIVERY_NAMESPACE,
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
  modelDeliveryNamespaceReadPermission,
  modelDeliveryNamespaceWritePermission,
];
