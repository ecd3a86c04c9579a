import {
  createScaffolderFieldExtension,
  scaffolderPlugin,
} from '@backstage/plugin-scaffolder';
import { ModelDownloadModel } from '@model-delivery/plugin-model-delivery-common';
import {
  ModelDownloadModelsField,
  validateModelDownloadModels,
} from './components/ModelDownloadModelsField';
import { MODEL_DOWNLOAD_MODELS_FIELD_NAME } from './components/ModelDownloadModelsField/fieldName';
import {
  ClusterPicker,
  FORM_FIELD_NAMES,
  ModelDeliveryFormFieldOptions,
  NamespacePicker,
  NodeGroupPicker,
  PersistentVolumeClaimPicker,
  SecretKeyPicker,
  SecretKeyRef,
  ValidatedTextField,
  validateCluster,
  validateNamespace,
  validateNodeGroups,
  validatePersistentVolumeClaim,
  validateSecretKey,
  validateText,
} from './components/formFields';

/**
 * The `ModelDownloadModels` form field for the legacy frontend system's scaffolder:
 * place it inside `<ScaffolderFieldExtensions>`.
 *
 * @public
 */
export const ModelDownloadModelsFieldExtension = scaffolderPlugin.provide(
  createScaffolderFieldExtension<ModelDownloadModel[]>({
    name: MODEL_DOWNLOAD_MODELS_FIELD_NAME,
    component: ModelDownloadModelsField,
    validation: validateModelDownloadModels,
    schema: {
      returnValue: {
        type: 'array',
        items: {
          type: 'object',
          required: ['name'],
          properties: {
            name: { type: 'string' },
            sha: { type: 'string' },
            retryCount: { type: 'integer', minimum: 0 },
          },
        },
      },
    },
  }),
);

/**
 * The `ModelDeliveryClusterPicker` form field (legacy frontend system): the configured
 * clusters, reachable or not, with the suite's kinds each serves. `ui:options.requiredKind`
 * refuses clusters that do not serve that kind.
 *
 * @public
 */
export const ModelDeliveryClusterPickerFieldExtension =
  scaffolderPlugin.provide(
    createScaffolderFieldExtension<string, ModelDeliveryFormFieldOptions>({
      name: FORM_FIELD_NAMES.cluster,
      component: ClusterPicker,
      validation: validateCluster,
    }),
  );

/**
 * The `ModelDeliveryNamespacePicker` form field (legacy frontend system): the namespaces of
 * the cluster chosen earlier in the form.
 *
 * @public
 */
export const ModelDeliveryNamespacePickerFieldExtension =
  scaffolderPlugin.provide(
    createScaffolderFieldExtension<string, ModelDeliveryFormFieldOptions>({
      name: FORM_FIELD_NAMES.namespace,
      component: NamespacePicker,
      validation: validateNamespace,
    }),
  );

/**
 * The `ModelDeliveryPersistentVolumeClaimPicker` form field (legacy frontend system): the
 * PersistentVolumeClaims of the chosen namespace, with capacity, access modes and phase.
 *
 * @public
 */
export const ModelDeliveryPersistentVolumeClaimPickerFieldExtension =
  scaffolderPlugin.provide(
    createScaffolderFieldExtension<string, ModelDeliveryFormFieldOptions>({
      name: FORM_FIELD_NAMES.persistentVolumeClaim,
      component: PersistentVolumeClaimPicker,
      validation: validatePersistentVolumeClaim,
    }),
  );

/**
 * The `ModelDeliverySecretKeyPicker` form field (legacy frontend system): a Secret of the
 * chosen namespace and one of its keys, by name only.
 *
 * @public
 */
export const ModelDeliverySecretKeyPickerFieldExtension =
  scaffolderPlugin.provide(
    createScaffolderFieldExtension<
      SecretKeyRef | string,
      ModelDeliveryFormFieldOptions
    >({
      name: FORM_FIELD_NAMES.secretKey,
      component: SecretKeyPicker,
      validation: validateSecretKey,
    }),
  );

/**
 * The `ModelDeliveryNodeGroupPicker` form field (legacy frontend system): KServe
 * LocalModelNodeGroups of the chosen cluster, several at once, with their storage limits.
 *
 * @public
 */
export const ModelDeliveryNodeGroupPickerFieldExtension =
  scaffolderPlugin.provide(
    createScaffolderFieldExtension<string[], ModelDeliveryFormFieldOptions>({
      name: FORM_FIELD_NAMES.nodeGroups,
      component: NodeGroupPicker,
      validation: validateNodeGroups,
    }),
  );

/**
 * The `ModelDeliveryValidatedText` form field (legacy frontend system): a text input checked
 * on its own step with an action's rules (`ui:options.validateAs` and `input`).
 *
 * @public
 */
export const ModelDeliveryValidatedTextFieldExtension =
  scaffolderPlugin.provide(
    createScaffolderFieldExtension<
      string | number,
      ModelDeliveryFormFieldOptions
    >({
      name: FORM_FIELD_NAMES.validatedText,
      component: ValidatedTextField,
      validation: validateText,
    }),
  );
