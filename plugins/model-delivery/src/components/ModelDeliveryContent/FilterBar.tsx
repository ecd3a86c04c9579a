import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import IconButton from '@material-ui/core/IconButton';
import InputAdornment from '@material-ui/core/InputAdornment';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ClearIcon from '@material-ui/icons/Clear';
import SearchIcon from '@material-ui/icons/Search';
import { ResourceStatus } from '@model-delivery/plugin-model-delivery-common';
import { useId } from 'react';
import {
  NO_FILTER,
  ResourceFilter,
  isFiltered,
  valueCounts,
} from './resourceFilter';

const useStyles = makeStyles(theme => ({
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(2),
  },
  search: { flex: '1 1 280px', maxWidth: 480 },
  select: { minWidth: 180 },
}));

/** A native select of one resource field, each value with how many resources have it. */
function FieldSelect(props: {
  label: string;
  allLabel: string;
  value: string;
  options: Array<{ value: string; count: number }>;
  onChange: (value: string) => void;
}) {
  const classes = useStyles();
  const id = useId();
  return (
    <TextField
      id={id}
      select
      label={props.label}
      value={props.value}
      onChange={e => props.onChange(e.target.value)}
      className={classes.select}
      SelectProps={{ native: true }}
      InputLabelProps={{ shrink: true }}
    >
      <option value="">{props.allLabel}</option>
      {props.options.map(o => (
        <option key={o.value} value={o.value}>
          {o.value} ({o.count})
        </option>
      ))}
    </TextField>
  );
}

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
  const classes = useStyles();
  const searchId = useId();
  return (
    <Box role="search" aria-label="Filter resources" className={classes.bar}>
      <TextField
        id={searchId}
        label="Search"
        placeholder="Resource, model or node name"
        value={filter.query}
        onChange={e => onChange({ ...filter, query: e.target.value })}
        className={classes.search}
        InputLabelProps={{ shrink: true }}
        InputProps={{
          startAdornment: (
            <InputAdornment position="start">
              <SearchIcon aria-hidden />
            </InputAdornment>
          ),
          endAdornment: filter.query ? (
            <InputAdornment position="end">
              <IconButton
                size="small"
                aria-label="Clear search"
                onClick={() => onChange({ ...filter, query: '' })}
              >
                <ClearIcon fontSize="small" />
              </IconButton>
            </InputAdornment>
          ) : undefined,
        }}
      />
      <FieldSelect
        label="Kind"
        allLabel="All kinds"
        value={filter.kind}
        options={valueCounts(resources, 'kind')}
        onChange={kind => onChange({ ...filter, kind })}
      />
      <FieldSelect
        label="Cluster"
        allLabel="All clusters"
        value={filter.cluster}
        options={valueCounts(resources, 'cluster')}
        onChange={cluster => onChange({ ...filter, cluster })}
      />
      {filter.state && (
        <Typography variant="body2" role="status">
          Showing only {filter.state} items
        </Typography>
      )}
      {isFiltered(filter) && (
        <Button
          size="small"
          startIcon={<ClearIcon />}
          onClick={() => onChange(NO_FILTER)}
        >
          Clear filters
        </Button>
      )}
    </Box>
  );
}
