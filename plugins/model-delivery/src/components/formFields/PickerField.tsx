import CircularProgress from '@material-ui/core/CircularProgress';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Autocomplete from '@material-ui/lab/Autocomplete';
import { ReactNode } from 'react';
import { PickerList } from './useFormDataList';

/** One choice of a picker. */
export interface PickerOption {
  value: string;
  /** What the cluster says of it: capacity, state, keys... */
  detail?: string;
  /** Set when it cannot be chosen, saying why. */
  disabledReason?: string;
}

/** What the pickers share: a label, a value, the form's errors on it. */
export interface PickerFieldProps {
  id: string;
  label: string;
  description?: string;
  required?: boolean;
  disabled?: boolean;
  error?: boolean;
  /** The list as read from the cluster. */
  list: PickerList<unknown>;
  options: PickerOption[];
  /** Shown when the cluster has none. */
  emptyText: string;
}

function helperFor(
  props: PickerFieldProps,
  selected: PickerOption | undefined,
): string | undefined {
  if (props.list.note) {
    return `${props.list.note} Type the name instead.`;
  }
  if (selected?.disabledReason) return selected.disabledReason;
  if (selected?.detail) return selected.detail;
  if (!props.list.loading && props.options.length === 0) {
    return props.emptyText;
  }
  return props.description;
}

/** A choice as the pickers list it: its name, and what the cluster says of it below. */
export function OptionLabel(props: { option: PickerOption }) {
  const { option } = props;
  return (
    <div>
      <Typography variant="body1">{option.value}</Typography>
      {(option.disabledReason ?? option.detail) && (
        <Typography variant="caption" color="textSecondary">
          {option.disabledReason ?? option.detail}
        </Typography>
      )}
    </div>
  );
}

/** An Autocomplete input's end adornment, with a spinner while the list loads. */
export function LoadingAdornment(props: {
  loading: boolean;
  label: string;
  children: ReactNode;
}) {
  return (
    <>
      {props.loading && (
        <CircularProgress size={16} aria-label={`Loading ${props.label}`} />
      )}
      {props.children}
    </>
  );
}

/**
 * One value picked from what the cluster lists, or typed: a text field with suggestions,
 * and a plain text field with the reason when the cluster cannot be read.
 */
export function PickerField(
  props: PickerFieldProps & {
    value: string | undefined;
    onChange: (value: string | undefined) => void;
  },
) {
  const { id, label, required, disabled, error, list, options, value } = props;
  const selected = options.find(o => o.value === value);
  const helperText = helperFor(props, selected);
  const set = (next: string | null | undefined) =>
    props.onChange(next ? next : undefined);

  if (list.note) {
    return (
      <TextField
        id={id}
        label={label}
        required={required}
        disabled={disabled}
        error={error}
        value={value ?? ''}
        onChange={e => set(e.target.value)}
        helperText={helperText}
        FormHelperTextProps={{ role: 'note' }}
        fullWidth
        margin="normal"
      />
    );
  }
  return (
    <Autocomplete
      id={id}
      freeSolo
      disabled={disabled}
      options={options.map(o => o.value)}
      getOptionDisabled={v =>
        !!options.find(o => o.value === v)?.disabledReason
      }
      renderOption={v => (
        <OptionLabel
          option={options.find(o => o.value === v) ?? { value: v }}
        />
      )}
      value={value ?? ''}
      inputValue={value ?? ''}
      onChange={(_, next) => set(next)}
      onInputChange={(_, next, reason) => {
        // 'reset' echoes the value chosen; the input's own text is already the value.
        if (reason !== 'reset') set(next);
      }}
      loading={list.loading}
      renderInput={params => (
        <TextField
          {...params}
          label={label}
          required={required}
          error={error}
          helperText={helperText}
          margin="normal"
          InputProps={{
            ...params.InputProps,
            endAdornment: (
              <LoadingAdornment loading={list.loading} label={label}>
                {params.InputProps.endAdornment}
              </LoadingAdornment>
            ),
          }}
        />
      )}
    />
  );
}
