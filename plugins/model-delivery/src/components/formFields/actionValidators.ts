import {
  ValidationIssue,
  validateGemmaOnTPUServerInput,
  validateLocalModelCacheInput,
  validateModelDownloadInput,
  validateSecretManagerTokenInput,
} from '@model-delivery/plugin-model-delivery-common';

/**
 * The validators of the suite's scaffolder actions, by the name a template gives in a
 * field's `ui:options.validateAs`: the form checks a value with the very rules the action
 * applies, so a wrong input is flagged on the step where it was typed.
 */
export const ACTION_VALIDATORS: Record<
  string,
  (input: unknown) => ValidationIssue[]
> = {
  ModelDownload: validateModelDownloadInput,
  GemmaOnTPUServer: validateGemmaOnTPUServerInput,
  LocalModelCache: validateLocalModelCacheInput,
  HuggingFaceTokenSecretManager: validateSecretManagerTokenInput,
};

/** Whether an issue's path (`nodeGroups[1]`, `hfTokenRef.key`) is about the input `input`. */
function concerns(issueField: string, input: string): boolean {
  return (
    issueField === input ||
    issueField.startsWith(`${input}.`) ||
    issueField.startsWith(`${input}[`)
  );
}

/**
 * The action's issues about one input, worded as the action words them (`name: ...`). The
 * whole form goes through the validator, as rules may span fields (a model's Job name
 * embeds the resource name); issues about other inputs are left to their own fields.
 */
export function actionIssuesFor(
  validateAs: string | undefined,
  input: string | undefined,
  value: unknown,
  formData: Record<string, unknown> | undefined,
): string[] {
  if (!validateAs || !input) return [];
  const validate = ACTION_VALIDATORS[validateAs];
  if (!validate) {
    return [
      `${input}: ui:options.validateAs '${validateAs}' is not one of ${Object.keys(
        ACTION_VALIDATORS,
      ).join(', ')}`,
    ];
  }
  return validate({ ...formData, [input]: value })
    .filter(issue => concerns(issue.field, input))
    .map(issue => `${issue.field}: ${issue.message}`);
}
