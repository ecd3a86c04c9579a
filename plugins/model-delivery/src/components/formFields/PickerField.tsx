import Chip from '@material-ui/core/Chip';
import CircularProgress from '@material-ui/core/CircularProgress';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Autocomplete from '@material-ui/lab/Autocomplete';
import { useState } from 'react';
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

/** What a picker takes from the scaffolder's field props: id, label and state. */
export function pickerProps(
  props: {
    idSchema?: { $id?: string };
    schema: { title?: string; description?: string };
    required?: boolean;
    disabled?: boolean;
    readonly?: boolean;
    rawErrors?: string[];
  },
  defaults: { id: string; label: string },
) {
  return {
    id: props.idSchema?.$id ?? defaults.id,
    label: props.schema.title ?? defaults.label,
    description: props.schema.description,
    required: props.required,
    disabled: props.disabled || props.readonly,
    error: (props.rawErrors?.length ?? 0) > 0,
  };
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
function OptionLabel(props: { option: PickerOption }) {
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

/** Splits a fallback text field's "a, b" into names. */
function splitNames(text: string): string[] | undefined {
  const names = text
    .split(',')
    .map(n => n.trim())
    .filter(n => n !== '');
  return names.length > 0 ? names : undefined;
}

/** One value, or with `multiple` several, as a picker's form data holds it. */
type PickedValue =
  | {
      multiple?: false;
      value: string | undefined;
      onChange: (value: string | undefined) => void;
    }
  | {
      multiple: true;
      value: string[];
      onChange: (value: string[] | undefined) => void;
    };

/**
 * A value (or several) picked from what the cluster lists, or typed: a text field with
 * suggestions, and a plain text field with the reason when the cluster cannot be read
 * (several values typed separated by commas).
 */
export function PickerField(props: PickerFieldProps & PickedValue) {
  const { id, label, required, disabled, error, list, options } = props;
  const byValue = new Map(options.map(o => [o.value, o]));
  const values = props.multiple ? props.value : [props.value ?? ''];
  const selected = props.multiple ? undefined : byValue.get(props.value ?? '');
  const helperText =
    props.multiple && list.note
      ? `${list.note} Type the names, separated by commas.`
      : helperFor(props, selected);
  const set = (next: string | string[] | null | undefined) => {
    if (props.multiple) {
      props.onChange(Array.isArray(next) && next.length > 0 ? next : undefined);
    } else props.onChange(typeof next === 'string' && next ? next : undefined);
  };
  // The fallback's own text: "a, " is on its way to "a, b", not the list ['a'].
  const [text, setText] = useState(values.join(', '));

  if (list.note) {
    return (
      <TextField
        id={id}
        label={label}
        required={required}
        disabled={disabled}
        error={error}
        value={props.multiple ? text : props.value ?? ''}
        onChange={e => {
          setText(e.target.value);
          set(props.multiple ? splitNames(e.target.value) : e.target.value);
        }}
        helperText={helperText}
        FormHelperTextProps={{ role: 'note' }}
        fullWidth
        margin="normal"
      />
    );
  }
  return (
    <Autocomplete<string, boolean, false, true>
      id={id}
      freeSolo
      multiple={props.multiple}
      disabled={disabled}
      options={options.map(o => o.value)}
      getOptionDisabled={v => !!byValue.get(v)?.disabledReason}
      renderOption={v => (
        <OptionLabel option={byValue.get(v) ?? { value: v }} />
      )}
      value={props.multiple ? props.value : props.value ?? ''}
      {...(!props.multiple && {
        inputValue: props.value ?? '',
        onInputChange: (_, next, reason) => {
          // 'reset' echoes the value chosen; the input's own text is already the value.
          if (reason !== 'reset') set(next);
        },
      })}
      onChange={(_, next) => set(next)}
      renderTags={(names, getTagProps) =>
        names.map((name, index) => (
          <Chip
            {...getTagProps({ index })}
            key={name}
            size="small"
            label={
              byValue.get(name)?.detail
                ? `${name} (${byValue.get(name)!.detail})`
                : name
            }
          />
        ))
      }
      loading={list.loading}
      renderInput={params => (
        <TextField
          {...params}
          label={label}
          required={props.multiple ? required && values.length === 0 : required}
          error={error}
          helperText={helperText}
          margin="normal"
          InputProps={{
            ...params.InputProps,
            endAdornment: (
              <>
                {list.loading && (
                  <CircularProgress size={16} aria-label={`Loading ${label}`} />
                )}
                {params.InputProps.endAdornment}
              </>
            ),
          }}
        />
      )}
    />
  );
}
