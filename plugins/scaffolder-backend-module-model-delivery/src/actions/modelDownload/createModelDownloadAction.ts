import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ModelDownloadInput,
  assertValid,
  crdOf,
  hfOperatorJobName,
  modelDownloadKind,
  modelDownloadManifest,
  modelDownloadWarnings,
  validateModelDownloadInput,
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
  crdProblem,
  namespaceProblem,
  persistentVolumeClaimProblem,
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
  kubernetesIdInput,
  timeoutSecondsInput,
  waitForCompletionInput,
} from '../sharedInputs';
import { modelDownloadExamples } from './createModelDownloadAction.examples';

export const MODEL_DOWNLOAD_CREATE_ACTION_ID =
  'model-delivery:model-download:create';

/**
 * `model-delivery:model-download:create`: validates, checks the namespace, PVC and token
 * Secret, server-side applies a hf-operator ModelDownload labelled for its owner entity,
 * and optionally waits for its models.
 */
export function createModelDownloadAction(options: ModelDeliveryActionOptions) {
  const { clusters, catalog, config } = options;
  return createTemplateAction({
    id: MODEL_DOWNLOAD_CREATE_ACTION_ID,
    description:
      "Creates or updates a hf-operator ModelDownload (hfops.kamal.dev/v1alpha1): downloads Hugging Face models into a PVC, one Job per model. Validates every field first, checks that the namespace, the PVC and the token Secret's key exist, applies with server-side apply (re-running converges; the outcome says created, updated or unchanged), labels it with the owner entity's backstage.io/kubernetes-id, supports dry run, and can wait until every model completed (failing with each failed model's reason, or on timeout).",
    examples: modelDownloadExamples,
    supportsDryRun: true,
    schema: {
      input: {
        cluster: clusterInput,
        namespace: z =>
          z
            .string()
            .describe(
              'Namespace of the ModelDownload; the PVC and the token Secret must be in it',
            ),
        name: z =>
          z
            .string()
            .describe(
              "Name of the ModelDownload; it is part of each model's Job name (hf-dl-<name>-<model>, at most 63 characters)",
            ),
        entityRef: entityRefInput,
        kubernetesId: kubernetesIdInput,
        models: z =>
          z
            .array(
              z.object({
                name: z.string().describe('Hugging Face model id, org/name'),
                sha: z
                  .string()
                  .optional()
                  .describe('Revision (feeds the operator spec hash only)'),
                retryCount: z
                  .number()
                  .optional()
                  .describe('Feeds the operator spec hash only'),
              }),
            )
            .describe('The models to download, at least one'),
        storagePVC: z =>
          z
            .string()
            .describe(
              'An existing PersistentVolumeClaim in the namespace, mounted at /models',
            ),
        hfTokenRef: z =>
          z
            .object({
              name: z.string().describe('Secret name'),
              key: z.string().describe('Key holding the token'),
            })
            .describe(
              'The Secret holding the Hugging Face token (required by hf-operator even for public models)',
            ),
        hfTokenFromEarlierStep: z =>
          z
            .boolean()
            .optional()
            .describe(
              'The token Secret is created by an earlier step of the same task (model-delivery:hf-token:create). In a dry run, where that step created nothing, its absence is then not an error',
            ),
        nodePool: z =>
          z
            .string()
            .optional()
            .describe(
              'Karpenter node pool: pods get nodeSelector karpenter.sh/nodepool=<nodePool> (set even when empty)',
            ),
        settings: z =>
          z
            .object({
              timeoutMillis: z.number().optional().describe('Spec hash only'),
              enableHFTransfer: z
                .boolean()
                .optional()
                .describe('Spec hash only'),
              keepAliveSeconds: z
                .number()
                .optional()
                .describe("The Jobs' ttlSecondsAfterFinished (default 3600)"),
              cpu: z
                .string()
                .optional()
                .describe('CPU request and limit (default "1")'),
              memory: z
                .string()
                .optional()
                .describe('Memory request and limit (default "4Gi")'),
              forceReload: z
                .boolean()
                .optional()
                .describe('Recreates every Job on every reconcile until unset'),
            })
            .optional()
            .describe("hf-operator's settings"),
        waitForCompletion: waitForCompletionInput,
        timeoutSeconds: timeoutSecondsInput,
      },
      output: {
        cluster: z => z.string(),
        namespace: z => z.string(),
        name: z => z.string(),
        outcome: z =>
          z
            .enum(['created', 'updated', 'unchanged'])
            .describe('What the apply did, or in a dry run would do'),
        dryRun: z => z.boolean(),
        changes: z =>
          z.array(z.string()).describe('The fields an update changed'),
        jobNames: z =>
          z
            .record(z.string())
            .describe('Model → the Job hf-operator creates for it'),
        entityUrl: z =>
          z.string().describe("The owner entity's Model delivery tab"),
        warnings: z => z.array(z.string()),
        summary: z =>
          z.string().describe('What happened, with the Job names (Markdown)'),
      },
    },
    async handler(ctx) {
      const dryRun = ctx.isDryRun === true;
      const { input } = ctx;
      const cluster = input.cluster;
      const spec: ModelDownloadInput = {
        name: input.name,
        namespace: input.namespace,
        // Left as given: the manifest leaves out what is empty.
        models: input.models ?? [],
        storagePVC: input.storagePVC,
        hfTokenRef: input.hfTokenRef,
        nodePool: input.nodePool,
        settings: input.settings,
      };
      assertValid([
        ...clusterAndWaitIssues(input),
        ...validateModelDownloadInput(spec),
        ...ownerInputIssues(input),
      ]);

      const owner = await resolveOwner({
        catalog,
        credentials: await ctx.getInitiatorCredentials(),
        appBaseUrl: config.getString('app.baseUrl'),
        input,
      });
      const manifest = modelDownloadManifest(spec, owner);
      const warnings = [
        ...modelDownloadWarnings(spec),
        ...ownerVisibilityWarnings(owner, {
          labels: manifest.metadata?.labels ?? {},
          namespace: spec.namespace,
        }),
      ];
      for (const warning of warnings) ctx.logger.warn(warning);

      const connection = await connectToCluster(clusters, cluster);
      const subject = `ModelDownload ${spec.namespace}/${spec.name} in cluster '${cluster}'`;
      const problems = await findProblems(
        () =>
          crdProblem(
            connection,
            crdOf(modelDownloadKind.resource),
            'hf-operator is not installed there; ask the cluster admin to install it (github.com/skamalj/hf-operator)',
          ),
        () => namespaceProblem(connection, spec.namespace),
      );
      // Inside the namespace only once it exists: otherwise every check says "missing".
      if (problems.length === 0) {
        const [pvcProblem, tokenProblem] = await Promise.all([
          persistentVolumeClaimProblem(
            connection,
            spec.namespace,
            spec.storagePVC,
            'hf-operator mounts it at /models and downloads into it; create it first or choose an existing claim',
          ),
          secretKeysProblem(
            connection,
            spec.namespace,
            spec.hfTokenRef.name,
            [spec.hfTokenRef.key],
            'hf-operator reads the Hugging Face token from it and starts no download without it; create it (model-delivery:hf-token:create) or point hfTokenRef at an existing Secret and key',
          ),
        ]);
        if (pvcProblem) problems.push(pvcProblem);
        if (tokenProblem && dryRun && input.hfTokenFromEarlierStep) {
          ctx.logger.info(
            `Dry run: the token Secret ${spec.hfTokenRef.name} does not exist yet; the earlier step creates it in a real run`,
          );
        } else if (tokenProblem) {
          problems.push(tokenProblem);
        }
      }
      assertNoProblems(subject, problems);

      const applied = await applyStep(ctx, connection, manifest, {
        dryRun,
        compared: ['spec'],
      });

      const jobNames = Object.fromEntries(
        spec.models.map(m => [m.name, hfOperatorJobName(spec.name, m.name)]),
      );
      const summary = [
        `${applied.summary}.`,
        '',
        `hf-operator runs one Job per model in namespace ${spec.namespace}:`,
        ...Object.entries(jobNames).map(
          ([model, job]) => `- \`${model}\` → Job \`${job}\``,
        ),
      ].join('\n');
      ctx.output('cluster', cluster);
      ctx.output('namespace', spec.namespace);
      ctx.output('name', spec.name);
      ctx.output('outcome', applied.outcome);
      ctx.output('dryRun', dryRun);
      ctx.output('changes', applied.changes);
      ctx.output('jobNames', jobNames);
      ctx.output('entityUrl', owner.entityUrl);
      ctx.output('warnings', warnings);
      ctx.output('summary', summary);

      if (input.waitForCompletion) {
        await waitStep(ctx, {
          connection,
          kind: modelDownloadKind,
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
