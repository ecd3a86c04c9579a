import {
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  modelDeliveryRetryPermission,
  modelDeliveryStatusReadPermission,
  modelEntityRef,
} from '@model-delivery/plugin-model-delivery-common';
import { ModelDeliveryClustersService } from '@model-delivery/plugin-model-delivery-node';
import { StatusCache } from '../cache/StatusCache';
import { VisibleEntities } from '../access/visibleEntities';
import { serversOf } from '../places/modelServers';
import { failedItems } from '../fleet/failedItems';
import { authorizeEntity } from '../access/entityAccess';
import { parseRef } from '../access/entityInput';
import { computeEntityStatus } from '../status/entityStatus';
import { retryItem } from '../lifecycle/retry';
import { apiSchema, failedItemSchema, kindSchema } from './schemas';

export interface StatusActionsOptions {
  actionsRegistry: ActionsRegistryService;
  catalog: CatalogService;
  permissions: PermissionsService;
  cache: StatusCache;
  clusters: ModelDeliveryClustersService;
  logger: LoggerService;
}

/** The plugin's actions, by name (their ids are `model-delivery:<name>`). */
export const STATUS_ACTION_NAMES = {
  status: 'get-entity-status',
  failedItems: 'list-failed-items',
  retry: 'retry-failed-item',
  servers: 'list-model-servers',
} as const;

function actorOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    userEntityRef?: string;
    subject?: string;
  };
  return principal.userEntityRef ?? principal.subject ?? 'unknown';
}

/**
 * Registers the status, failed-items and retry actions in the actions registry (served to
 * agents by the MCP actions backend). Each checks exactly what the REST API checks: the
 * entity is read with the caller's credentials (the catalog's read rules apply) and the
 * suite's permissions are authorized for it. Nothing here calls a cluster except retry's
 * one DELETE.
 */
export function registerStatusActions(options: StatusActionsOptions): void {
  const { actionsRegistry, catalog, permissions, cache } = options;
  // No access cache: an agent's calls are few, and each decides anew.
  const visibleEntities = new VisibleEntities({
    catalog,
    permissions,
    ttlMs: 0,
  });

  actionsRegistry.register({
    name: STATUS_ACTION_NAMES.status,
    title: 'Get the model delivery status of an entity',
    description:
      "Returns the model delivery status of a catalog entity's Kubernetes resources (hf-operator ModelDownloads, kro GemmaOnTPUServers, KServe LocalModelCaches) in every configured cluster: each resource with each item (model, node or instance), its state (pending, completed, failed), its finer phase and, for failed or stuck items, the full reason; plus how current each cluster's view is. Needs the model-delivery.status.read permission on the entity.",
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .describe(
              'The entity, e.g. component:default/chat-assistant (kind defaults to component, namespace to default)',
            ),
        }),
      output: apiSchema('EntityStatusResponse'),
    },
    examples: [
      {
        title: 'Status of a component',
        input: { entityRef: 'component:default/chat-assistant' },
      },
    ],
    action: async ({ input, credentials }) => {
      const { entityRef, selector } = await authorizeEntity({
        catalog,
        permissions,
        credentials,
        entityRef: parseRef(input.entityRef, { defaultKind: 'component' }),
        required: [modelDeliveryStatusReadPermission],
        action: 'read the model delivery status of',
      });
      return { output: computeEntityStatus(cache, entityRef, selector) };
    },
  });

  actionsRegistry.register({
    name: STATUS_ACTION_NAMES.failedItems,
    title: 'List failed model deliveries',
    description:
      'Lists every failed item (a model download, a node of a model cache, a Gemma instance) of the Kubernetes resources of the catalog entities you may see, across every configured cluster, with the entity, its owner and the full failure reason. Filter by cluster, kind and owner. Items whose `retryable` is true can be retried with retry-failed-item.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          cluster: z
            .string()
            .optional()
            .describe('Only this cluster (its name in the portal config)'),
          kind: kindSchema(z, cache.kindSummaries()).optional(),
          owner: z
            .string()
            .optional()
            .describe(
              'Only entities owned by this group or user, e.g. group:default/ml-platform (kind defaults to group)',
            ),
        }),
      output: z =>
        z.object({
          items: z.array(failedItemSchema(z)),
          clusters: z
            .array(apiSchema('ClusterStatus')(z))
            .describe(
              'How current each cluster is: an unreachable cluster may hide failures',
            ),
        }),
    },
    examples: [
      { title: 'Every failure you may see', input: {} },
      {
        title: "A team's failed downloads in one cluster",
        input: {
          cluster: 'prod-gke',
          kind: 'ModelDownload',
          owner: 'group:default/ml-platform',
        },
      },
    ],
    action: async ({ input, credentials }) => {
      // The catalog's read rules and the status read permission, per entity.
      const allowed = await visibleEntities.of(credentials);
      const ownerRef = input.owner
        ? parseRef(input.owner, { defaultKind: 'group' })
        : undefined;
      const now = new Date();
      const found = failedItems(
        cache,
        allowed,
        { cluster: input.cluster, kind: input.kind, ownerRef },
        now,
      );
      return {
        output: {
          items: found.map(
            ({ entityRef, ownerRef: owner, resource, item }) => ({
              entityRef,
              ...(owner ? { owner } : {}),
              cluster: resource.cluster,
              kind: resource.kind,
              ...(resource.namespace ? { namespace: resource.namespace } : {}),
              name: resource.name,
              item: item.name,
              itemNoun: resource.itemNoun,
              phase: item.phase,
              detail: item.detail,
              ...(item.reason ? { reason: item.reason } : {}),
              ...(item.jobName ? { jobName: item.jobName } : {}),
              ...(item.jobNamespace ? { jobNamespace: item.jobNamespace } : {}),
              ...(item.finishedAt ? { finishedAt: item.finishedAt } : {}),
              retryable: item.retryable === true,
            }),
          ),
          clusters: cache.clusterStatuses(now),
        },
      };
    },
  });

  actionsRegistry.register({
    name: STATUS_ACTION_NAMES.servers,
    title: 'List model servers',
    description:
      'Lists the model servers (KServe InferenceServices and LLMInferenceServices, kro GemmaOnTPUServers) among the Kubernetes resources of the catalog entities you may see, in every configured cluster: the API each speaks (serverType, e.g. openai-v1), its URL, whether it is ready and why not, the models it serves (with the name to send in requests and where the weights come from) and the entities and owners it belongs to. Filter by model, owner, readiness and cluster. Read-only: the suite never changes a server.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          model: z
            .string()
            .optional()
            .describe(
              'Only servers of this model: its id (google/gemma-2-2b-it), its catalog entity (resource:default/google_gemma-2-2b-it) or the name clients send',
            ),
          owner: z
            .string()
            .optional()
            .describe(
              'Only servers of entities owned by this group or user, e.g. group:default/ml-platform (kind defaults to group)',
            ),
          ready: z
            .boolean()
            .optional()
            .describe(
              'Only ready servers (true) or only those not ready (false)',
            ),
          cluster: z
            .string()
            .optional()
            .describe('Only this cluster (its name in the portal config)'),
        }),
      output: z =>
        z.object({
          servers: z.array(apiSchema('ModelServerSummary')(z)),
          clusters: z
            .array(apiSchema('ClusterStatus')(z))
            .describe(
              'How current each cluster is: an unreachable cluster may hide servers',
            ),
        }),
    },
    examples: [
      { title: 'Every model server you may see', input: {} },
      {
        title: 'Ready servers of a model, to call it',
        input: { model: 'google/gemma-2-2b-it', ready: true },
      },
      {
        title: "A team's servers that are not ready, and why",
        input: { owner: 'group:default/ml-platform', ready: false },
      },
    ],
    action: async ({ input, credentials }) => {
      const now = new Date();
      const ownerRef = input.owner
        ? parseRef(input.owner, { defaultKind: 'group' })
        : undefined;
      const servers = serversOf(cache, await visibleEntities.of(credentials), {
        now,
      })
        .map(s => s.summary)
        .filter(
          s =>
            (!input.model ||
              s.models.some(
                m =>
                  m.modelId === input.model ||
                  m.servedName === input.model ||
                  (m.modelId !== undefined &&
                    modelEntityRef(m.modelId) === input.model),
              )) &&
            (!ownerRef || s.owners.includes(ownerRef)) &&
            (input.ready === undefined || s.ready === input.ready) &&
            (!input.cluster || s.cluster === input.cluster),
        );
      return { output: { servers, clusters: cache.clusterStatuses(now) } };
    },
  });

  actionsRegistry.register({
    name: STATUS_ACTION_NAMES.retry,
    title: 'Retry a failed model delivery',
    description:
      "Retries one failed item of an entity's resource by deleting its failed Job, so that the operator (hf-operator, KServe) recreates it and the download runs again. Only items listed with retryable: true can be retried. Needs the model-delivery.status.read and model-delivery.model.retry permissions on the entity. The delete is conditional on the failed Job's uid: if the operator already replaced it, nothing is deleted and the call fails with a conflict.",
    attributes: { readOnly: false, idempotent: false, destructive: true },
    schema: {
      input: z =>
        z.object({
          entityRef: z.string().describe('The entity the resource belongs to'),
          cluster: z.string(),
          kind: kindSchema(z, cache.kindSummaries()),
          namespace: z
            .string()
            .optional()
            .describe(
              'The resource’s namespace; omit for cluster-scoped kinds',
            ),
          name: z.string().describe('The resource'),
          item: z.string().describe('The failed model, node or instance'),
        }),
      output: z =>
        z.object({
          deletedJob: z
            .string()
            .describe(
              'The failed Job that was deleted; the operator recreates it',
            ),
          namespace: z.string(),
        }),
    },
    action: async ({ input, credentials }) => {
      const entity = await authorizeEntity({
        catalog,
        permissions,
        credentials,
        entityRef: parseRef(input.entityRef, { defaultKind: 'component' }),
        required: [
          modelDeliveryStatusReadPermission,
          modelDeliveryRetryPermission,
        ],
        action: 'retry models of',
      });
      const output = await retryItem({
        cache,
        permissions,
        credentials,
        clusters: options.clusters,
        logger: options.logger,
        entity,
        request: { ...input, entityRef: entity.entityRef },
        actor: actorOf(credentials),
      });
      return { output };
    },
  });
}
