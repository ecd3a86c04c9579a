import { AuthService } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_OWNED_BY,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { parseModelDeliveryNamespaceRef } from '@model-delivery/plugin-model-delivery-common';
import {
  ModelDeliveryClustersService,
  ModelDeliveryNamespace,
} from '@model-delivery/plugin-model-delivery-node';
import { FormDataReader } from './FormDataReader';
import { NAMESPACES } from './pickerLists';

/** The owner of an entity as the catalog relates it (a full ref), else its `spec.owner`. */
function ownerOf(entity: Entity): string | undefined {
  const related = entity.relations?.find(r => r.type === RELATION_OWNED_BY);
  if (related) return related.targetRef;
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || !owner) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return undefined;
  }
}

/**
 * The targets of namespace permission decisions, as the namespace rules see them: for the
 * permission framework's conditional decisions, which it hands to this plugin to resolve
 * (`getResources` of the registered resource type). The namespace comes from the forms'
 * namespace list (one metadata-only LIST per cluster, shared with the namespace picker
 * for `cacheMs`), the entity from the catalog, read as the plugin. An unknown cluster, or
 * a reference that names none, is no resource: the framework denies.
 */
export async function readNamespaceResources(
  refs: string[],
  deps: {
    reader: FormDataReader;
    clusters: ModelDeliveryClustersService;
    catalog: CatalogService;
    auth: AuthService;
  },
): Promise<Array<ModelDeliveryNamespace | undefined>> {
  const targets = refs.map(parseModelDeliveryNamespaceRef);
  const configured = new Set(deps.clusters.listClusters().map(c => c.name));
  const clusterNames = [
    ...new Set(
      targets.flatMap(t => (t && configured.has(t.cluster) ? [t.cluster] : [])),
    ),
  ];
  const namespaceLists = new Map(
    await Promise.all(
      clusterNames.map(
        async name =>
          [
            name,
            await deps.reader.list(NAMESPACES, deps.clusters.getCluster(name)),
          ] as const,
      ),
    ),
  );
  const entityRefs = [
    ...new Set(targets.flatMap(t => (t?.entityRef ? [t.entityRef] : []))),
  ];
  const entities = new Map<string, Entity | undefined>();
  if (entityRefs.length > 0) {
    const { items } = await deps.catalog.getEntitiesByRefs(
      {
        entityRefs,
        fields: [
          'kind',
          'metadata.namespace',
          'metadata.name',
          'spec.owner',
          'relations',
        ],
      },
      { credentials: await deps.auth.getOwnServiceCredentials() },
    );
    entityRefs.forEach((ref, i) => entities.set(ref, items[i] ?? undefined));
  }

  return targets.map(target => {
    const list = target && namespaceLists.get(target.cluster);
    if (!target || !list) return undefined;
    const found = target.namespace
      ? list.items.find(n => n.name === target.namespace)
      : undefined;
    const entity = target.entityRef
      ? entities.get(target.entityRef)
      : undefined;
    const entityOwner = entity && ownerOf(entity);
    return {
      cluster: target.cluster,
      ...(target.namespace ? { namespace: target.namespace } : {}),
      exists: !target.namespace || !!found,
      ...(found?.owner ? { owner: found.owner } : {}),
      ...(target.entityRef
        ? {
            entity: {
              entityRef: target.entityRef,
              ...(entityOwner ? { owner: entityOwner } : {}),
            },
          }
        : {}),
    };
  });
}
