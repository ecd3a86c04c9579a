import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  DEFAULT_KAGGLE_SECRET,
  KAGGLE_SECRET_KEYS,
} from '@model-delivery/plugin-model-delivery-common';
import { secretFromTaskSecrets } from '../../secrets/secretFromTaskSecrets';
import { ModelDeliveryActionOptions } from '../actionOptions';
import * as shared from '../sharedSchema';
import { kaggleCredentialsExamples } from './createKaggleCredentialsAction.examples';

export const KAGGLE_CREDENTIALS_CREATE_ACTION_ID =
  'model-delivery:kaggle-credentials:create';

/** The keys the Kaggle CLI in the loader Job reads. */
const [USERNAME_KEY, API_KEY] = KAGGLE_SECRET_KEYS;

const DEFAULTS = {
  name: DEFAULT_KAGGLE_SECRET,
  usernameSecretName: 'kaggleUsername',
  keySecretName: 'kaggleKey',
};

/**
 * `model-delivery:kaggle-credentials:create`: the Kaggle credentials Secret a
 * GemmaOnTPUServer's loader Job reads, from two task secrets.
 */
export function createKaggleCredentialsAction(
  options: ModelDeliveryActionOptions,
) {
  return createTemplateAction({
    id: KAGGLE_CREDENTIALS_CREATE_ACTION_ID,
    description:
      "Creates or updates the Secret with Kaggle credentials (keys username and key) that a GemmaOnTPUServer's loader Job reads, from two task secrets collected by `ui:field: Secret` form fields. Server-side apply, labelled for the owner entity; neither value is ever logged, output or put in an error; a dry run sends no value.",
    examples: kaggleCredentialsExamples,
    supportsDryRun: true,
    schema: {
      input: {
        cluster: shared.clusterInput,
        namespace: shared.describedString('Namespace of the GemmaOnTPUServer'),
        name: shared.optionalDescribedString(
          `Secret name. Default ${DEFAULTS.name}`,
        ),
        usernameSecretName: shared.optionalDescribedString(
          `The task secret holding the Kaggle username (a ui:field: Secret form field's name). Default ${DEFAULTS.usernameSecretName}`,
        ),
        keySecretName: shared.optionalDescribedString(
          `The task secret holding the Kaggle API key. Default ${DEFAULTS.keySecretName}`,
        ),
        ...shared.ownerInputs,
      },
      output: {
        ...shared.appliedOutputs,
        name: shared.describedString(
          "The Secret name, for gemma-on-tpu:create's kaggleSecret",
        ),
        changes: z =>
          z.array(z.string()).describe('Changed keys, never with their values'),
        summary: z => z.string(),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const name = shared.given(input.name) ?? DEFAULTS.name;
      const applied = await secretFromTaskSecrets(ctx, options, {
        ...input,
        name,
        refs: [
          {
            key: USERNAME_KEY,
            taskSecret:
              shared.given(input.usernameSecretName) ??
              DEFAULTS.usernameSecretName,
            field: 'usernameSecretName',
          },
          {
            key: API_KEY,
            taskSecret:
              shared.given(input.keySecretName) ?? DEFAULTS.keySecretName,
            field: 'keySecretName',
          },
        ],
      });
      ctx.output(
        'summary',
        `${applied.summary} (keys ${KAGGLE_SECRET_KEYS.join(', ')})`,
      );
    },
  });
}
