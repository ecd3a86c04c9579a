import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  DeletedResourceObject,
  RESOURCE_KINDS,
  modelDeliveryDeletePermission,
} from '@model-delivery/plugin-model-delivery-common';
import {
  ModelDeliveryKinds,
  deleteResourceWithJobs,
} from '@model-delivery/plugin-model-delivery-node';
import { ModelDeliveryActionOptions } from '../actionOptions';
import * as shared from '../sharedSchema';
import { deleteResourceExamples } from './deleteResourceAction.examples';
import {
  assertEntityResourceInput,
  audited,
  authorizeEntityResource,
} from './lifecycleSteps';

export const RESOURCE_DELETE_ACTION_ID = 'model-delivery:resource:delete';

/** The suite's own kinds the portal deletes, for the description. */
const DELETABLE_KINDS = RESOURCE_KINDS.filter(k => k.lifecycle);

/**
 * `model-delivery:resource:delete`: deletes one of an entity's resources, and for a
 * ModelDownload its Jobs, behind `model-delivery.resource.delete`; dry run asks the API
 * server to check every delete without doing it; a resource already gone is success.
 */
export function createDeleteResourceAction(
  options: ModelDeliveryActionOptions,
) {
  return createTemplateAction({
    id: RESOURCE_DELETE_ACTION_ID,
    description: `Deletes a ModelDownload, GemmaOnTPUServer, LocalModelCache or LocalModelNamespaceCache (or a kind a backend module added with a lifecycle) of a catalog entity, with what goes with it: ${DELETABLE_KINDS.map(
      k => `${k.kind} - ${k.lifecycle!.deleteTakesWith}`,
    ).join(
      ' ',
    )} Requires the model-delivery.resource.delete permission on the entity for the task's initiator, and refuses a resource the entity does not select. Supports dry run (the API server checks each delete and persists nothing); a resource already gone is reported as absent, so a re-run succeeds. Recorded with the auditor service (event resource-delete).`,
    examples: deleteResourceExamples,
    supportsDryRun: true,
    schema: {
      input: {
        cluster: shared.clusterInput,
        kind: shared.describedString(
          `The kind of the resource to delete: ${DELETABLE_KINDS.map(
            k => k.kind,
          ).join(', ')}, or a kind a backend module added`,
        ),
        namespace: shared.optionalDescribedString(
          'Its namespace (not for the cluster-scoped LocalModelCache)',
        ),
        name: shared.describedString('Its name'),
        entityRef: shared.describedString(
          'The catalog entity the resource belongs to, e.g. component:default/chat-assistant',
        ),
      },
      output: {
        cluster: z => z.string(),
        kind: z => z.string(),
        namespace: z => z.string().optional(),
        name: z => z.string(),
        outcome: z =>
          z
            .enum(['deleted', 'absent'])
            .describe('deleted (in a dry run: would be), or absent already'),
        dryRun: z => z.boolean(),
        deleted: z =>
          z
            .array(
              z.object({
                kind: z.string(),
                namespace: z.string().optional(),
                name: z.string(),
                removedBy: z.enum(['garbage-collector']).optional(),
              }),
            )
            .describe(
              "The resource, then its Jobs: those it controls (removedBy: garbage-collector, the cluster's garbage collector removes them and their pods) and those carrying its labels without an owner reference, which the suite deletes",
            ),
        takesWith: shared.describedString('What its operator deletes with it'),
        summary: shared.describedString('What happened (Markdown)'),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const deletable = (options.kinds ?? new ModelDeliveryKinds())
        .list()
        .filter(k => k.lifecycle);
      const kind = deletable.find(k => k.kind === input.kind);
      const lifecycle = kind?.lifecycle;
      assertEntityResourceInput(
        input,
        kind,
        lifecycle
          ? []
          : [
              {
                field: 'kind',
                message: `one of ${deletable.map(k => k.kind).join(', ')}`,
              },
            ],
      );
      const dryRun = ctx.isDryRun === true;
      const namespace = kind!.resource.namespaced ? input.namespace : undefined;
      const result = await audited(
        options.auditor,
        {
          eventId: 'resource-delete',
          severityLevel: 'high',
          meta: {
            action: RESOURCE_DELETE_ACTION_ID,
            entityRef: input.entityRef,
            cluster: input.cluster,
            kind: input.kind,
            ...(namespace ? { namespace } : {}),
            name: input.name,
            dryRun,
          },
        },
        async () => {
          const found = await authorizeEntityResource(ctx, options, {
            input,
            kind: kind!,
            permission: modelDeliveryDeletePermission,
            verb: 'delete',
          });
          if (!found.object) {
            return { outcome: 'absent', deleted: [], what: found.what };
          }
          const deleted = await deleteResourceWithJobs(
            found.target,
            kind!,
            found.object,
          );
          return { outcome: 'deleted', deleted, what: found.what };
        },
      );
      const summary =
        result.outcome === 'absent'
          ? `${result.what} does not exist: nothing to delete.`
          : [
              `${dryRun ? 'Would delete' : 'Deleted'}:`,
              ...(result.deleted as DeletedResourceObject[]).map(
                o =>
                  `- ${o.kind} \`${o.namespace ? `${o.namespace}/` : ''}${
                    o.name
                  }\`${
                    o.removedBy === 'garbage-collector'
                      ? " (by the cluster's garbage collector, with its pods)"
                      : ''
                  }`,
              ),
              '',
              `With it: ${lifecycle!.deleteTakesWith}`,
            ].join('\n');
      ctx.logger.info(summary);
      ctx.output('cluster', input.cluster);
      ctx.output('kind', input.kind);
      if (namespace) ctx.output('namespace', namespace);
      ctx.output('name', input.name);
      ctx.output('outcome', result.outcome);
      ctx.output('dryRun', dryRun);
      ctx.output('deleted', result.deleted);
      ctx.output('takesWith', lifecycle!.deleteTakesWith);
      ctx.output('summary', summary);
    },
  });
}
