import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  DEFAULT_KAGGLE_SECRET,
  GemmaOnTPUServerInput,
  KAGGLE_SECRET_KEYS,
  assertValid,
  gemmaChildNames,
  gemmaOnTPUServerKind,
  gemmaOnTPUServerManifest,
  validateGemmaOnTPUServerInput,
} from '@model-delivery/plugin-model-delivery-common';
import { applyStep } from '../../apply/applyStep';
import { connectToCluster } from '../../cluster/clusterConnection';
import {
  ownerInputIssues,
  ownerVisibilityWarnings,
  resolveOwner,
} from '../../ownership/resolveOwner';
import {
  assertNoProblems,
  findProblems,
} from '../../preconditions/PreconditionError';
import {
  namespaceProblem,
  secretKeysProblem,
} from '../../preconditions/clusterPreconditions';
import { waitStep } from '../../wait/waitStep';
import {
  DEFAULT_POLL_INTERVAL_MS,
  ModelDeliveryActionOptions,
} from '../actionOptions';
import {
  DEFAULT_TIMEOUT_SECONDS,
  clusterAndWaitIssues,
  clusterInput,
  entityRefInput,
  given,
  kubernetesIdInput,
  timeoutSecondsInput,
  waitForCompletionInput,
} from '../sharedInputs';
import { gemmaApiProblems } from './gemmaPreconditions';
import { gemmaOnTpuExamples } from './createGemmaOnTpuAction.examples';

export const GEMMA_ON_TPU_CREATE_ACTION_ID =
  'model-delivery:gemma-on-tpu:create';

/**
 * `model-delivery:gemma-on-tpu:create`: a kro GemmaOnTPUServer, once the platform's
 * ResourceGraphDefinition is Active and the Kaggle Secret is in place.
 */
export function createGemmaOnTpuAction(options: ModelDeliveryActionOptions) {
  const { clusters, catalog, config } = options;
  return createTemplateAction({
    id: GEMMA_ON_TPU_CREATE_ACTION_ID,
    description:
      "Creates or updates a kro GemmaOnTPUServer (kro.run/v1alpha1): Gemma served on TPU, its weights loaded from Kaggle. Checks that kro's ResourceGraphDefinition gemmaontpuserver.kro.run is Active and its CRD served, and that the Kaggle Secret has the keys username and key; applies with server-side apply, labelled for the owner entity; supports dry run; can wait until kro reports the instance ACTIVE and Ready (failing with kro's or the loader Job's reason, or on timeout).",
    examples: gemmaOnTpuExamples,
    supportsDryRun: true,
    schema: {
      input: {
        cluster: clusterInput,
        namespace: z =>
          z
            .string()
            .describe(
              'Namespace of the instance; it needs a Config Connector Project named namespace-project (see the RGD header)',
            ),
        name: z =>
          z
            .string()
            .describe(
              'Instance name: a DNS label starting with a letter, at most 24 characters (kro names a Google service account <name>-gemma)',
            ),
        replicas: z =>
          z.number().optional().describe('Server replicas. Default 1'),
        kaggleSecret: z =>
          z
            .string()
            .optional()
            .describe(
              `The Secret with the Kaggle credentials (keys username and key) in the namespace. Default ${DEFAULT_KAGGLE_SECRET}`,
            ),
        kaggleSecretFromEarlierStep: z =>
          z
            .boolean()
            .optional()
            .describe(
              'The Kaggle Secret is created by an earlier step of the same task (model-delivery:kaggle-credentials:create). In a dry run, where that step created nothing, its absence is then not an error',
            ),
        entityRef: entityRefInput,
        kubernetesId: kubernetesIdInput,
        waitForCompletion: waitForCompletionInput,
        timeoutSeconds: timeoutSecondsInput,
      },
      output: {
        cluster: z => z.string(),
        namespace: z => z.string(),
        name: z => z.string(),
        outcome: z => z.enum(['created', 'updated', 'unchanged']),
        dryRun: z => z.boolean(),
        changes: z => z.array(z.string()),
        serviceName: z =>
          z.string().describe('The Service kro creates (ports 8000, 9000)'),
        loaderJobName: z =>
          z.string().describe('The Job that loads the weights from Kaggle'),
        entityUrl: z =>
          z.string().describe("The owner entity's Model delivery tab"),
        warnings: z => z.array(z.string()),
        summary: z => z.string(),
      },
    },
    async handler(ctx) {
      const dryRun = ctx.isDryRun === true;
      const { input } = ctx;
      const spec: GemmaOnTPUServerInput = {
        name: input.name,
        namespace: input.namespace,
        ...(input.replicas !== undefined ? { replicas: input.replicas } : {}),
        kaggleSecret: given(input.kaggleSecret) ?? DEFAULT_KAGGLE_SECRET,
      };
      assertValid([
        ...clusterAndWaitIssues(input),
        ...validateGemmaOnTPUServerInput(spec),
        ...ownerInputIssues(input),
      ]);

      const owner = await resolveOwner({
        catalog,
        credentials: await ctx.getInitiatorCredentials(),
        appBaseUrl: config.getString('app.baseUrl'),
        input,
      });
      const manifest = gemmaOnTPUServerManifest(spec, owner);
      const warnings = ownerVisibilityWarnings(owner, {
        labels: manifest.metadata?.labels ?? {},
        namespace: spec.namespace,
      });
      for (const warning of warnings) ctx.logger.warn(warning);

      const connection = await connectToCluster(clusters, input.cluster);
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

      const applied = await applyStep(ctx, connection, manifest, {
        dryRun,
        compared: ['spec'],
      });
      const children = gemmaChildNames(spec.name);
      ctx.output('cluster', connection.name);
      ctx.output('namespace', spec.namespace);
      ctx.output('name', spec.name);
      ctx.output('outcome', applied.outcome);
      ctx.output('dryRun', dryRun);
      ctx.output('changes', applied.changes);
      ctx.output('serviceName', children.service);
      ctx.output('loaderJobName', children.loaderJob);
      ctx.output('entityUrl', owner.entityUrl);
      ctx.output('warnings', warnings);
      ctx.output(
        'summary',
        [
          `${applied.summary}.`,
          '',
          `kro loads the weights with the Job \`${children.loaderJob}\`, then serves them with the Deployment and Service \`${children.service}\` (ports 8000, 9000) in namespace ${spec.namespace}.`,
        ].join('\n'),
      );

      if (input.waitForCompletion) {
        await waitStep(ctx, {
          connection,
          kind: gemmaOnTPUServerKind,
          namespace: spec.namespace,
          name: spec.name,
          timeoutSeconds: input.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
          pollIntervalMs: options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
          dryRun,
        });
      }
    },
  });
}
