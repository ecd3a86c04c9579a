import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { useEffect } from 'react';
import { FormNodeGroup } from '@model-delivery/plugin-model-delivery-common';
import {
  ModelDeliveryFormFieldOptions,
  chosenPlacement,
  fieldOptions,
  formSoFar,
} from './formOptions';
import { PickerField, pickerProps } from './PickerField';
import { useFormDataList } from './useFormDataList';

/**
 * KServe LocalModelNodeGroups of the cluster chosen earlier in the form, several at once,
 * each with its storage limit; for a cache in the namespace chosen earlier, if any.
 */
export function NodeGroupPicker(
  props: FieldExtensionComponentProps<string[], ModelDeliveryFormFieldOptions>,
) {
  const { formData, onChange, uiSchema } = props;
  const { cluster, namespace } = chosenPlacement(
    formSoFar(props),
    fieldOptions(uiSchema),
  );
  const list = useFormDataList<FormNodeGroup>(
    api => api.formNodeGroups(cluster!, namespace),
    [cluster, namespace ?? ''],
    'Choose a cluster first to list its LocalModelNodeGroups.',
  );
  // The form pre-fills an array with `minItems` with empty items: they are no choice.
  const value = (formData ?? []).filter(
    (g): g is string => typeof g === 'string' && g !== '',
  );
  const prefilled = (formData ?? []).length !== value.length;
  useEffect(() => {
    if (prefilled) onChange((value.length > 0 ? value : undefined) as string[]);
  }, [prefilled, value, onChange]);
  return (
    <PickerField
      multiple
      {...pickerProps(props, { id: 'nodeGroups', label: 'Node groups' })}
      list={list}
      options={list.items.map(g => ({
        value: g.name,
        detail: g.storageLimit
          ? `storage limit ${g.storageLimit}`
          : 'no storage limit',
      }))}
      emptyText={`Cluster ${cluster} has no LocalModelNodeGroups.`}
      value={value}
      onChange={next => onChange(next as string[])}
    />
  );
}
