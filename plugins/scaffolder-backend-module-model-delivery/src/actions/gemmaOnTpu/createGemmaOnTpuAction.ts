import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  DEFAULT_KAGGLE_SECRET,
  GemmaOnTPUServerInput,
  KAGGLE_SECRET_KEYS,
  gemmaChildNames,
  gemmaOnTPUServerKind,
  gemmaOnTPUServerManifest,
  validateGemmaOnTPUServerInput,
} from '@model-delivery/plugin-model-delivery-common';
import {
  assertNoProblems,
  findProblems,
} from '../../preconditions/PreconditionError';
import {
  namespaceProblem,
  secretKeysProblem,
} from '../../preconditions/clusterPreconditions';
import { ModelDeliveryActionOptions } from '../actionOptions';
import {
  applyOwnedResource,
  prepareOwnedResource,
} from '../ownedResourceSteps';
import * as shared from '../sharedSchema';
import { gemmaApiProblems } from './gemmaPreconditions';
import { gemmaOnTpuExamples } from './createGemmaOnTpuAction.examples';

export const GEMMA_ON_TPU_CREATE_ACTION_ID =
  'model-delivery:gemma-on-tpu:create';

/**
 * `model-delivery:gemma-on-tpu:create`: a kro GemmaOnTPUServer, once the platform's
 * ResourceGraphDefinition is Active and the Kaggle Secret is in place.
 */
export function createGemmaOnTpuAction(options: ModelDeliveryActionOptions) {
  return createTemplateAction({
    id: GEMMA_ON_TPU_CREATE_ACTION_ID,
    description:
      "Creates or updates a kro GemmaOnTPUServer (kro.run/v1alpha1): Gemma served on TPU, its weights loaded from Kaggle. Checks that kro's ResourceGraphDefinition gemmaontpuserver.kro.run is Active and its CRD served, and that the Kaggle Secret has the keys username and key; applies with server-side apply, labelled for the owner entity; supports dry run; can wait until kro reports the instance ACTIVE and Ready (failing with kro's or the loader Job's reason, or on timeout).",
    examples: gemmaOnTpuExamples,
    supportsDryRun: true,
    schema: {
      input: {
        cluster: shared.clusterInput,
        namespace: shared.describedString(
          'Namespace of the instance; it needs a Config Connector Project named namespace-project (see the RGD header)',
        ),
        name: shared.describedString(
          'Instance name: a DNS label starting with a letter, at most 24 characters (kro names a Google service account <name>-gemma)',
        ),
        replicas: z =>
          z.number().optional().describe('Server replicas. Default 1'),
        kaggleSecret: shared.optionalDescribedString(
          `The Secret with the Kaggle credentials (keys username and key) in the namespace. Default ${DEFAULT_KAGGLE_SECRET}`,
        ),
        kaggleSecretFromEarlierStep: z =>
          z
            .boolean()
            .optional()
            .describe(
              'The Kaggle Secret is created by an earlier step of the same task (model-delivery:kaggle-credentials:create). In a dry run, where that step created nothing, its absence is then not an error',
            ),
        ...shared.ownerInputs,
        ...shared.waitInputs,
      },
      output: {
        ...shared.ownedResourceOutputs,
        serviceName: shared.describedString(
          'The Service kro creates (ports 8000, 9000)',
        ),
        loaderJobName: shared.describedString(
          'The Job that loads the weights from Kaggle',
        ),
      },
    },
    async handler(ctx) {
      const dryRun = ctx.isDryRun === true;
      const { input } = ctx;
      const spec: GemmaOnTPUServerInput = {
        name: input.name,
        namespace: input.namespace,
        ...(input.replicas !== undefined ? { replicas: input.replicas } : {}),
        kaggleSecret: shared.given(input.kaggleSecret) ?? DEFAULT_KAGGLE_SECRET,
      };
      const resource = await prepareOwnedResource(ctx, options, {
        input,
        issues: validateGemmaOnTPUServerInput(spec),
        manifest: o => gemmaOnTPUServerManifest(spec, o),
      });
      const { warnings, connection } = resource;
      for (const warning of warnings) ctx.logger.warn(warning);

      const subject = `GemmaOnTPUServer ${spec.namespace}/${spec.name} in cluster '${connection.name}'`;
      const problems = [
        ...(await gemmaApiProblems(connection)),
        ...(await findProblems(() =>
          namespaceProblem(connection, spec.namespace),
        )),
      ];
      if (problems.length === 0) {
        const kaggle = await secretKeysProblem(
          connection,
          spec.namespace,
          spec.kaggleSecret!,
          KAGGLE_SECRET_KEYS,
          "the loader Job reads the Kaggle credentials from it to download Gemma's weights; create it (model-delivery:kaggle-credentials:create) or name an existing Secret in kaggleSecret",
        );
        if (kaggle && dryRun && input.kaggleSecretFromEarlierStep) {
          ctx.logger.info(
            `Dry run: the Kaggle Secret ${spec.kaggleSecret} does not exist yet; the earlier step creates it in a real run`,
          );
        } else if (kaggle) {
          problems.push(kaggle);
        }
      }
      assertNoProblems(subject, problems);

      const children = gemmaChildNames(spec.name);
      await applyOwnedResource(ctx, options, {
        ...resource,
        input,
        kind: gemmaOnTPUServerKind,
        outputs: applied => ({
          serviceName: children.service,
          loaderJobName: children.loaderJob,
          summary: [
            `${applied.summary}.`,
            '',
            `kro loads the weights with the Job \`${children.loaderJob}\`, then serves them with the Deployment and Service \`${children.service}\` (ports 8000, 9000) in namespace ${spec.namespace}.`,
          ].join('\n'),
        }),
      });
    },
  });
}
