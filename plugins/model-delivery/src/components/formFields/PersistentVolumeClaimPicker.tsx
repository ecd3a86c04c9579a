import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { FormPersistentVolumeClaim } from '@model-delivery/plugin-model-delivery-common';
import {
  ModelDeliveryFormFieldOptions,
  chosenPlacement,
  fieldOptions,
  formSoFar,
} from './formOptions';
import { PickerField, pickerProps } from './PickerField';
import { useFormDataList } from './useFormDataList';

/** "10Gi, ReadWriteOnce, Bound": what a PVC offers, for its option. */
export function describePersistentVolumeClaim(
  pvc: FormPersistentVolumeClaim,
): string {
  return [
    pvc.capacity ?? 'no capacity',
    pvc.accessModes.length > 0 ? pvc.accessModes.join(', ') : undefined,
    pvc.phase === 'Bound' ? 'Bound' : `${pvc.phase} (not bound)`,
    pvc.storageClassName && `class ${pvc.storageClassName}`,
  ]
    .filter(Boolean)
    .join(', ');
}

/** The PersistentVolumeClaims of the namespace chosen earlier in the form. */
export function PersistentVolumeClaimPicker(
  props: FieldExtensionComponentProps<string, ModelDeliveryFormFieldOptions>,
) {
  const { formData, onChange, uiSchema } = props;
  const { cluster, namespace } = chosenPlacement(
    formSoFar(props),
    fieldOptions(uiSchema),
  );
  const list = useFormDataList<FormPersistentVolumeClaim>(
    api => api.formPersistentVolumeClaims(cluster!, namespace!),
    [cluster, namespace],
    'Choose a cluster and a namespace first to list their PersistentVolumeClaims.',
  );
  return (
    <PickerField
      {...pickerProps(props, {
        id: 'persistentVolumeClaim',
        label: 'PersistentVolumeClaim',
      })}
      list={list}
      options={list.items.map(pvc => ({
        value: pvc.name,
        detail: describePersistentVolumeClaim(pvc),
      }))}
      emptyText={`No PersistentVolumeClaims in namespace ${namespace} of cluster ${cluster}: create one first.`}
      value={formData}
      onChange={onChange}
    />
  );
}
