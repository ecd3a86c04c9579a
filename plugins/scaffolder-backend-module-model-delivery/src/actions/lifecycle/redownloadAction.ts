import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ModelDownload,
  modelDeliveryRedownloadPermission,
  modelDownloadKind,
} from '@model-delivery/plugin-model-delivery-common';
import { redownloadModels } from '@model-delivery/plugin-model-delivery-node';
import { NotFoundError } from '@backstage/errors';
import { ModelDeliveryActionOptions } from '../actionOptions';
import * as shared from '../sharedSchema';
import { redownloadExamples } from './redownloadAction.examples';
import {
  assertEntityResourceInput,
  audited,
  authorizeEntityResource,
} from './lifecycleSteps';

function jobOutcome(deleted: boolean, dryRun: boolean): string {
  if (!deleted) return 'was gone already; hf-operator creates it';
  return dryRun ? 'would be deleted' : 'deleted; hf-operator creates it again';
}

export const MODEL_DOWNLOAD_REDOWNLOAD_ACTION_ID =
  'model-delivery:model-download:redownload';

/**
 * `model-delivery:model-download:redownload`: re-downloads models of an entity's
 * ModelDownload behind `model-delivery.model.redownload`; see `redownloadModels` for why
 * it deletes the Jobs rather than toggling forceReload.
 */
export function createRedownloadAction(options: ModelDeliveryActionOptions) {
  return createTemplateAction({
    id: MODEL_DOWNLOAD_REDOWNLOAD_ACTION_ID,
    description: `Re-downloads models of a hf-operator ModelDownload of a catalog entity. ${
      modelDownloadKind.lifecycle!.redownload
    } Requires the model-delivery.model.redownload permission on the entity for the task's initiator, and refuses a resource the entity does not select. Supports dry run; a re-run deletes the Jobs hf-operator created meanwhile again. Recorded with the auditor service (event model-redownload).`,
    examples: redownloadExamples,
    supportsDryRun: true,
    schema: {
      input: {
        cluster: shared.clusterInput,
        namespace: shared.describedString('Namespace of the ModelDownload'),
        name: shared.describedString('Name of the ModelDownload'),
        models: z =>
          z
            .array(z.string())
            .optional()
            .describe(
              'Hugging Face ids of the models to re-download, each in its spec; default every model of its spec',
            ),
        entityRef: shared.describedString(
          'The catalog entity the ModelDownload belongs to, e.g. component:default/chat-assistant',
        ),
      },
      output: {
        cluster: z => z.string(),
        namespace: z => z.string(),
        name: z => z.string(),
        dryRun: z => z.boolean(),
        jobs: z =>
          z
            .array(
              z.object({
                model: z.string(),
                job: z.string(),
                deleted: z.boolean(),
              }),
            )
            .describe(
              'Per model, its Job and whether it was deleted (false: it was gone already; hf-operator creates it anyway)',
            ),
        forceReloadUnset: z =>
          z.boolean().describe('settings.forceReload was set and is now unset'),
        summary: shared.describedString('What happened (Markdown)'),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const models = input.models ?? [];
      assertEntityResourceInput(
        input,
        modelDownloadKind,
        Array.isArray(models) && models.every(m => typeof m === 'string' && m)
          ? []
          : [{ field: 'models', message: 'a list of Hugging Face model ids' }],
      );
      const dryRun = ctx.isDryRun === true;
      const result = await audited(
        options.auditor,
        {
          eventId: 'model-redownload',
          severityLevel: 'medium',
          meta: {
            action: MODEL_DOWNLOAD_REDOWNLOAD_ACTION_ID,
            entityRef: input.entityRef,
            cluster: input.cluster,
            kind: modelDownloadKind.kind,
            namespace: input.namespace,
            name: input.name,
            models,
            dryRun,
          },
        },
        async () => {
          const found = await authorizeEntityResource(ctx, options, {
            input,
            kind: modelDownloadKind,
            permission: modelDeliveryRedownloadPermission,
            verb: 're-download the models of',
          });
          if (!found.object) {
            throw new NotFoundError(`${found.what} does not exist`);
          }
          const resource = found.object as ModelDownload;
          const response = await redownloadModels(
            found.target,
            resource,
            models.length > 0
              ? models
              : (resource.spec?.models ?? []).map(m => m.name),
          );
          return { ...response };
        },
      );
      const summary = [
        `${dryRun ? 'Would re-download' : 'Re-downloading'} in namespace ${
          input.namespace
        }:`,
        ...result.jobs.map(
          j =>
            `- \`${j.model}\`: Job \`${j.job}\` ${jobOutcome(
              j.deleted,
              dryRun,
            )}`,
        ),
        ...(result.forceReloadUnset
          ? ['', 'settings.forceReload was set: it is unset.']
          : []),
      ].join('\n');
      ctx.logger.info(summary);
      ctx.output('cluster', input.cluster);
      ctx.output('namespace', input.namespace);
      ctx.output('name', input.name);
      ctx.output('dryRun', dryRun);
      ctx.output('jobs', result.jobs);
      ctx.output('forceReloadUnset', result.forceReloadUnset);
      ctx.output('summary', summary);
    },
  });
}
