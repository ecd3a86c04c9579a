import { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import {
  ModelDownloadModel,
  validateModelDownloadInput,
} from '@model-delivery/plugin-model-delivery-common';

/** Issues about the model list: `models`, `models[i]`, `models[i].name`... */
const MODEL_FIELD = /^models(\[|$)/;

/**
 * Validates the model list as the scaffolder action will: the whole form goes through
 * the same `validateModelDownloadInput`, because the rules that matter most span fields
 * (a model's Job name embeds the resource name). Issues about the other fields are left
 * to those fields; each model issue is reported with its path, worded as the action
 * would word it.
 */
export const validateModelDownloadModels: CustomFieldValidator<
  ModelDownloadModel[]
> = (models, fieldValidation, context) => {
  const issues = validateModelDownloadInput({
    ...context.formData,
    // The field's own value, whatever the template calls the property.
    models,
  });
  for (const issue of issues) {
    if (MODEL_FIELD.test(issue.field)) {
      fieldValidation.addError(`${issue.field}: ${issue.message}`);
    }
  }
};
