import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { FormSecret } from '@model-delivery/plugin-model-delivery-common';
import {
  ModelDeliveryFormFieldOptions,
  chosenPlacement,
  fieldOptions,
  formSoFar,
} from './formOptions';
import { PickerField } from './PickerField';
import { useFormDataList } from './useFormDataList';

/** A key of a Secret: the value of an object-typed SecretKeyPicker. @public */
export interface SecretKeyRef {
  name?: string;
  key?: string;
}

type Value = SecretKeyRef | string;

function titleOf(schema: unknown, property: string, fallback: string) {
  const properties = (schema as { properties?: Record<string, any> })
    .properties;
  return (properties?.[property]?.title as string | undefined) ?? fallback;
}

/**
 * A Secret of the namespace chosen earlier in the form, and one of its keys: names only,
 * never a value. An object-typed field returns `{ name, key }`; a string-typed one the
 * Secret's name.
 */
export function SecretKeyPicker(
  props: FieldExtensionComponentProps<Value, ModelDeliveryFormFieldOptions>,
) {
  const { formData, onChange, schema, uiSchema, rawErrors, required } = props;
  const withKey = schema.type !== 'string';
  const ref: SecretKeyRef =
    typeof formData === 'string' ? { name: formData } : formData ?? {};
  const { cluster, namespace } = chosenPlacement(
    formSoFar(props),
    fieldOptions(uiSchema),
  );
  const list = useFormDataList<FormSecret>(
    api => api.formSecrets(cluster!, namespace!),
    [cluster, namespace],
    'Choose a cluster and a namespace first to list their Secrets.',
  );
  const id = props.idSchema?.$id ?? 'secret';
  const disabled = props.disabled || props.readonly;
  const errors = rawErrors ?? [];
  const secret = list.items.find(s => s.name === ref.name);
  const nameLabel = withKey
    ? titleOf(schema, 'name', 'Secret name')
    : schema.title ?? 'Secret';

  const nameField = (
    <PickerField
      id={`${id}-name`}
      label={nameLabel}
      description={withKey ? undefined : schema.description}
      required={required}
      disabled={disabled}
      error={errors.some(e => !/\.key: /.test(e))}
      list={list}
      options={list.items.map(s => ({
        value: s.name,
        detail: `${s.type}; keys: ${s.keys.join(', ') || 'none'}`,
      }))}
      emptyText={`No Secrets in namespace ${namespace} of cluster ${cluster}.`}
      value={ref.name}
      onChange={name =>
        withKey ? onChange({ ...ref, name } as Value) : onChange(name as Value)
      }
    />
  );
  if (!withKey) return nameField;

  return (
    <Box>
      {schema.title && (
        <Typography variant="subtitle1" component="h3">
          {schema.title}
        </Typography>
      )}
      {schema.description && (
        <Typography variant="body2" color="textSecondary">
          {schema.description}
        </Typography>
      )}
      {nameField}
      <PickerField
        id={`${id}-key`}
        label={titleOf(schema, 'key', 'Key')}
        required={required}
        disabled={disabled}
        error={errors.some(e => /\.key: /.test(e))}
        list={
          list.note || secret
            ? list
            : { loading: list.loading, items: [], note: undefined }
        }
        options={(secret?.keys ?? []).map(key => ({ value: key }))}
        emptyText={
          ref.name
            ? `Secret ${ref.name} is not in namespace ${namespace} (yet): type the key.`
            : 'Choose the Secret to list its keys.'
        }
        value={ref.key}
        onChange={key => onChange({ ...ref, key } as Value)}
      />
    </Box>
  );
}
