import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { ModelDownloadModelsField } from './components/ModelDownloadModelsField/ModelDownloadModelsField';
import { validateModelDownloadModels } from './components/ModelDownloadModelsField/validateModelDownloadModels';
import { ClusterPicker } from './components/formFields/ClusterPicker';
import { FORM_FIELD_NAMES } from './components/formFields/fieldNames';
import {
  validateCluster,
  validateNamespace,
  validateNodeGroups,
  validatePersistentVolumeClaim,
  validateSecretKey,
  validateText,
} from './components/formFields/fieldValidators';
import { NamespacePicker } from './components/formFields/NamespacePicker';
import { NodeGroupPicker } from './components/formFields/NodeGroupPicker';
import { PersistentVolumeClaimPicker } from './components/formFields/PersistentVolumeClaimPicker';
import { SecretKeyPicker } from './components/formFields/SecretKeyPicker';
import { ValidatedTextField } from './components/formFields/ValidatedTextField';

/*
 * The suite's template form fields, each defined once: the new frontend system's form
 * fields below (loaded when a form needs them) and the legacy system's field extensions
 * (plugin.ts) are made of the same definitions.
 */

export const FORM_FIELDS = {
  modelDownloadModels: {
    name: FORM_FIELD_NAMES.modelDownloadModels,
    component: ModelDownloadModelsField,
    validation: validateModelDownloadModels,
  },
  cluster: {
    name: FORM_FIELD_NAMES.cluster,
    component: ClusterPicker,
    validation: validateCluster,
  },
  namespace: {
    name: FORM_FIELD_NAMES.namespace,
    component: NamespacePicker,
    validation: validateNamespace,
  },
  persistentVolumeClaim: {
    name: FORM_FIELD_NAMES.persistentVolumeClaim,
    component: PersistentVolumeClaimPicker,
    validation: validatePersistentVolumeClaim,
  },
  secretKey: {
    name: FORM_FIELD_NAMES.secretKey,
    component: SecretKeyPicker,
    validation: validateSecretKey,
  },
  nodeGroups: {
    name: FORM_FIELD_NAMES.nodeGroups,
    component: NodeGroupPicker,
    validation: validateNodeGroups,
  },
  validatedText: {
    name: FORM_FIELD_NAMES.validatedText,
    component: ValidatedTextField,
    validation: validateText,
  },
};

export const modelDownloadModelsFormField = createFormField(
  FORM_FIELDS.modelDownloadModels,
);
export const clusterPickerFormField = createFormField(FORM_FIELDS.cluster);
export const namespacePickerFormField = createFormField(FORM_FIELDS.namespace);
export const persistentVolumeClaimPickerFormField = createFormField(
  FORM_FIELDS.persistentVolumeClaim,
);
export const secretKeyPickerFormField = createFormField(FORM_FIELDS.secretKey);
export const nodeGroupPickerFormField = createFormField(FORM_FIELDS.nodeGroups);
export const validatedTextFormField = createFormField(
  FORM_FIELDS.validatedText,
);
