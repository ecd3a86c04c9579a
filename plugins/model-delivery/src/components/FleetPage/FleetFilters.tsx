import {
  FleetFilterOptions,
  FleetQuery,
  FleetServed,
} from '@model-delivery/plugin-model-delivery-common';
import { useEffect, useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';
import { FilterBar } from '../FilterBar';

/** How long typing pauses before the search is sent. */
const SEARCH_DEBOUNCE_MS = 300;

const FILTERS = [
  ['state', 'State', 'All states', 'states'],
  ['cluster', 'Cluster', 'All clusters', 'clusters'],
  ['operator', 'Operator', 'All operators', 'operators'],
  ['owner', 'Owner', 'All owners', 'owners'],
  ['served', 'Served', 'Served or not', 'served'],
] as const;

/** How a filter's values read, where not as themselves. */
const LABELS: Partial<Record<string, string>> = {
  ready: 'by a ready server',
  'not-ready': 'by servers not ready',
  'not-served': 'not served',
} satisfies Record<FleetServed, string>;

/** Whether the query narrows the fleet: a filter or a search. */
export function isFleetFiltered(query: FleetQuery): boolean {
  return FILTERS.some(([field]) => query[field]) || !!query.search;
}

/** Search and the five filters; each change goes back to the first page. */
export function FleetFilters(props: {
  query: FleetQuery;
  options?: FleetFilterOptions;
  onChange: (change: Partial<FleetQuery>) => void;
}) {
  const { query, options, onChange } = props;
  const [search, setSearch] = useState(query.search ?? '');
  // The URL may change the search (back button): follow it.
  useEffect(() => setSearch(query.search ?? ''), [query.search]);
  useDebounce(
    () => {
      if ((query.search ?? '') !== search) {
        onChange({ search: search || undefined, page: undefined });
      }
    },
    SEARCH_DEBOUNCE_MS,
    [search],
  );
  const set = (change: Partial<FleetQuery>) =>
    onChange({ ...change, page: undefined });
  return (
    <FilterBar
      label="Filter models"
      search={search}
      onSearch={setSearch}
      searchPlaceholder="Model, entity, owner, namespace, resource, reason"
      searchLabel="Search models"
      selects={FILTERS.map(([field, label, allLabel, values]) => ({
        label,
        allLabel,
        value: query[field],
        options: (options?.[values] ?? []).map(value => ({
          value,
          ...(field === 'served' ? { label: LABELS[value] } : {}),
        })),
        onChange: value => set({ [field]: value }),
      }))}
      onClear={
        isFleetFiltered(query)
          ? () => {
              setSearch('');
              set({
                state: undefined,
                cluster: undefined,
                operator: undefined,
                owner: undefined,
                served: undefined,
                search: undefined,
              });
            }
          : undefined
      }
    />
  );
}
