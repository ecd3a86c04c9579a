import {
  HeadlineState,
  ItemStatus,
  ResourceStatus,
} from '@model-delivery/plugin-model-delivery-common';

/** What the user narrowed the tab to. Empty strings and `undefined` mean "any". */
export interface ResourceFilter {
  /** Only items in this state (a count of the summary bar was clicked). */
  state?: HeadlineState;
  /** Part of a resource, model or node name, in any case. */
  query: string;
  kind: string;
  cluster: string;
}

export const NO_FILTER: ResourceFilter = { query: '', kind: '', cluster: '' };

export function isFiltered(filter: ResourceFilter): boolean {
  return (
    filter.state !== undefined ||
    filter.query.trim() !== '' ||
    filter.kind !== '' ||
    filter.cluster !== ''
  );
}

/** What needs attention first: failed, then still in progress, then done. */
const STATE_RANK: Record<HeadlineState, number> = {
  failed: 0,
  pending: 1,
  completed: 2,
};

/** Sorted by state, keeping the backend's order within a state (a stable sort). */
function byState<T extends { state: HeadlineState }>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => STATE_RANK[a.state] - STATE_RANK[b.state]);
}

/** A resource as the tab shows it: the items left after filtering, failed first. */
export interface ShownResource {
  /** Stable across refetches, for React keys and what the user expanded. */
  key: string;
  resource: ResourceStatus;
  items: ItemStatus[];
}

export function resourceKey(resource: ResourceStatus): string {
  return `${resource.cluster}/${resource.kind}/${
    resource.uid || `${resource.namespace}/${resource.name}`
  }`;
}

/**
 * The resources the filter lets through, failed first, then in progress, then completed,
 * each with its matching items in the same order. A query that matches a resource's name
 * keeps all of its items; otherwise only the items whose name matches. A resource that
 * lists no items stays when nothing filters by item.
 */
export function shownResources(
  resources: readonly ResourceStatus[],
  filter: ResourceFilter,
): ShownResource[] {
  const query = filter.query.trim().toLowerCase();
  const shown: ShownResource[] = [];
  for (const resource of byState(resources)) {
    if (filter.kind && resource.kind !== filter.kind) continue;
    if (filter.cluster && resource.cluster !== filter.cluster) continue;
    const nameMatches =
      !query ||
      resource.name.toLowerCase().includes(query) ||
      `${resource.kind} ${resource.name}`.toLowerCase().includes(query);
    let items = byState(resource.items);
    if (!nameMatches) {
      items = items.filter(i => i.name.toLowerCase().includes(query));
      if (items.length === 0) continue;
    }
    if (filter.state) {
      items = items.filter(i => i.state === filter.state);
      if (items.length === 0) continue;
    }
    shown.push({ key: resourceKey(resource), resource, items });
  }
  return shown;
}

/** The distinct values of a resource field with how many resources have each, sorted. */
export function valueCounts(
  resources: readonly ResourceStatus[],
  field: 'kind' | 'cluster',
): Array<{ value: string; count: number }> {
  const counts = new Map<string, number>();
  for (const r of resources)
    counts.set(r[field], (counts.get(r[field]) ?? 0) + 1);
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => a.value.localeCompare(b.value));
}
