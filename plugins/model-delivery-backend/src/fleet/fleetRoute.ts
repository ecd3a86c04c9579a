import { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  FLEET_SERVED,
  FLEET_SORT_FIELDS,
  FLEET_VIEWS,
  FleetQuery,
  FleetResponse,
  HEADLINE_STATES,
  HeadlineState,
} from '@model-delivery/plugin-model-delivery-common';
import { Request, Response } from 'express';
import { StatusCache } from '../cache/StatusCache';
import { parseRef } from '../access/entityInput';
import { MAX_PAGE_SIZE, queryFleet } from './fleetQuery';
import { modelPlaces } from './modelPlaces';
import { VisibleEntities } from '../access/visibleEntities';

const MAX_SEARCH_LENGTH = 200;

/** The query as express parsed it, or as the OpenAPI router typed it (numbers already). */
type RawQuery = Record<string, unknown>;

function single(query: RawQuery, name: string): string | undefined {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') {
    throw new InputError(`Query parameter ${name} must be given once`);
  }
  return value;
}

function oneOf<T extends string>(
  query: RawQuery,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const value = single(query, name);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new InputError(
      `Query parameter ${name} must be one of ${allowed.join(
        ', ',
      )}; got "${value}"`,
    );
  }
  return value as T;
}

function integer(
  query: RawQuery,
  name: string,
  min: number,
  max: number,
): number | undefined {
  const value = single(query, name);
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!/^[0-9]+$/.test(value) || parsed < min || parsed > max) {
    throw new InputError(
      `Query parameter ${name} must be a whole number from ${min} to ${max}; got "${value}"`,
    );
  }
  return parsed;
}

function ownerRef(owner: string): string {
  try {
    return parseRef(owner, { defaultKind: 'group' });
  } catch {
    throw new InputError(
      `Query parameter owner must be an entity ref such as group:default/ml; got "${owner}"`,
    );
  }
}

/** The query of `GET /fleet`, checked: a clear error naming the parameter and the rule. */
export function parseFleetQuery(query: RawQuery): FleetQuery {
  const search = single(query, 'search');
  if (search && search.length > MAX_SEARCH_LENGTH) {
    throw new InputError(
      `Query parameter search must be at most ${MAX_SEARCH_LENGTH} characters`,
    );
  }
  const owner = single(query, 'owner');
  return {
    view: oneOf(query, 'view', FLEET_VIEWS),
    state: oneOf<HeadlineState>(query, 'state', HEADLINE_STATES),
    cluster: single(query, 'cluster'),
    operator: single(query, 'operator'),
    owner: owner ? ownerRef(owner) : undefined,
    served: oneOf(query, 'served', FLEET_SERVED),
    search,
    sort: oneOf(query, 'sort', FLEET_SORT_FIELDS),
    order: oneOf(query, 'order', ['asc', 'desc'] as const),
    page: integer(query, 'page', 1, 1_000_000),
    pageSize: integer(query, 'pageSize', 1, MAX_PAGE_SIZE),
  };
}

/**
 * `GET /fleet`: every model × place of the entities the caller may see, one page of it.
 * Rows of an entity the caller may not read in the catalog, or may not read the status
 * of, are not there at all (not even in the totals or the filter options).
 */
export function fleetHandler(deps: {
  httpAuth: HttpAuthService;
  cache: StatusCache;
  visible: VisibleEntities;
}) {
  return async (req: Request<any, any, any, any>, res: Response) => {
    const credentials = await deps.httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const query = parseFleetQuery(req.query);
    const entities = await deps.visible.of(credentials);
    const now = new Date();
    const rows = modelPlaces(deps.cache, entities, now);
    const answer: FleetResponse = {
      ...queryFleet(rows, query),
      clusters: deps.cache.clusterStatuses(now),
      generatedAt: now.toISOString(),
    };
    // Per caller: a shared cache must not hand one caller's answer to another.
    res.setHeader('Cache-Control', 'private, no-cache');
    res.json(answer);
  };
}
