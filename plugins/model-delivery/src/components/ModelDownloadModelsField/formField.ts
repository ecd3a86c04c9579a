import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { ModelDownloadModelsField } from './ModelDownloadModelsField';
import { validateModelDownloadModels } from './validateModelDownloadModels';
import { MODEL_DOWNLOAD_MODELS_FIELD_NAME } from './fieldName';

/** The field for the new frontend system's scaffolder, loaded when a form needs it. */
export const modelDownloadModelsFormField = createFormField({
  name: MODEL_DOWNLOAD_MODELS_FIELD_NAME,
  component: ModelDownloadModelsField,
  validation: validateModelDownloadModels,
});
