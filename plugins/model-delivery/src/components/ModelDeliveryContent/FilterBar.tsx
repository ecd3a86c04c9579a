import Typography from '@material-ui/core/Typography';
import { ResourceStatus } from '@model-delivery/plugin-model-delivery-common';
import { FilterBar as Bar } from '../FilterBar';
import {
  NO_FILTER,
  ResourceFilter,
  isFiltered,
  valueCounts,
} from './resourceFilter';

/**
 * Search by resource, model or node name, and filters by kind and cluster; the state
 * filter is set from the summary bar and shown here while it is on.
 */
export function FilterBar(props: {
  resources: readonly ResourceStatus[];
  filter: ResourceFilter;
  onChange: (filter: ResourceFilter) => void;
}) {
  const { resources, filter, onChange } = props;
  const select = (field: 'kind' | 'cluster', label: string) => ({
    label,
    allLabel: `All ${label.toLowerCase()}s`,
    value: filter[field],
    options: valueCounts(resources, field).map(o => ({
      value: o.value,
      label: `${o.value} (${o.count})`,
    })),
    onChange: (value?: string) => onChange({ ...filter, [field]: value ?? '' }),
  });
  return (
    <Bar
      label="Filter resources"
      search={filter.query}
      onSearch={query => onChange({ ...filter, query })}
      searchPlaceholder="Resource, model or node name"
      selects={[select('kind', 'Kind'), select('cluster', 'Cluster')]}
      note={
        filter.state && (
          <Typography variant="body2" role="status">
            Showing only {filter.state} items
          </Typography>
        )
      }
      onClear={isFiltered(filter) ? () => onChange(NO_FILTER) : undefined}
    />
  );
}
