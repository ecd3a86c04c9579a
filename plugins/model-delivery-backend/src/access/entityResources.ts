import { NotFoundError } from '@backstage/errors';
import {
  EntityResourceSelector,
  ItemStatus,
} from '@model-delivery/plugin-model-delivery-common';
import { CachedResource, StatusCache } from '../cache/StatusCache';

/** Where a request names one resource. */
export interface ResourceWhere {
  cluster: string;
  kind: string;
  namespace?: string;
  name: string;
}

/** `ModelDownload models/chat in cluster 'local'`: a resource as messages name it. */
export function describeResource(where: ResourceWhere): string {
  return `${where.kind} ${where.namespace ? `${where.namespace}/` : ''}${
    where.name
  } in cluster '${where.cluster}'`;
}

/**
 * One resource of an authorized entity, from the cache, with how messages name it. The
 * same 404 whether it does not exist or belongs to another entity: a caller learns
 * nothing of resources that are not the entity's.
 */
export function entityResource(
  cache: StatusCache,
  entity: { entityRef: string; selector?: EntityResourceSelector },
  where: ResourceWhere,
): CachedResource & { what: string } {
  const what = describeResource(where);
  const found =
    entity.selector && cache.findResource(entity.selector, where, new Date());
  if (!found) {
    throw new NotFoundError(`${what} is not a resource of ${entity.entityRef}`);
  }
  return { ...found, what };
}

/** One item of a resource found by {@link entityResource}; a 404 naming it otherwise. */
export function resourceItem(
  found: CachedResource & { what: string },
  name: string,
): ItemStatus {
  const item = found.status.items.find(i => i.name === name);
  if (!item) {
    throw new NotFoundError(
      `${found.what} has no ${found.kind.itemNoun} '${name}'`,
    );
  }
  return item;
}
