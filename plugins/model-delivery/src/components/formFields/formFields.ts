import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { ClusterPicker } from './ClusterPicker';
import { FORM_FIELD_NAMES } from './fieldNames';
import {
  validateCluster,
  validateNamespace,
  validateNodeGroups,
  validatePersistentVolumeClaim,
  validateSecretKey,
  validateText,
} from './fieldValidators';
import { NamespacePicker } from './NamespacePicker';
import { NodeGroupPicker } from './NodeGroupPicker';
import { PersistentVolumeClaimPicker } from './PersistentVolumeClaimPicker';
import { SecretKeyPicker } from './SecretKeyPicker';
import { ValidatedTextField } from './ValidatedTextField';

/* The fields for the new frontend system's scaffolder, loaded when a form needs them. */

export const clusterPickerFormField = createFormField({
  name: FORM_FIELD_NAMES.cluster,
  component: ClusterPicker,
  validation: validateCluster,
});

export const namespacePickerFormField = createFormField({
  name: FORM_FIELD_NAMES.namespace,
  component: NamespacePicker,
  validation: validateNamespace,
});

export const persistentVolumeClaimPickerFormField = createFormField({
  name: FORM_FIELD_NAMES.persistentVolumeClaim,
  component: PersistentVolumeClaimPicker,
  validation: validatePersistentVolumeClaim,
});

export const secretKeyPickerFormField = createFormField({
  name: FORM_FIELD_NAMES.secretKey,
  component: SecretKeyPicker,
  validation: validateSecretKey,
});

export const nodeGroupPickerFormField = createFormField({
  name: FORM_FIELD_NAMES.nodeGroups,
  component: NodeGroupPicker,
  validation: validateNodeGroups,
});

export const validatedTextFormField = createFormField({
  name: FORM_FIELD_NAMES.validatedText,
  component: ValidatedTextField,
  validation: validateText,
});
