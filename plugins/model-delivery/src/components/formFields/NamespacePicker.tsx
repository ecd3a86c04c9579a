import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { FormNamespace } from '@model-delivery/plugin-model-delivery-common';
import {
  ModelDeliveryFormFieldOptions,
  chosenPlacement,
  fieldOptions,
  formSoFar,
} from './formOptions';
import { PickerField, pickerProps } from './PickerField';
import { useFormDataList } from './useFormDataList';

/**
 * The namespaces of the cluster chosen earlier in the form that the user may act in, for
 * the owner entity chosen earlier (the backend asks the permission policy), with the team
 * that owns each.
 */
export function NamespacePicker(
  props: FieldExtensionComponentProps<string, ModelDeliveryFormFieldOptions>,
) {
  const { formData, onChange, uiSchema } = props;
  const { cluster, entityRef } = chosenPlacement(
    formSoFar(props),
    fieldOptions(uiSchema),
  );
  const list = useFormDataList<FormNamespace>(
    api => api.formNamespaces(cluster!, entityRef),
    [cluster, entityRef ?? ''],
    'Choose a cluster first to list its namespaces.',
  );
  return (
    <PickerField
      {...pickerProps(props, { id: 'namespace', label: 'Namespace' })}
      list={list}
      options={list.items.map(n => ({
        value: n.name,
        ...(n.owner ? { detail: `owned by ${n.owner}` } : {}),
      }))}
      emptyText={`Cluster ${cluster} has no namespace you may act in.`}
      value={formData}
      onChange={onChange}
    />
  );
}
