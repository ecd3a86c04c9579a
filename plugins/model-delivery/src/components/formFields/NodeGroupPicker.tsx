import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import Chip from '@material-ui/core/Chip';
import TextField from '@material-ui/core/TextField';
import Autocomplete from '@material-ui/lab/Autocomplete';
import { useEffect, useState } from 'react';
import { FormNodeGroup } from '@model-delivery/plugin-model-delivery-common';
import {
  ModelDeliveryFormFieldOptions,
  chosenPlacement,
  fieldOptions,
  formSoFar,
} from './formOptions';
import { LoadingAdornment, OptionLabel } from './PickerField';
import { useFormDataList } from './useFormDataList';

function describeNodeGroup(group: FormNodeGroup | undefined): string {
  return group?.storageLimit
    ? `storage limit ${group.storageLimit}`
    : 'no storage limit';
}

/** Splits the fallback text field's "a, b" into names. */
function splitNames(text: string): string[] | undefined {
  const names = text
    .split(',')
    .map(n => n.trim())
    .filter(n => n !== '');
  return names.length > 0 ? names : undefined;
}

/**
 * KServe LocalModelNodeGroups of the cluster chosen earlier in the form, several at once,
 * each with its storage limit; for a cache in the namespace chosen earlier, if any.
 */
export function NodeGroupPicker(
  props: FieldExtensionComponentProps<string[], ModelDeliveryFormFieldOptions>,
) {
  const { formData, onChange, schema, uiSchema, rawErrors, required } = props;
  const { cluster, namespace } = chosenPlacement(
    formSoFar(props),
    fieldOptions(uiSchema),
  );
  const list = useFormDataList<FormNodeGroup>(
    api => api.formNodeGroups(cluster!, namespace),
    [cluster, namespace ?? ''],
    'Choose a cluster first to list its LocalModelNodeGroups.',
  );
  const id = props.idSchema?.$id ?? 'nodeGroups';
  const label = schema.title ?? 'Node groups';
  // The form pre-fills an array with `minItems` with empty items: they are no choice.
  const value = (formData ?? []).filter(
    (g): g is string => typeof g === 'string' && g !== '',
  );
  const prefilled = (formData ?? []).length !== value.length;
  useEffect(() => {
    if (prefilled) onChange((value.length > 0 ? value : undefined) as string[]);
  }, [prefilled, value, onChange]);
  const disabled = props.disabled || props.readonly;
  const error = (rawErrors?.length ?? 0) > 0;
  // The fallback's own text: "a, " is on its way to "a, b", not the list ['a'].
  const [text, setText] = useState(value.join(', '));

  if (list.note) {
    return (
      <TextField
        id={id}
        label={label}
        required={required}
        disabled={disabled}
        error={error}
        value={text}
        onChange={e => {
          setText(e.target.value);
          onChange(splitNames(e.target.value) as string[]);
        }}
        helperText={`${list.note} Type the names, separated by commas.`}
        FormHelperTextProps={{ role: 'note' }}
        fullWidth
        margin="normal"
      />
    );
  }
  const byName = new Map(list.items.map(g => [g.name, g]));
  const helperText =
    !list.loading && list.items.length === 0
      ? `Cluster ${cluster} has no LocalModelNodeGroups.`
      : schema.description;
  return (
    <Autocomplete
      id={id}
      multiple
      freeSolo
      disabled={disabled}
      options={list.items.map(g => g.name)}
      value={value}
      onChange={(_, next) =>
        onChange((next.length > 0 ? next : undefined) as string[])
      }
      loading={list.loading}
      renderOption={name => (
        <OptionLabel
          option={{ value: name, detail: describeNodeGroup(byName.get(name)) }}
        />
      )}
      renderTags={(names, getTagProps) =>
        names.map((name, index) => (
          <Chip
            {...getTagProps({ index })}
            key={name}
            size="small"
            label={
              byName.has(name)
                ? `${name} (${describeNodeGroup(byName.get(name))})`
                : name
            }
          />
        ))
      }
      renderInput={params => (
        <TextField
          {...params}
          label={label}
          required={required && value.length === 0}
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
