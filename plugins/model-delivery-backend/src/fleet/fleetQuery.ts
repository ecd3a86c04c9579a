import {
  FLEET_SERVED,
  FleetDuplicate,
  FleetFilterOptions,
  FleetQuery,
  FleetResponse,
  FleetRow,
  FleetSortField,
  HEADLINE_STATES,
  HeadlineState,
  parseQuantity,
} from '@model-delivery/plugin-model-delivery-common';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

/** What the fleet page needs first: failures, then what is under way, then the rest. */
const STATE_RANK: Record<HeadlineState, number> = {
  failed: 0,
  pending: 1,
  completed: 2,
};

/** Code-point order: the same on every replica and locale, so pages never overlap. */
function byText(a = '', b = ''): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** A size in bytes for sorting (see `compareOptionalNumbers` for unknown sizes). */
function bytes(size: string | undefined): number | undefined {
  return size === undefined ? undefined : parseQuantity(size);
}

/** Unknown values after known ones. */
function compareOptionalNumbers(a?: number, b?: number): number {
  if (a === undefined || b === undefined) {
    return (a === undefined ? 1 : 0) - (b === undefined ? 1 : 0);
  }
  return a - b;
}

/** The order of a place's identity: ties on the sort field fall back to it, so pages are stable. */
function comparePlaces(a: FleetRow, b: FleetRow): number {
  return (
    byText(a.modelId, b.modelId) ||
    byText(a.cluster, b.cluster) ||
    byText(a.namespace, b.namespace) ||
    byText(a.kind, b.kind) ||
    byText(a.name, b.name) ||
    byText(a.entityRef, b.entityRef)
  );
}

function compareRows(field: FleetSortField, a: FleetRow, b: FleetRow): number {
  switch (field) {
    case 'model':
      return byText(a.modelId, b.modelId);
    case 'state':
      return STATE_RANK[a.state] - STATE_RANK[b.state];
    case 'owner':
      return byText(a.owner, b.owner);
    case 'cluster':
      return byText(a.cluster, b.cluster);
    case 'resource':
      return (
        byText(a.kind, b.kind) ||
        byText(a.namespace, b.namespace) ||
        byText(a.name, b.name)
      );
    case 'size':
      return compareOptionalNumbers(bytes(a.size), bytes(b.size));
    default:
      return 0;
  }
}

function compareDuplicates(
  field: FleetSortField,
  a: FleetDuplicate,
  b: FleetDuplicate,
): number {
  switch (field) {
    case 'model':
      return byText(a.modelId, b.modelId);
    case 'copies':
      return a.copies - b.copies;
    case 'state':
      return (
        Math.sign(b.counts.failed) - Math.sign(a.counts.failed) ||
        Math.sign(b.counts.pending) - Math.sign(a.counts.pending)
      );
    case 'owner':
      return byText(a.owners[0], b.owners[0]);
    case 'size':
      return compareOptionalNumbers(bytes(a.size), bytes(b.size));
    default:
      return 0;
  }
}

/** Sorts by `compare` in `order`, then by `tieBreak` ascending whatever the order. */
function sorted<T>(
  items: T[],
  compare: (a: T, b: T) => number,
  tieBreak: (a: T, b: T) => number,
  order: 'asc' | 'desc',
): T[] {
  const sign = order === 'desc' ? -1 : 1;
  return [...items].sort((a, b) => sign * compare(a, b) || tieBreak(a, b));
}

function matchesSearch(row: FleetRow, needle: string): boolean {
  return [
    row.modelId,
    row.entityRef,
    row.owner,
    row.cluster,
    row.namespace,
    row.name,
    row.reason,
  ].some(value => value?.toLocaleLowerCase('en-US').includes(needle));
}

function matchesFilters(row: FleetRow, query: FleetQuery): boolean {
  return (
    (!query.state || row.state === query.state) &&
    (!query.cluster || row.cluster === query.cluster) &&
    (!query.operator || row.operator === query.operator) &&
    (!query.owner || row.owner === query.owner) &&
    (!query.served || row.served === query.served)
  );
}

const distinctSorted = (values: Array<string | undefined>) =>
  [...new Set(values.filter((v): v is string => v !== undefined))].sort(byText);

function filterOptions(rows: FleetRow[]): FleetFilterOptions {
  const states = new Set(rows.map(r => r.state));
  const served = new Set(rows.map(r => r.served));
  return {
    states: HEADLINE_STATES.filter(s => states.has(s)),
    served: FLEET_SERVED.filter(s => served.has(s)),
    clusters: distinctSorted(rows.map(r => r.cluster)),
    operators: distinctSorted(rows.map(r => r.operator)),
    owners: distinctSorted(rows.map(r => r.owner)),
  };
}

/** Where a copy is: one resource in one cluster (two entities selecting it share it). */
const placeKey = (row: FleetRow) =>
  [row.cluster, row.kind, row.namespace ?? '', row.name].join('\n');

/**
 * The models held at several places by several teams or namespaces. `rows` are every
 * visible row: a model counts as duplicated by all its copies, whatever the filters.
 */
export function duplicatesOf(rows: FleetRow[]): {
  duplicate: FleetDuplicate;
  rows: FleetRow[];
}[] {
  const byModel = new Map<string, FleetRow[]>();
  for (const row of rows) {
    const list = byModel.get(row.modelId);
    if (list) list.push(row);
    else byModel.set(row.modelId, [row]);
  }
  const found: { duplicate: FleetDuplicate; rows: FleetRow[] }[] = [];
  for (const [modelId, held] of byModel) {
    const places = new Map<string, FleetRow>();
    for (const row of held) places.set(placeKey(row), row);
    if (places.size < 2) continue;
    const owners = distinctSorted(held.map(r => r.owner));
    const namespaces = distinctSorted(
      [...places.values()].map(r => `${r.cluster}/${r.namespace ?? ''}`),
    );
    if (owners.length < 2 && namespaces.length < 2) continue;
    const counts = { pending: 0, completed: 0, failed: 0 };
    for (const row of places.values()) counts[row.state]++;
    const size = held.find(r => r.size)?.size;
    found.push({
      duplicate: {
        modelId,
        modelEntityRef: held[0].modelEntityRef,
        copies: places.size,
        owners,
        namespaces,
        entityRefs: distinctSorted(held.map(r => r.entityRef)),
        counts,
        ...(size ? { size } : {}),
      },
      rows: held,
    });
  }
  return found;
}

/** One page of the fleet, as `GET /fleet` answers it (but for the clusters and the time). */
export function queryFleet(
  rows: FleetRow[],
  query: FleetQuery,
): Omit<FleetResponse, 'clusters' | 'generatedAt'> {
  const view = query.view ?? 'places';
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
  const order = query.order ?? 'asc';
  const sort = query.sort ?? 'model';
  const needle = query.search?.trim().toLocaleLowerCase('en-US');
  const keep = (row: FleetRow) =>
    matchesFilters(row, query) && (!needle || matchesSearch(row, needle));
  const start = (page - 1) * pageSize;
  const common = { page, pageSize, filterOptions: filterOptions(rows) };

  if (view === 'duplicates') {
    // A duplicated model is shown when any of its copies matches.
    const matching = duplicatesOf(rows)
      .filter(d => d.rows.some(keep))
      .map(d => d.duplicate);
    const ordered = sorted(
      matching,
      (a, b) => compareDuplicates(sort, a, b),
      (a, b) => byText(a.modelId, b.modelId),
      order,
    );
    return {
      view,
      duplicates: ordered.slice(start, start + pageSize),
      total: ordered.length,
      ...common,
    };
  }
  const ordered = sorted(
    rows.filter(keep),
    (a, b) => compareRows(sort, a, b),
    comparePlaces,
    order,
  );
  return {
    view,
    rows: ordered.slice(start, start + pageSize),
    total: ordered.length,
    ...common,
  };
}
