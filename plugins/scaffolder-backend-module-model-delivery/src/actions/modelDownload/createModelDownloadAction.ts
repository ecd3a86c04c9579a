import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ModelDownloadInput,
  crdOf,
  hfOperatorJobName,
  modelDownloadKind,
  modelDownloadManifest,
  modelDownloadWarnings,
  validateModelDownloadInput,
} from '@model-delivery/plugin-model-delivery-common';
import {
  assertNoProblems,
  findProblems,
} from '../../preconditions/PreconditionError';
import {
  crdProblem,
  missingSecretKeys,
  namespaceProblem,
} from '../../preconditions/clusterPreconditions';
import {
  modelDownloadPreflight,
  preflightSettings,
} from '../../preflight/huggingFacePreflight';
import {
  HuggingFaceHub,
  readSecretKey,
} from '@model-delivery/plugin-model-delivery-node';
import { ModelDeliveryActionOptions } from '../actionOptions';
import {
  applyOwnedResource,
  prepareOwnedResource,
} from '../ownedResourceSteps';
import * as shared from '../sharedSchema';
import { modelDownloadExamples } from './createModelDownloadAction.examples';

/** The models a new list adds to, and removes from, an existing one, in list order. */
function modelListChange(before: string[], after: string[]) {
  return {
    added: after.filter(m => !before.includes(m)),
    removed: before.filter(m => !after.includes(m)),
  };
}

export const MODEL_DOWNLOAD_CREATE_ACTION_ID =
  'model-delivery:model-download:create';

/**
 * `model-delivery:model-download:create`: validates, checks the namespace, PVC and token
 * Secret, server-side applies a hf-operator ModelDownload labelled for its owner entity,
 * and optionally waits for its models.
 */
export function createModelDownloadAction(options: ModelDeliveryActionOptions) {
  // One per action, made at its first run (the registry lists actions built without
  // options): its short cache then serves every run.
  let hub: HuggingFaceHub | undefined;
  return createTemplateAction({
    id: MODEL_DOWNLOAD_CREATE_ACTION_ID,
    description:
      "Creates or updates a hf-operator ModelDownload (hfops.kamal.dev/v1alpha1): downloads Hugging Face models into a PVC, one Job per model. Validates every field first, checks that the namespace, the PVC and the token Secret's key exist, asks the Hugging Face Hub whether each model exists and the token may read it (refusing a missing, gated or private model it cannot) and whether they fit the PVC (warning, or refusing by config), applies with server-side apply (re-running converges; the outcome says created, updated or unchanged), labels it with the owner entity's backstage.io/kubernetes-id, supports dry run, and can wait until every model completed (failing with each failed model's reason, or on timeout).",
    examples: modelDownloadExamples,
    supportsDryRun: true,
    schema: {
      input: {
        cluster: shared.clusterInput,
        namespace: shared.describedString(
          'Namespace of the ModelDownload; the PVC and the token Secret must be in it',
        ),
        name: shared.describedString(
          "Name of the ModelDownload; it is part of each model's Job name (hf-dl-<name>-<model>, at most 63 characters)",
        ),
        ...shared.ownerInputs,
        models: z =>
          z
            .array(
              z.object({
                name: z.string().describe('Hugging Face model id, org/name'),
                sha: z
                  .string()
                  .optional()
                  .describe(
                    "Recorded in the spec only, not the revision downloaded: hf-operator downloads the model's default branch whatever it says (it feeds the spec hash, so changing it recreates the model's Job). The action warns when it is set",
                  ),
                retryCount: z
                  .number()
                  .optional()
                  .describe(
                    "Recorded in the spec only: hf-operator runs the download once (its Job's backoffLimit is 0) and never retries (it feeds the spec hash). The action warns when it is set",
                  ),
              }),
            )
            .describe('The models to download, at least one'),
        storagePVC: shared.describedString(
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
              'The token Secret is created by an earlier step of the same task (model-delivery:hf-token:create). In a dry run, where that step created nothing, its absence is then not an error; the Hugging Face preflight then asks the Hub with that new token (task secret hfTokenTaskSecret)',
            ),
        hfTokenTaskSecret: shared.optionalDescribedString(
          "With hfTokenFromEarlierStep: the task secret holding the new token, which the preflight asks the Hub with (default hfToken, as model-delivery:hf-token:create's secretName). Otherwise the preflight uses the token Secret's key",
        ),
        nodePool: shared.optionalDescribedString(
          'Karpenter node pool: pods get nodeSelector karpenter.sh/nodepool=<nodePool> (set even when empty)',
        ),
        settings: z =>
          z
            .object({
              timeoutMillis: z
                .number()
                .optional()
                .describe(
                  'Recorded in the spec only: hf-operator enforces no timeout (it feeds the spec hash)',
                ),
              enableHFTransfer: z
                .boolean()
                .optional()
                .describe(
                  'hf-operator v0.1.1 sets HF_HUB_ENABLE_HF_TRANSFER for its download with it; its later git-lfs download ignores it (it feeds the spec hash either way)',
                ),
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
        removeModels: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Confirms removing the models of an existing ModelDownload that `models` no longer lists. Without it, a run that would remove models fails before applying, naming them (a dry run only reports them). hf-operator then stops managing them; their downloaded files stay in the PVC',
            ),
        ...shared.waitInputs,
      },
      output: {
        ...shared.ownedResourceOutputs,
        outcome: z =>
          z
            .enum(['created', 'updated', 'unchanged'])
            .describe('What the apply did, or in a dry run would do'),
        changes: z =>
          z.array(z.string()).describe('The fields an update changed'),
        jobNames: z =>
          z
            .record(z.string())
            .describe('Model → the Job hf-operator creates for it'),
        modelsAdded: z =>
          z
            .array(z.string())
            .describe(
              'Models this run adds to an existing ModelDownload (all of them when it creates one)',
            ),
        modelsRemoved: z =>
          z
            .array(z.string())
            .describe(
              'Models of the existing ModelDownload this run removes from it',
            ),
        summary: shared.describedString(
          'What happened, with the Job names (Markdown)',
        ),
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
      const resource = await prepareOwnedResource(ctx, options, {
        input,
        issues: validateModelDownloadInput(spec),
        manifest: o => modelDownloadManifest(spec, o),
        warnings: () => modelDownloadWarnings(spec),
      });
      const { warnings, connection } = resource;
      for (const warning of warnings) ctx.logger.warn(warning);

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
      // The PVC and the token Secret are read once, for the checks and the preflight.
      if (problems.length === 0) {
        const tokenRef = { namespace: spec.namespace, ...spec.hfTokenRef };
        const [pvc, tokenSecret] = await Promise.all([
          connection.readIfExists(
            {
              action: 'get',
              resource: `PersistentVolumeClaim ${spec.namespace}/${spec.storagePVC}`,
            },
            () =>
              connection.core.readNamespacedPersistentVolumeClaim({
                name: spec.storagePVC,
                namespace: spec.namespace,
              }),
          ),
          readSecretKey(connection.cluster, tokenRef),
        ]);
        if (!pvc) {
          problems.push(
            `PersistentVolumeClaim '${spec.storagePVC}' does not exist in namespace '${spec.namespace}': hf-operator mounts it at /models and downloads into it; create it first or choose an existing claim`,
          );
        }
        const tokenProblem = missingSecretKeys(
          tokenRef,
          tokenSecret,
          [tokenRef.key],
          'hf-operator reads the Hugging Face token from it and starts no download without it; create it (model-delivery:hf-token:create) or point hfTokenRef at an existing Secret and key',
        );
        if (tokenProblem && dryRun && input.hfTokenFromEarlierStep) {
          ctx.logger.info(
            `Dry run: the token Secret ${spec.hfTokenRef.name} does not exist yet; the earlier step creates it in a real run`,
          );
        } else if (tokenProblem) {
          problems.push(tokenProblem);
        }
        // What the Hub says of the models, once the cluster has what they need.
        if (problems.length === 0) {
          const taskSecret = shared.given(input.hfTokenTaskSecret) ?? 'hfToken';
          const found = await modelDownloadPreflight({
            hub: (hub ??= HuggingFaceHub.fromConfig(options.config)),
            settings: preflightSettings(options.config),
            cluster,
            spec,
            tokenSecret,
            capacity:
              pvc?.status?.capacity?.storage ??
              pvc?.spec?.resources?.requests?.storage,
            ...(input.hfTokenFromEarlierStep && {
              taskSecret: {
                name: taskSecret,
                value: ctx.secrets?.[taskSecret],
              },
            }),
          });
          for (const line of found.info) ctx.logger.info(line);
          for (const warning of found.warnings) ctx.logger.warn(warning);
          problems.push(...found.problems);
        }
      }
      assertNoProblems(subject, problems);

      // The change to the model list, shown before it is applied: a removal needs the
      // removeModels confirmation, so a re-run of the template cannot drop a model unseen.
      const existing = await connection.readIfExists(
        { action: 'get', resource: subject },
        () =>
          connection.objects.read({
            apiVersion: modelDownloadKind.resource.apiVersion,
            kind: modelDownloadKind.resource.kind,
            metadata: { name: spec.name, namespace: spec.namespace },
          }),
      );
      const { added, removed } = modelListChange(
        existing
          ? (
              (existing as { spec?: { models?: Array<{ name: string }> } }).spec
                ?.models ?? []
            ).map(m => m.name)
          : [],
        spec.models.map(m => m.name),
      );
      if (removed.length > 0 && !input.removeModels) {
        const change = `this run would remove ${removed
          .map(m => `'${m}'`)
          .join(', ')}${
          added.length > 0
            ? ` and add ${added.map(m => `'${m}'`).join(', ')}`
            : ''
        }`;
        if (!dryRun) {
          throw new InputError(
            `${subject} exists and ${change}. Nothing was applied. To remove them, confirm with removeModels (the template's "Remove the models no longer listed"); hf-operator then stops managing them, and their downloaded files stay in PVC ${spec.storagePVC}`,
          );
        }
        ctx.logger.warn(
          `Dry run: ${change}; a real run applies that only with removeModels set`,
        );
      }

      const jobNames = Object.fromEntries(
        spec.models.map(m => [m.name, hfOperatorJobName(spec.name, m.name)]),
      );
      await applyOwnedResource(ctx, options, {
        ...resource,
        input,
        kind: modelDownloadKind,
        outputs: applied => ({
          jobNames,
          modelsAdded: added,
          modelsRemoved: removed,
          summary: [
            `${applied.summary}.`,
            ...(existing && added.length + removed.length > 0
              ? [
                  '',
                  ...added.map(m => `- model added: \`${m}\``),
                  ...removed.map(
                    m =>
                      `- model removed: \`${m}\` (its downloaded files stay in PVC ${spec.storagePVC})`,
                  ),
                ]
              : []),
            '',
            `hf-operator runs one Job per model in namespace ${spec.namespace}:`,
            ...Object.entries(jobNames).map(
              ([model, job]) => `- \`${model}\` → Job \`${job}\``,
            ),
          ].join('\n'),
        }),
      });
    },
  });
}
