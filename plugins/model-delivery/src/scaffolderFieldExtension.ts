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
