/** The `ui:field` names of the suite's template form fields, as templates write them. */
export const FORM_FIELD_NAMES = {
  modelDownloadModels: 'ModelDownloadModels',
  cluster: 'ModelDeliveryClusterPicker',
  namespace: 'ModelDeliveryNamespacePicker',
  persistentVolumeClaim: 'ModelDeliveryPersistentVolumeClaimPicker',
  secretKey: 'ModelDeliverySecretKeyPicker',
  nodeGroups: 'ModelDeliveryNodeGroupPicker',
  validatedText: 'ModelDeliveryValidatedText',
} as const;
