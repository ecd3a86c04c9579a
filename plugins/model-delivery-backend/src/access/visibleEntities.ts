import { MomentaryCache } from './momentaryCache';
import {
  AuthService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { modelDeliveryStatusReadPermission } from '@model-delivery/plugin-model-delivery-common';
import { EntityAccessCache, callerKey } from './entityAccess';
import {
  EntityWithResources,
  entitiesWithResources,
} from './entitiesWithResources';

/** Lists kept at most; beyond, the oldest goes. */
const MAX_LISTS = 1_000;

/** The key of the list every unconditionally allowed caller shares. */
const EVERY_ENTITY = '*';

/**
 * The entities a caller may read in the catalog and holds the status read permission
 * on, as the entity status endpoint requires them one by one.
 *
 * With the access cache, the caller's policy decisions on both permissions are asked once,
 * without a resource, and reused for that caller (the question every entity view of theirs
 * asks too): a caller allowed both outright sees every entity, and that list, read once as
 * the plugin, is shared by all such callers; a caller denied either sees none. Only a
 * conditional decision (a policy that allows owners only, say) takes the caller's own
 * catalog read, where the catalog applies its rules and a hidden entity is absent, and one
 * batched decision on the entities it returned.
 *
 * A fleet page pages, sorts and filters in quick succession, each a request: lists are
 * reused for `ttlMs` (the access cache's time, `accessCacheSeconds`), a caller's own list
 * for that very caller only (the whole principal is the key); concurrent requests share
 * one read. A failed read is not kept.
 */
export class VisibleEntities {
  private readonly lists: MomentaryCache<EntityWithResources[]>;

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      permissions: PermissionsService;
      ttlMs: number;
      /** The plugin's identity, to read the list every allowed caller shares. */
      auth?: AuthService;
      accessCache?: EntityAccessCache;
    },
  ) {
    this.lists = new MomentaryCache(deps.ttlMs, 0, MAX_LISTS);
  }

  async of(credentials: BackstageCredentials): Promise<EntityWithResources[]> {
    const { accessCache, auth, permissions } = this.deps;
    if (accessCache && auth) {
      const decisions = await accessCache.callerDecisions(
        permissions,
        credentials,
        [catalogEntityReadPermission, modelDeliveryStatusReadPermission],
      );
      if (decisions.some(d => d.result === AuthorizeResult.DENY)) return [];
      if (decisions.every(d => d.result === AuthorizeResult.ALLOW)) {
        return this.kept(EVERY_ENTITY, async () =>
          entitiesWithResources(
            this.deps.catalog,
            await auth.getOwnServiceCredentials(),
          ),
        );
      }
    }
    return this.kept(callerKey(credentials), () => this.readAs(credentials));
  }

  private kept(
    key: string,
    read: () => Promise<EntityWithResources[]>,
  ): Promise<EntityWithResources[]> {
    if (this.deps.ttlMs <= 0) return read();
    return this.lists.get(key, read);
  }

  /** The caller's own catalog read, then one batched decision on what it returned. */
  private async readAs(
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
