import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import InputAdornment from '@material-ui/core/InputAdornment';
import TextField from '@material-ui/core/TextField';
import { makeStyles } from '@material-ui/core/styles';
import SearchIcon from '@material-ui/icons/Search';
import {
  FleetFilterOptions,
  FleetQuery,
} from '@model-delivery/plugin-model-delivery-common';
import { useEffect, useId, useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';

const useStyles = makeStyles(theme => ({
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(2),
  },
  search: { flex: '1 1 280px', maxWidth: 420 },
  select: { minWidth: 160 },
}));

/** A native select of one filter; the current value stays offered even when no row has it. */
function FilterSelect(props: {
  label: string;
  allLabel: string;
  value?: string;
  options: string[];
  onChange: (value: string | undefined) => void;
}) {
  const classes = useStyles();
  const id = useId();
  const options =
    props.value && !props.options.includes(props.value)
      ? [props.value, ...props.options]
      : props.options;
  return (
    <TextField
      id={id}
      select
      label={props.label}
      value={props.value ?? ''}
      onChange={e => props.onChange(e.target.value || undefined)}
      className={classes.select}
      SelectProps={{ native: true }}
      InputLabelProps={{ shrink: true }}
    >
      <option value="">{props.allLabel}</option>
      {options.map(o => (
        <option key={o} value={o}>
          {o}
        </option>
      ))}
    </TextField>
  );
}

/** How long typing pauses before the search is sent. */
const SEARCH_DEBOUNCE_MS = 300;

/** Search and the four filters; each change goes back to the first page. */
export function FleetFilters(props: {
  query: FleetQuery;
  options?: FleetFilterOptions;
  onChange: (change: Partial<FleetQuery>) => void;
}) {
  const { query, options, onChange } = props;
  const classes = useStyles();
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
  const filtered = !!(
    query.state ||
    query.cluster ||
    query.operator ||
    query.owner ||
    query.search
  );
  return (
    <Box className={classes.bar}>
      <TextField
        className={classes.search}
        label="Search"
        placeholder="Model, entity, owner, namespace, resource, reason"
        value={search}
        onChange={e => setSearch(e.target.value)}
        InputLabelProps={{ shrink: true }}
        InputProps={{
          startAdornment: (
            <InputAdornment position="start">
              <SearchIcon aria-hidden />
            </InputAdornment>
          ),
        }}
        inputProps={{ 'aria-label': 'Search models' }}
      />
      <FilterSelect
        label="State"
        allLabel="All states"
        value={query.state}
        options={options?.states ?? []}
        onChange={state => set({ state: state as FleetQuery['state'] })}
      />
      <FilterSelect
        label="Cluster"
        allLabel="All clusters"
        value={query.cluster}
        options={options?.clusters ?? []}
        onChange={cluster => set({ cluster })}
      />
      <FilterSelect
        label="Operator"
        allLabel="All operators"
        value={query.operator}
        options={options?.operators ?? []}
        onChange={operator => set({ operator })}
      />
      <FilterSelect
        label="Owner"
        allLabel="All owners"
        value={query.owner}
        options={options?.owners ?? []}
        onChange={owner => set({ owner })}
      />
      {filtered && (
        <Button
          size="small"
          onClick={() => {
            setSearch('');
            set({
              state: undefined,
              cluster: undefined,
              operator: undefined,
              owner: undefined,
              search: undefined,
            });
          }}
        >
          Clear filters
        </Button>
      )}
    </Box>
  );
}
