import { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import {
  ModelDownloadModel,
  hubRefusesDownload,
  validateModelDownloadInput,
} from '@model-delivery/plugin-model-delivery-common';
import { modelDeliveryApiRef } from '../../api';
import { hubCheckRequest } from './hubCheck';

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
> = async (models, fieldValidation, context) => {
  const issues = validateModelDownloadInput({
    ...context.formData,
    // The field's own value, whatever the template calls the property.
    models,
  });
  let valid = true;
  for (const issue of issues) {
    if (MODEL_FIELD.test(issue.field)) {
      valid = false;
      fieldValidation.addError(`${issue.field}: ${issue.message}`);
    }
  }
  if (valid) await checkOnHub(models, fieldValidation, context);
};

/**
 * Refuses, on this step, a model the download would fail on: missing on the Hub, gated
 * with terms the token's user has not accepted, or private to the token. A Hub that cannot
 * be asked refuses nothing (the action's preflight says so again when it runs).
 */
async function checkOnHub(
  models: ModelDownloadModel[],
  fieldValidation: Parameters<CustomFieldValidator<ModelDownloadModel[]>>[1],
  context: Parameters<CustomFieldValidator<ModelDownloadModel[]>>[2],
) {
  const api = context.apiHolder.get(modelDeliveryApiRef);
  const asked = hubCheckRequest(
    models,
    context.formData as Record<string, unknown>,
    context.uiSchema,
  );
  if (!api || !asked) return;
  let reports;
  try {
    reports = (await api.checkHubModels(asked.request)).models;
  } catch {
    return;
  }
  asked.rows.forEach((at, index) => {
    const report = at === undefined ? undefined : reports[at];
    if (report && hubRefusesDownload(report)) {
      fieldValidation.addError(`models[${index}].name: ${report.message}`);
    }
  });
}
