import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import TextField from '@material-ui/core/TextField';
import { ModelDeliveryFormFieldOptions } from './formOptions';

/**
 * A text input checked on its own step with its action's rules
 * (`ui:options.validateAs` and `input`); numbers stay numbers for integer fields.
 */
export function ValidatedTextField(
  props: FieldExtensionComponentProps<
    string | number,
    ModelDeliveryFormFieldOptions
  >,
) {
  const { formData, onChange, schema, rawErrors, required } = props;
  const numeric = schema.type === 'integer' || schema.type === 'number';
  return (
    <TextField
      id={props.idSchema?.$id ?? 'text'}
      label={schema.title}
      required={required}
      disabled={props.disabled || props.readonly}
      error={(rawErrors?.length ?? 0) > 0}
      type={numeric ? 'number' : 'text'}
      value={formData ?? ''}
      onChange={e => {
        const text = e.target.value;
        if (text === '') onChange(undefined as unknown as string);
        // Kept even when not a whole number, so that validation can say what is wrong.
        else onChange(numeric ? Number(text) : text);
      }}
      helperText={schema.description}
      fullWidth
      margin="normal"
    />
  );
}
