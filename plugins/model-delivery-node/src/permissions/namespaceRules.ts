import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import {
  ANNOTATION_NAMESPACE_OWNER,
  RESOURCE_TYPE_MODEL_DELIVERY_NAMESPACE,
} from '@model-delivery/plugin-model-delivery-common';
import { z } from 'zod/v4';

/**
 * A target namespace as the namespace rules see it: what the Model Delivery backend
 * read of it from the cluster (its owner annotation) and of the entity the request acts
 * for from the catalog (its owner).
 *
 * @public
 */
export interface ModelDeliveryNamespace {
  cluster: string;
  /** Undefined for the cluster scope (cluster-scoped kinds). */
  namespace?: string;
  /** Whether the cluster has the namespace (true for the cluster scope). */
  exists: boolean;
  /** Its `backstage.io/owner` annotation, as a full entity ref (`group:default/ml-team`). */
  owner?: string;
  /** The entity the request acts for, and that entity's owner (`spec.owner`, a full ref). */
  entity?: { entityRef: string; owner?: string };
}

/**
 * The query form of the namespace rules: a predicate, for filtering namespaces already
 * read (there is no store to query).
 *
 * @public
 */
export type ModelDeliveryNamespaceQuery = (
  namespace: ModelDeliveryNamespace,
) => boolean;

/**
 * The namespace permissions' resource, registered by the Model Delivery backend plugin.
 *
 * @public
 */
export const modelDeliveryNamespacePermissionResourceRef =
  createPermissionResourceRef<
    ModelDeliveryNamespace,
    ModelDeliveryNamespaceQuery
  >().with({
    pluginId: 'model-delivery',
    resourceType: RESOURCE_TYPE_MODEL_DELIVERY_NAMESPACE,
  });

/** Entity refs are compared as Backstage compares them: case-insensitively. */
const same = (a: string | undefined, b: string | undefined) =>
  !!a && !!b && a.toLocaleLowerCase('en-US') === b.toLocaleLowerCase('en-US');

/*
 * Each rule's query is its own test, as a predicate: there is no store of namespaces to
 * translate a query for.
 */

const inList = (
  target: ModelDeliveryNamespace,
  params: { namespaces: string[]; clusters?: string[] },
) =>
  !!target.namespace &&
  params.namespaces.includes(target.namespace) &&
  (!params.clusters || params.clusters.includes(target.cluster));

const isNamespaceInList = createPermissionRule({
  name: 'IS_NAMESPACE_IN_LIST',
  description:
    'Allow the namespaces of a list (in every cluster, or in the clusters listed)',
  resourceRef: modelDeliveryNamespacePermissionResourceRef,
  paramsSchema: z.object({
    namespaces: z.array(z.string()).describe('Namespace names'),
    clusters: z
      .array(z.string())
      .optional()
      .describe('Only in these clusters (their names in the portal config)'),
  }),
  apply: inList,
  toQuery: params => target => inList(target, params),
});

const ownedByClaim = (
  target: ModelDeliveryNamespace,
  params: { claims: string[] },
) => params.claims.some(claim => same(claim, target.owner));

const isNamespaceOwner = createPermissionRule({
  name: 'IS_NAMESPACE_OWNER',
  description: `Allow namespaces whose ${ANNOTATION_NAMESPACE_OWNER} annotation names one of the claims (the caller's ownership refs)`,
  resourceRef: modelDeliveryNamespacePermissionResourceRef,
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe(
        `Entity refs to match the namespace's ${ANNOTATION_NAMESPACE_OWNER} annotation against`,
      ),
  }),
  apply: ownedByClaim,
  toQuery: params => target => ownedByClaim(target, params),
});

const entityOwnedByNamespaceOwner = (target: ModelDeliveryNamespace) =>
  same(target.entity?.owner, target.owner);

const isEntityOwnerNamespaceOwner = createPermissionRule({
  name: 'IS_ENTITY_OWNER_NAMESPACE_OWNER',
  description: `Allow when the entity acted for is owned by the namespace's owner (its ${ANNOTATION_NAMESPACE_OWNER} annotation)`,
  resourceRef: modelDeliveryNamespacePermissionResourceRef,
  apply: entityOwnedByNamespaceOwner,
  toQuery: () => entityOwnedByNamespaceOwner,
});

const clusterScope = (target: ModelDeliveryNamespace) =>
  target.namespace === undefined;

const isClusterScope = createPermissionRule({
  name: 'IS_CLUSTER_SCOPE',
  description:
    'Allow the cluster scope: resources of cluster-scoped kinds (a LocalModelCache), in no namespace',
  resourceRef: modelDeliveryNamespacePermissionResourceRef,
  apply: clusterScope,
  toQuery: () => clusterScope,
});

/**
 * The namespace rules, for `permissionsRegistry.addResourceType`.
 *
 * @public
 */
export const modelDeliveryNamespacePermissionRules = {
  isNamespaceInList,
  isNamespaceOwner,
  isEntityOwnerNamespaceOwner,
  isClusterScope,
};

const exported = createConditionExports({
  resourceRef: modelDeliveryNamespacePermissionResourceRef,
  rules: modelDeliveryNamespacePermissionRules,
});

/**
 * Conditions on a target namespace for a policy's conditional decisions, e.g. "only in
 * the namespaces my team owns":
 *
 * ```ts
 * createModelDeliveryNamespaceConditionalDecision(
 *   request.permission,
 *   modelDeliveryNamespaceConditions.isNamespaceOwner({
 *     claims: user?.info.ownershipEntityRefs ?? [],
 *   }),
 * );
 * ```
 *
 * @public
 */
export const modelDeliveryNamespaceConditions = exported.conditions;

/**
 * A conditional decision on a namespace permission.
 *
 * @public
 */
export const createModelDeliveryNamespaceConditionalDecision =
  exported.createConditionalDecision;
