import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
  EntityResourceSelector,
  entityResourceSelector,
} from '@model-delivery/plugin-model-delivery-common';

/** A catalog entity that selects cluster resources, with its selector and owner. */
export interface EntityWithResources {
  entity: Entity;
  entityRef: string;
  selector: EntityResourceSelector;
  /** The entity's owner as the catalog resolved it (`ownedBy` relation), if any. */
  ownerRef?: string;
}

/** The fields the suite needs: kubernetes annotations, owner, and the suite's opt-outs. */
const FIELDS = ['kind', 'metadata', 'spec.owner', 'relations'];

/**
 * Every entity that selects cluster resources (either kubernetes annotation) and that
 * `credentials` may read: the catalog applies its read rules to the caller, as the REST
 * API's entity lookup does, so an entity hidden from the caller is simply absent.
 * Entities whose selector does not parse are left out: they select nothing.
 */
export async function entitiesWithResources(
  catalog: CatalogService,
  credentials: BackstageCredentials,
): Promise<EntityWithResources[]> {
  const found: EntityWithResources[] = [];
  for await (const page of catalog.streamEntities(
    {
      // An array of filters is an OR: entities with either annotation.
      filter: [
        {
          [`metadata.annotations.${ANNOTATION_KUBERNETES_ID}`]:
            CATALOG_FILTER_EXISTS,
        },
        {
          [`metadata.annotations.${ANNOTATION_KUBERNETES_LABEL_SELECTOR}`]:
            CATALOG_FILTER_EXISTS,
        },
      ],
      fields: FIELDS,
    },
    { credentials },
  )) {
    for (const entity of page) {
      let selector: EntityResourceSelector | undefined;
      try {
        selector = entityResourceSelector(entity);
      } catch {
        continue;
      }
      if (!selector) continue;
      found.push({
        entity,
        entityRef: stringifyEntityRef(entity),
        selector,
        ownerRef: entity.relations?.find(r => r.type === RELATION_OWNED_BY)
          ?.targetRef,
      });
    }
  }
  return found.sort((a, b) => a.entityRef.localeCompare(b.entityRef));
}
