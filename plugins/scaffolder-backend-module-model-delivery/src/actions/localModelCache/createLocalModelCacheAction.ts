import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  DEFAULT_LOCAL_MODEL_JOBS_NAMESPACE,
  LOCAL_MODEL_NODE_GROUPS,
  LocalModelCacheCredentials,
  LocalModelCacheInput,
  checkDnsLabel,
  crdOf,
  formatLabelSelector,
  kserveDownloadJobLabels,
  localModelCacheKind,
  localModelCacheManifest,
  localModelNamespaceCacheKind,
  validateLocalModelCacheInput,
} from '@model-delivery/plugin-model-delivery-common';
import { describeObject } from '../../apply/serverSideApply';
import {
  assertNoProblems,
  findProblems,
} from '../../preconditions/PreconditionError';
import {
  crdProblem,
  namespaceProblem,
} from '../../preconditions/clusterPreconditions';
import { HuggingFaceHub } from '@model-delivery/plugin-model-delivery-node';
import {
  localModelCachePreflight,
  preflightSettings,
} from '../../preflight/huggingFacePreflight';
import { ModelDeliveryActionOptions } from '../actionOptions';
import {
  applyOwnedResource,
  prepareOwnedResource,
} from '../ownedResourceSteps';
import * as shared from '../sharedSchema';
import {
  credentialsProblems,
  nodeGroupProblem,
  sourceModelUriProblem,
} from './localModelCachePreconditions';
import { localModelCacheExamples } from './createLocalModelCacheAction.examples';

export const LOCAL_MODEL_CACHE_CREATE_ACTION_ID =
  'model-delivery:local-model-cache:create';

/**
 * `model-delivery:local-model-cache:create`: a KServe LocalModelCache (cluster scope) or
 * LocalModelNamespaceCache (namespace scope).
 */
export function createLocalModelCacheAction(
  options: ModelDeliveryActionOptions,
) {
  // One per action, made at its first run (the registry lists actions built without
  // options): its short cache then serves every run.
  let hub: HuggingFaceHub | undefined;
  return createTemplateAction({
    id: LOCAL_MODEL_CACHE_CREATE_ACTION_ID,
    description:
      "Creates or updates a KServe LocalModelCache (cluster scope) or LocalModelNamespaceCache (namespace scope, KServe 0.18+): pre-downloads a model onto the nodes of LocalModelNodeGroups. Checks that the node groups exist, that no other cache already holds the model (KServe allows one), that the credentials are where KServe's download Jobs look (its jobs namespace), and for an hf:// model that modelSize holds it as the Hugging Face Hub sizes it (warning, or refusing by config); applies with server-side apply, labelled for the owner entity; supports dry run; can wait until every node has the model (failing with each failing node's reason, or on timeout).",
    examples: localModelCacheExamples,
    supportsDryRun: true,
    schema: {
      input: {
        cluster: shared.clusterInput,
        name: shared.describedString(
          'Cache name (a DNS label: KServe labels its download Jobs model=<name>)',
        ),
        scope: z =>
          z
            .enum(['cluster', 'namespace'])
            .describe(
              'cluster: a LocalModelCache; namespace: a LocalModelNamespaceCache in namespace',
            ),
        namespace: shared.optionalDescribedString(
          'Namespace of a namespace-scoped cache',
        ),
        sourceModelUri: shared.describedString(
          'Where the model comes from: hf://<org>/<model>[:<revision>], s3://, gs://, https://… (immutable)',
        ),
        modelSize: shared.describedString(
          'Size to reserve on each node, a quantity, e.g. 20Gi',
        ),
        nodeGroups: z =>
          z
            .array(z.string())
            .describe('LocalModelNodeGroups whose nodes cache the model'),
        credentials: z =>
          z
            .object({
              method: z.enum([
                'none',
                'serviceAccount',
                'storageKey',
                'storageParameters',
              ]),
              serviceAccountName: z
                .string()
                .optional()
                .describe(
                  'serviceAccount: a service account in the jobs namespace with the token Secret attached',
                ),
              storageKey: z
                .string()
                .optional()
                .describe(
                  'storageKey: a key of the storage-config Secret in the jobs namespace',
                ),
              storageParameters: z
                .record(z.string())
                .optional()
                .describe(
                  'storageParameters: inline parameters (no credentials: they are stored in the spec in plain sight)',
                ),
            })
            .optional()
            .describe(
              "How KServe's download Jobs authenticate. Default none (public models)",
            ),
        jobsNamespace: shared.optionalDescribedString(
          `KServe's jobs namespace, where the download Jobs and their credentials live. Default ${DEFAULT_LOCAL_MODEL_JOBS_NAMESPACE}`,
        ),
        ...shared.ownerInputs,
        ...shared.waitInputs,
      },
      output: {
        ...shared.ownedResourceOutputs,
        kind: z => z.enum(['LocalModelCache', 'LocalModelNamespaceCache']),
        namespace: shared.optionalDescribedString(
          'Set for a namespace-scoped cache',
        ),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const jobsNamespace =
        shared.given(input.jobsNamespace) ?? DEFAULT_LOCAL_MODEL_JOBS_NAMESPACE;
      const spec: LocalModelCacheInput = {
        name: input.name,
        scope: input.scope,
        ...(input.scope === 'namespace' ? { namespace: input.namespace } : {}),
        sourceModelUri: input.sourceModelUri,
        modelSize: input.modelSize,
        nodeGroups: input.nodeGroups,
        ...(input.credentials
          ? { credentials: input.credentials as LocalModelCacheCredentials }
          : {}),
      };
      const kind =
        spec.scope === 'namespace'
          ? localModelNamespaceCacheKind
          : localModelCacheKind;
      const resource = await prepareOwnedResource(ctx, options, {
        input,
        issues: [
          ...validateLocalModelCacheInput(spec),
          ...checkDnsLabel('jobsNamespace', jobsNamespace, 'namespace'),
        ],
        manifest: o => localModelCacheManifest(spec, o),
      });
      const { manifest, warnings, connection } = resource;

      const subject = `${describeObject(manifest)} in cluster '${
        connection.name
      }'`;
      const kserveAdvice = `KServe's local model cache is not installed there (LocalModelCache needs KServe 0.14+, LocalModelNamespaceCache 0.18+); ask the cluster admin to install it`;
      const problems = await findProblems(
        () => crdProblem(connection, crdOf(kind.resource), kserveAdvice),
        () =>
          crdProblem(connection, crdOf(LOCAL_MODEL_NODE_GROUPS), kserveAdvice),
        async () =>
          spec.namespace
            ? namespaceProblem(connection, spec.namespace)
            : undefined,
      );
      if (problems.length === 0) {
        const credentials = await credentialsProblems(
          connection,
          spec,
          jobsNamespace,
        );
        warnings.push(...credentials.warnings);
        problems.push(
          ...(await findProblems(
            () => nodeGroupProblem(connection, spec.nodeGroups),
            () => sourceModelUriProblem(connection, kind, spec),
          )),
          ...credentials.problems,
        );
      }
      for (const warning of warnings) ctx.logger.warn(warning);
      // For an hf:// model: whether modelSize holds it, as the Hub sizes it.
      if (problems.length === 0) {
        const found = await localModelCachePreflight({
          hub: (hub ??= HuggingFaceHub.fromConfig(options.config)),
          settings: preflightSettings(options.config),
          sourceModelUri: spec.sourceModelUri,
          modelSize: spec.modelSize,
        });
        for (const line of found.info) ctx.logger.info(line);
        for (const warning of found.warnings) ctx.logger.warn(warning);
        problems.push(...found.problems);
      }
      assertNoProblems(subject, problems);

      await applyOwnedResource(ctx, options, {
        ...resource,
        input,
        kind,
        relatedNamespace: jobsNamespace,
        outputs: applied => ({
          kind: kind.kind,
          summary: [
            `${applied.summary}.`,
            '',
            `KServe downloads \`${
              spec.sourceModelUri
            }\` onto every node of ${spec.nodeGroups
              .map(g => `\`${g}\``)
              .join(', ')} with Jobs labelled \`${formatLabelSelector(
              kserveDownloadJobLabels(spec.name),
            )}\` in namespace ${jobsNamespace}.`,
          ].join('\n'),
        }),
      });
    },
  });
}
