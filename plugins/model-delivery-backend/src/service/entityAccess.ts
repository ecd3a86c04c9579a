import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';

/** What the catalog and the permission policy said about one caller and one entity. */
interface AccessVerdict {
  entity?: Entity;
  entityRef?: string;
  /** The names of the required permissions the policy did not allow. */
  denied: string[];
}

/** Verdicts kept at most; beyond, expired ones go, then the oldest. */
const MAX_VERDICTS = 10_000;

/**
 * The catalog read and the permission decisions of recent views, per caller, entity and
 * set of permissions, for a few seconds; concurrent identical requests share one read.
 *
 * A page open in many tabs, or refetching after every change signal, asks the same
 * question many times a second; each answer costs a catalog read with the caller's
 * credentials and a permission round trip, more than the status itself. A verdict is
 * only ever reused for the very caller it was made for (the whole principal is the key),
 * so nothing is served to a caller the catalog or the policy did not let see it; a
 * change of access takes effect within `ttlMs` (the catalog publishes no entity change
 * events to listen to).
 */
export class EntityAccessCache {
  private readonly verdicts = new Map<
    string,
    { expiresAt: number; verdict: Promise<AccessVerdict> }
  >();

  constructor(private readonly ttlMs: number) {}

  get(key: string, decide: () => Promise<AccessVerdict>) {
    const now = Date.now();
    const known = this.verdicts.get(key);
    if (known && known.expiresAt > now) return known.verdict;
    const verdict = decide();
    this.verdicts.set(key, { expiresAt: now + this.ttlMs, verdict });
    // A failed read (catalog down) is not a verdict: ask again next time.
    verdict.catch(() => {
      if (this.verdicts.get(key)?.verdict === verdict)
        this.verdicts.delete(key);
    });
    if (this.verdicts.size > MAX_VERDICTS) this.prune(now);
    return verdict;
  }

  private prune(now: number) {
    for (const [key, entry] of this.verdicts) {
      if (entry.expiresAt <= now) this.verdicts.delete(key);
    }
    for (const key of this.verdicts.keys()) {
      if (this.verdicts.size <= MAX_VERDICTS) break;
      this.verdicts.delete(key);
    }
  }
}

/** The whole principal: user and actor, or service subject and its access restrictions. */
function callerKey(credentials: BackstageCredentials): string {
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
 * With a `cache`, a verdict made for this same caller a moment ago is reused.
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
}): Promise<{ entity: Entity; entityRef: string }> {
  const { catalog, permissions, credentials, required, cache } = options;
  const decide = async (): Promise<AccessVerdict> => {
    const entity = await catalog.getEntityByRef(options.entityRef, {
      credentials,
    });
    if (!entity) return { denied: [] };
    const entityRef = stringifyEntityRef(entity);
    const decisions = await permissions.authorize(
      required.map(permission => ({ permission, resourceRef: entityRef })),
      { credentials },
    );
    return {
      entity,
      entityRef,
      denied: required
        .filter(
          (_, index) => decisions[index]?.result !== AuthorizeResult.ALLOW,
        )
        .map(p => p.name),
    };
  };
  const verdict = cache
    ? await cache.get(
        [
          callerKey(credentials),
          options.entityRef,
          ...required.map(p => p.name),
        ].join('\n'),
        decide,
      )
    : await decide();
  if (!verdict.entity || !verdict.entityRef) {
    throw new NotFoundError(`No entity ${options.entityRef}`);
  }
  if (verdict.denied.length > 0) {
    throw new NotAllowedError(
      `You may not ${options.action} ${
        verdict.entityRef
      } (permission ${verdict.denied.join(', ')} denied)`,
    );
  }
  return { entity: verdict.entity, entityRef: verdict.entityRef };
}
