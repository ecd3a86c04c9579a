import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import {
  ModelDeliveryFormFieldOptions,
  chosenPlacement,
  fieldOptions,
  formSoFar,
} from './formOptions';
import { PickerField, pickerProps } from './PickerField';
import { useFormDataList } from './useFormDataList';

/** The namespaces of the cluster chosen earlier in the form. */
export function NamespacePicker(
  props: FieldExtensionComponentProps<string, ModelDeliveryFormFieldOptions>,
) {
  const { formData, onChange, uiSchema } = props;
  const { cluster } = chosenPlacement(formSoFar(props), fieldOptions(uiSchema));
  const list = useFormDataList<{ name: string }>(
    api => api.formNamespaces(cluster!),
    [cluster],
    'Choose a cluster first to list its namespaces.',
  );
  return (
    <PickerField
      {...pickerProps(props, { id: 'namespace', label: 'Namespace' })}
      list={list}
      options={list.items.map(n => ({ value: n.name }))}
      emptyText={`Cluster ${cluster} has no namespaces the suite can see.`}
      value={formData}
      onChange={onChange}
    />
  );
}
