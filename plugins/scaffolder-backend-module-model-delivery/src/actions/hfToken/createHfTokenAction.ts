import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { HuggingFaceHub } from '@model-delivery/plugin-model-delivery-node';
import { assertNoProblems } from '../../preconditions/PreconditionError';
import {
  preflightSettings,
  tokenPreflight,
} from '../../preflight/huggingFacePreflight';
import { secretFromTaskSecrets } from '../../secrets/secretFromTaskSecrets';
import { ModelDeliveryActionOptions } from '../actionOptions';
import * as shared from '../sharedSchema';
import { hfTokenExamples } from './createHfTokenAction.examples';

export const HF_TOKEN_CREATE_ACTION_ID = 'model-delivery:hf-token:create';

const DEFAULTS = { name: 'hf-token', key: 'token', secretName: 'hfToken' };

// Hugging Face user access tokens start with hf_ (older ones with api_).
const TOKEN_SHAPE = /^(hf|api)_[A-Za-z0-9]+$/;

/**
 * `model-delivery:hf-token:create`: the Hugging Face token Secret, from a task secret.
 */
export function createHfTokenAction(options: ModelDeliveryActionOptions) {
  // One per action, made at its first run (the registry lists actions built without
  // options).
  let hub: HuggingFaceHub | undefined;
  return createTemplateAction({
    id: HF_TOKEN_CREATE_ACTION_ID,
    description:
      "Creates or updates the Secret holding a Hugging Face token, from a task secret collected by a `ui:field: Secret` form field (read from the task's secrets, never from inputs). Asks the Hugging Face Hub whether it knows the token first: a refused token is not stored, and the run fails saying so. Server-side apply of that one key, labelled with the owner entity's backstage.io/kubernetes-id. The token is never logged, output or put in an error; a dry run sends no value. Outputs the Secret name and key for a ModelDownload's hfTokenRef.",
    examples: hfTokenExamples,
    supportsDryRun: true,
    schema: {
      input: {
        cluster: shared.clusterInput,
        namespace: shared.describedString(
          'Namespace of the Secret: the one its users run in',
        ),
        name: shared.optionalDescribedString(
          `Secret name. Default ${DEFAULTS.name}`,
        ),
        key: shared.optionalDescribedString(
          `Key holding the token. Default ${DEFAULTS.key}`,
        ),
        secretName: shared.optionalDescribedString(
          `The task secret holding the token: the name of the template's ui:field: Secret form field. Default ${DEFAULTS.secretName}`,
        ),
        ...shared.ownerInputs,
      },
      output: {
        ...shared.appliedOutputs,
        name: shared.describedString('The Secret name'),
        key: shared.describedString('The key holding the token'),
        hfTokenRef: z =>
          z
            .object({ name: z.string(), key: z.string() })
            .describe("For model-delivery:model-download:create's hfTokenRef"),
        changes: z =>
          z
            .array(z.string())
            .describe('Changed fields, never with their values'),
        summary: z => z.string(),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const name = shared.given(input.name) ?? DEFAULTS.name;
      const key = shared.given(input.key) ?? DEFAULTS.key;
      const taskSecret = shared.given(input.secretName) ?? DEFAULTS.secretName;
      const applied = await secretFromTaskSecrets(ctx, options, {
        ...input,
        name,
        refs: [{ key, keyField: 'key', taskSecret, field: 'secretName' }],
        warningsFor: values =>
          TOKEN_SHAPE.test(values[key])
            ? []
            : [
                `The value of task secret '${taskSecret}' does not look like a Hugging Face access token (they start with hf_); stored anyway`,
              ],
        // A token the Hub refuses is never written.
        beforeWrite: async values => {
          const found = await tokenPreflight({
            hub: (hub ??= HuggingFaceHub.fromConfig(options.config)),
            settings: preflightSettings(options.config),
            token: values[key],
            description: `task secret '${taskSecret}'`,
          });
          for (const line of found.info) ctx.logger.info(line);
          for (const warning of found.warnings) ctx.logger.warn(warning);
          assertNoProblems(
            `Secret ${input.namespace}/${name} in cluster '${input.cluster}'`,
            found.problems,
          );
        },
      });
      ctx.output('key', key);
      ctx.output('hfTokenRef', { name, key });
      ctx.output('summary', `${applied.summary} (key ${key})`);
    },
  });
}
