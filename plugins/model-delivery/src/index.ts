/**
 * Model Delivery: per-model download and caching status of an entity's cluster
 * resources, on an entity tab and an overview card, plus the scaffolder form fields: the
 * ModelDownload model list and the cluster, namespace, PVC, Secret key and node group pickers.
 *
 * This entry point serves the legacy frontend system; `/alpha` serves the new one.
 *
 * @packageDocumentation
 */
export {
  modelDeliveryPlugin,
  EntityModelDeliveryContent,
  EntityModelDeliveryCard,
  ModelDeliveryFleetPage,
  ModelDownloadModelsFieldExtension,
  ModelDeliveryClusterPickerFieldExtension,
  ModelDeliveryNamespacePickerFieldExtension,
  ModelDeliveryPersistentVolumeClaimPickerFieldExtension,
  ModelDeliverySecretKeyPickerFieldExtension,
  ModelDeliveryNodeGroupPickerFieldExtension,
  ModelDeliveryValidatedTextFieldExtension,
} from './plugin';
export { ModelsIcon } from './components/FleetPage/ModelsIcon';
export type { ModelDeliveryCardProps } from './components/ModelDeliveryCard';
export type { ModelDeliveryFormFieldOptions } from './components/formFields/formOptions';
export type { SecretKeyRef } from './components/formFields/SecretKeyPicker';
export { ModelDeliveryClient, modelDeliveryApiRef } from './api';
export type { ModelDeliveryApi } from './api';
export { isModelDeliveryAvailable } from '@model-delivery/plugin-model-delivery-common';
