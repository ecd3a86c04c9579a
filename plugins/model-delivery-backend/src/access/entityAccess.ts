import {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizedEntity,
  EntityAccessVerdict,
  authorizedEntity,
  decideEntityAccess,
} from '@model-delivery/plugin-model-delivery-node';
import { MomentaryCache } from './momentaryCache';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  BasicPermission,
  PolicyDecision,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { Request } from 'express';

type AccessVerdict = EntityAccessVerdict;

/**
 * The access decisions of recent views, for a few seconds; concurrent identical requests
 * share one answer.
 *
 * A page open in many tabs, or refetching after every change signal, asks the same
 * question many times a second; each answer costs a catalog read with the caller's
 * credentials and a permission round trip, more than the status itself. So:
 *
 * - A caller's policy decisions on the catalog's read permission and the required
 *   permissions are asked for once, without a resource (`authorizeConditional`), and
 *   reused for that very caller only (the whole principal is the key), for any entity.
 * - The entity itself is read once as the plugin and shared: an entity's content is the
 *   same whoever reads it. The caller's read decision says whether they may see it.
 * - A conditional decision (a policy that allows only owners, say) is not resolved here:
 *   such a caller's view takes the catalog read with their own credentials and a
 *   decision on the entity, as without the cache, and that verdict is reused for them.
 *
 * A change of access or of the entity takes effect within `ttlMs` (the catalog
 * publishes no entity change events to listen to).
 */
export class EntityAccessCache {
  private readonly verdicts: MomentaryCache<AccessVerdict>;
  private readonly decisions: MomentaryCache<PolicyDecision[]>;
  private readonly entities: MomentaryCache<Entity | undefined>;

  constructor(
    ttlMs: number,
    /** Reads an entity as the plugin; without it, every verdict takes the caller's read. */
    private readonly readEntity?: (
      entityRef: string,
    ) => Promise<Entity | undefined>,
  ) {
    this.verdicts = new MomentaryCache(ttlMs);
    this.decisions = new MomentaryCache(ttlMs);
    // The entity is the same for every caller: while it is read again, the last read
    // serves, for a while, rather than holding up every view of the entity.
    this.entities = new MomentaryCache(ttlMs, 4 * ttlMs);
  }

  /**
   * The verdict from unconditional decisions and the shared entity read, or undefined
   * when a decision is conditional (or there is no shared read).
   */
  async quickVerdict(
    permissions: PermissionsService,
    credentials: BackstageCredentials,
    entityRef: string,
    required: ResourcePermission<'catalog-entity'>[],
  ): Promise<AccessVerdict | undefined> {
    const readEntity = this.readEntity;
    if (!readEntity) return undefined;
    // Read beside the decisions, not after them: in a burst of new callers, the first
    // one's read then does not queue behind everyone's permission round trips. Nothing
    // of it is used unless the decisions allow.
    const entityRead = this.entities.get(entityRef, () =>
      readEntity(entityRef),
    );
    entityRead.catch(() => {});
    const decisions = await this.callerDecisions(permissions, credentials, [
      catalogEntityReadPermission,
      ...required,
    ]);
    if (decisions.some(d => d.result === AuthorizeResult.CONDITIONAL)) {
      return undefined;
    }
    const [read, ...others] = decisions;
    // Denied the catalog read: the entity does not exist for this caller.
    if (read?.result !== AuthorizeResult.ALLOW) return { denied: [] };
    const entity = await entityRead;
    if (!entity) return { denied: [] };
    return {
      entity,
      entityRef: stringifyEntityRef(entity),
      denied: required
        .filter((_, index) => others[index]?.result !== AuthorizeResult.ALLOW)
        .map(p => p.name),
    };
  }

  /**
   * The caller's policy decisions on `asked`, asked without a resource
   * (`authorizeConditional`) and reused for that very caller for `ttlMs`: the same
   * question the fleet and every entity view of that caller ask.
   */
  callerDecisions(
    permissions: PermissionsService,
    credentials: BackstageCredentials,
    asked: ResourcePermission<'catalog-entity'>[],
  ): Promise<PolicyDecision[]> {
    return this.decisions.get(
      [callerKey(credentials), ...asked.map(p => p.name)].join('\n'),
      () =>
        permissions.authorizeConditional(
          asked.map(permission => ({ permission })),
          { credentials },
        ),
    );
  }

  verdict(key: string, decide: () => Promise<AccessVerdict>) {
    return this.verdicts.get(key, decide);
  }
}

/** The whole principal: user and actor, or service subject and its access restrictions. */
export function callerKey(credentials: BackstageCredentials): string {
  return JSON.stringify(credentials.principal);
}

/**
 * The entity the caller asks about, if the caller may see it and holds every permission
 * given (resource permissions on that entity).
 *
 * The entity is read with the caller's own credentials, so the catalog's read rules
 * apply: an entity the caller cannot see is "not found", exactly like one that does not
 * exist, and nothing of its resources is revealed. Then the permission policy decides;
 * conditional decisions are resolved against the entity by the permission framework.
 * With a `cache`, decisions made for this same caller a moment ago are reused, and the
 * entity is read once for all callers (see `EntityAccessCache`).
 */
export async function authorizeEntity(options: {
  catalog: CatalogService;
  permissions: PermissionsService;
  credentials: BackstageCredentials;
  entityRef: string;
  required: ResourcePermission<'catalog-entity'>[];
  /** What the caller wants to do, for the 403 message: "read the model delivery status of". */
  action: string;
  cache?: EntityAccessCache;
}): Promise<AuthorizedEntity> {
  const { permissions, credentials, required, cache } = options;
  const decide = () => decideEntityAccess(options);
  const verdict = cache
    ? (await cache.quickVerdict(
        permissions,
        credentials,
        options.entityRef,
        required,
      )) ??
      (await cache.verdict(
        [
          callerKey(credentials),
          options.entityRef,
          ...required.map(p => p.name),
        ].join('\n'),
        decide,
      ))
    : await decide();
  return authorizedEntity(verdict, options);
}

/** Checks the caller's basic permission; a 403 naming it otherwise. The caller's credentials. */
export async function requirePermission(
  req: Request<any, any, any, any>,
  options: { httpAuth: HttpAuthService; permissions: PermissionsService },
  permission: BasicPermission,
  doing: string,
): Promise<BackstageCredentials> {
  const credentials = await options.httpAuth.credentials(req, {
    allow: ['user', 'service'],
  });
  const [decision] = await options.permissions.authorize([{ permission }], {
    credentials,
  });
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(
      `You may not ${doing}: the permission ${permission.name} is not granted to you`,
    );
  }
  return credentials;
}
