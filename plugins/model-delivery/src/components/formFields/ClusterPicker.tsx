import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { FormCluster } from '@model-delivery/plugin-model-delivery-common';
import { ModelDeliveryFormFieldOptions, fieldOptions } from './formOptions';
import { PickerField, PickerOption, pickerProps } from './PickerField';
import { useFormDataList } from './useFormDataList';

/** Why a cluster cannot take the template's kind, or undefined when it can. */
export function clusterRefusal(
  cluster: FormCluster,
  requiredKind: string | undefined,
): string | undefined {
  if (!requiredKind || cluster.servedKinds.includes(requiredKind)) {
    return undefined;
  }
  if (!cluster.reachable) {
    return `not reachable, so it cannot be told whether it serves ${requiredKind}${
      cluster.problem ? `: ${cluster.problem.message}` : ''
    }`;
  }
  return `does not serve ${requiredKind} (its CRD is not installed there)`;
}

function clusterOption(
  cluster: FormCluster,
  requiredKind: string | undefined,
): PickerOption {
  const served =
    cluster.servedKinds.length > 0
      ? `serves ${cluster.servedKinds.join(', ')}`
      : 'serves none of the suite’s kinds';
  const state = cluster.reachable
    ? served
    : `not reachable${cluster.problem ? `: ${cluster.problem.message}` : ''}`;
  const refusal = clusterRefusal(cluster, requiredKind);
  return {
    value: cluster.name,
    detail: cluster.title ? `${cluster.title}, ${state}` : state,
    disabledReason: refusal && `${cluster.name} ${refusal}`,
  };
}

/**
 * The clusters the portal is configured with, reachable or not, with the suite's kinds
 * each serves; `ui:options.requiredKind` refuses those that do not serve it.
 */
export function ClusterPicker(
  props: FieldExtensionComponentProps<string, ModelDeliveryFormFieldOptions>,
) {
  const { formData, onChange, uiSchema } = props;
  const { requiredKind } = fieldOptions(uiSchema);
  const list = useFormDataList<FormCluster>(
    api => api.formClusters().then(r => ({ cluster: '', items: r.items })),
    [],
  );
  return (
    <PickerField
      {...pickerProps(props, { id: 'cluster', label: 'Cluster' })}
      list={list}
      options={list.items.map(c => clusterOption(c, requiredKind))}
      emptyText="The portal has no clusters configured (kubernetes.clusterLocatorMethods)."
      value={formData}
      onChange={onChange}
    />
  );
}
