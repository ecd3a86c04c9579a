import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { ANNOTATION_NAMESPACE_OWNER } from './annotations';

/**
 * Where a request reads or writes: a namespace of a configured cluster, or the cluster's
 * own scope (cluster-scoped kinds such as LocalModelCache live in no namespace), and the
 * catalog entity it acts for, when there is one. The resource of the namespace
 * permissions.
 *
 * @public
 */
export interface NamespaceTarget {
  /** The cluster's name in `kubernetes.clusterLocatorMethods`. */
  cluster: string;
  /** Undefined for the cluster scope. */
  namespace?: string;
  /** The entity the request acts for (the owner of what is created, deleted, retried). */
  entityRef?: string;
}

/**
 * The `resourceRef` of a namespace permission: `cluster=<c>&namespace=<ns>&entity=<ref>`,
 * URL-encoded, the namespace and entity left out when there are none.
 *
 * @public
 */
export function modelDeliveryNamespaceRef(target: NamespaceTarget): string {
  const params = new URLSearchParams({ cluster: target.cluster });
  if (target.namespace) params.set('namespace', target.namespace);
  if (target.entityRef) params.set('entity', target.entityRef);
  return params.toString();
}

/**
 * The target a {@link modelDeliveryNamespaceRef} names; undefined when it names none.
 *
 * @public
 */
export function parseModelDeliveryNamespaceRef(
  ref: string,
): NamespaceTarget | undefined {
  const params = new URLSearchParams(ref);
  const cluster = params.get('cluster');
  if (!cluster) return undefined;
  const namespace = params.get('namespace');
  const entityRef = params.get('entity');
  return {
    cluster,
    ...(namespace ? { namespace } : {}),
    ...(entityRef ? { entityRef } : {}),
  };
}

/**
 * The target for people: `namespace 'team-a' of cluster 'prod'`, or
 * `the cluster scope of cluster 'prod'`.
 *
 * @public
 */
export function describeNamespaceTarget(target: NamespaceTarget): string {
  return target.namespace
    ? `namespace '${target.namespace}' of cluster '${target.cluster}'`
    : `the cluster scope of cluster '${target.cluster}' (cluster-scoped resources)`;
}

/**
 * A namespace's owner from its annotations: the `backstage.io/owner` entity ref in full
 * (`ml-team` is `group:default/ml-team`); undefined when it has none, or one that is no
 * entity ref.
 *
 * @public
 */
export function namespaceOwnerRef(
  annotations: Record<string, string> | undefined,
): string | undefined {
  const value = annotations?.[ANNOTATION_NAMESPACE_OWNER]?.trim();
  if (!value) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(value, {
        defaultKind: 'group',
        defaultNamespace: 'default',
      }),
    );
  } catch {
    return undefined;
  }
}
