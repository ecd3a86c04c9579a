import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { modelDeliveryStatusReadPermission } from '@model-delivery/plugin-model-delivery-common';
import { callerKey } from '../service/entityAccess';
import {
  EntityWithResources,
  entitiesWithResources,
} from './entitiesWithResources';

/** Callers whose list is kept at most; beyond, the oldest goes. */
const MAX_CALLERS = 1_000;

/**
 * The entities a caller may read in the catalog and holds the status read permission
 * on, as the entity status endpoint requires them one by one: read with the caller's own
 * credentials (the catalog applies its rules, a hidden entity is absent), then one
 * batched permission request for all of them.
 *
 * A fleet page pages, sorts and filters in quick succession, each a request: a caller's
 * list is reused for `ttlMs` (the access cache's time, `accessCacheSeconds`), for that
 * very caller only (the whole principal is the key), and concurrent requests share one
 * read. A failed read is not kept.
 */
export class VisibleEntities {
  private readonly lists = new Map<
    string,
    { expiresAt: number; list: Promise<EntityWithResources[]> }
  >();

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      permissions: PermissionsService;
      ttlMs: number;
    },
  ) {}

  of(credentials: BackstageCredentials): Promise<EntityWithResources[]> {
    if (this.deps.ttlMs <= 0) return this.read(credentials);
    const key = callerKey(credentials);
    const now = Date.now();
    const known = this.lists.get(key);
    if (known && known.expiresAt > now) return known.list;
    const list = this.read(credentials);
    this.lists.delete(key);
    this.lists.set(key, { expiresAt: now + this.deps.ttlMs, list });
    list.catch(() => {
      if (this.lists.get(key)?.list === list) this.lists.delete(key);
    });
    // Map order is insertion order: the first key is the oldest.
    while (this.lists.size > MAX_CALLERS) {
      this.lists.delete(this.lists.keys().next().value!);
    }
    return list;
  }

  private async read(
    credentials: BackstageCredentials,
  ): Promise<EntityWithResources[]> {
    const readable = await entitiesWithResources(
      this.deps.catalog,
      credentials,
    );
    if (readable.length === 0) return [];
    const decisions = await this.deps.permissions.authorize(
      readable.map(e => ({
        permission: modelDeliveryStatusReadPermission,
        resourceRef: e.entityRef,
      })),
      { credentials },
    );
    return readable.filter(
      (_, i) => decisions[i]?.result === AuthorizeResult.ALLOW,
    );
  }
}
