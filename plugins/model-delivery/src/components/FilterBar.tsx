import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import IconButton from '@material-ui/core/IconButton';
import InputAdornment from '@material-ui/core/InputAdornment';
import TextField from '@material-ui/core/TextField';
import { makeStyles } from '@material-ui/core/styles';
import ClearIcon from '@material-ui/icons/Clear';
import SearchIcon from '@material-ui/icons/Search';
import { ReactNode, useId } from 'react';

const useStyles = makeStyles(theme => ({
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(2),
  },
  search: { flex: '1 1 280px', maxWidth: 480 },
  select: { minWidth: 170 },
}));

/** One filter: a native select of the values, "all" first. */
export interface FilterSelect {
  label: string;
  allLabel: string;
  value?: string;
  options: Array<{ value: string; label?: string }>;
  onChange: (value: string | undefined) => void;
}

/**
 * The search field and filter selects of a list, with a way to clear them: the entity
 * tab's resources and the fleet page's models filter with it alike.
 */
export function FilterBar(props: {
  /** The bar's accessible name. */
  label: string;
  search: string;
  onSearch: (text: string) => void;
  searchPlaceholder: string;
  /** The search field's accessible name when not "Search". */
  searchLabel?: string;
  selects: FilterSelect[];
  /** Said beside the filters, e.g. a filter set elsewhere on the page. */
  note?: ReactNode;
  /** Set while anything filters: the "Clear filters" button. */
  onClear?: () => void;
}) {
  const classes = useStyles();
  const searchId = useId();
  const selectId = useId();
  return (
    <Box role="search" aria-label={props.label} className={classes.bar}>
      <TextField
        id={searchId}
        label="Search"
        placeholder={props.searchPlaceholder}
        value={props.search}
        onChange={e => props.onSearch(e.target.value)}
        className={classes.search}
        InputLabelProps={{ shrink: true }}
        inputProps={{ 'aria-label': props.searchLabel }}
        InputProps={{
          startAdornment: (
            <InputAdornment position="start">
              <SearchIcon aria-hidden />
            </InputAdornment>
          ),
          endAdornment: props.search ? (
            <InputAdornment position="end">
              <IconButton
                size="small"
                aria-label="Clear search"
                onClick={() => props.onSearch('')}
              >
                <ClearIcon fontSize="small" />
              </IconButton>
            </InputAdornment>
          ) : undefined,
        }}
      />
      {props.selects.map((select, index) => {
        // The current value stays offered even when no row has it any more.
        const options =
          select.value && !select.options.some(o => o.value === select.value)
            ? [{ value: select.value }, ...select.options]
            : select.options;
        return (
          <TextField
            key={select.label}
            id={`${selectId}-${index}`}
            select
            label={select.label}
            value={select.value ?? ''}
            onChange={e => select.onChange(e.target.value || undefined)}
            className={classes.select}
            SelectProps={{ native: true }}
            InputLabelProps={{ shrink: true }}
          >
            <option value="">{select.allLabel}</option>
            {options.map(o => (
              <option key={o.value} value={o.value}>
                {o.label ?? o.value}
              </option>
            ))}
          </TextField>
        );
      })}
      {props.note}
      {props.onClear && (
        <Button size="small" startIcon={<ClearIcon />} onClick={props.onClear}>
          Clear filters
        </Button>
      )}
    </Box>
  );
}
