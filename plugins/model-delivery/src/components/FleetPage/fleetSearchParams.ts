import {
  FLEET_SERVED,
  FLEET_SORT_FIELDS,
  FLEET_VIEWS,
  FleetQuery,
  HEADLINE_STATES,
  HeadlineState,
} from '@model-delivery/plugin-model-delivery-common';

export const PAGE_SIZES = [25, 50, 100];

const oneOf = <T extends string>(
  value: string | null,
  allowed: readonly T[],
): T | undefined =>
  value !== null && (allowed as readonly string[]).includes(value)
    ? (value as T)
    : undefined;

const positive = (value: string | null): number | undefined => {
  const parsed = Number(value);
  return value && Number.isInteger(parsed) && parsed > 0 ? parsed : undefined;
};

/**
 * The page's query, kept in the URL so that a filtered view can be linked to and the
 * back button undoes a filter. Anything the URL holds that the page does not offer is
 * dropped rather than sent.
 */
export function fleetQueryFrom(params: URLSearchParams): FleetQuery {
  const text = (name: string) => params.get(name) || undefined;
  const pageSize = positive(params.get('pageSize'));
  return {
    view: oneOf(params.get('view'), FLEET_VIEWS),
    state: oneOf<HeadlineState>(params.get('state'), HEADLINE_STATES),
    cluster: text('cluster'),
    operator: text('operator'),
    owner: text('owner'),
    served: oneOf(params.get('served'), FLEET_SERVED),
    search: text('search'),
    sort: oneOf(params.get('sort'), FLEET_SORT_FIELDS),
    order: oneOf(params.get('order'), ['asc', 'desc'] as const),
    page: positive(params.get('page')),
    pageSize: pageSize && PAGE_SIZES.includes(pageSize) ? pageSize : undefined,
  };
}

/** The URL parameters of a query, without the defaults. */
export function searchParamsOf(query: FleetQuery): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === '') continue;
    if (name === 'view' && value === 'places') continue;
    if (name === 'page' && value === 1) continue;
    params.set(name, String(value));
  }
  return params;
}
