import { AuditorService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import { ActionContext } from '@backstage/plugin-scaffolder-node';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import {
  KubeObject,
  ResourceKindDefinition,
  ValidationIssue,
  assertValid,
  checkDnsLabel,
  checkDnsSubdomain,
  entitySelectsResource,
  modelDeliveryNamespaceWritePermission,
  modelDeliveryStatusReadPermission,
} from '@model-delivery/plugin-model-delivery-common';
import {
  LifecycleTarget,
  authorizeNamespaceAccess,
  authorizedEntity,
  decideEntityAccess,
} from '@model-delivery/plugin-model-delivery-node';
import {
  ClusterConnection,
  connectToCluster,
} from '../../cluster/clusterConnection';
import { ownerInputIssues } from '../../ownership/resolveOwner';
import { ModelDeliveryActionOptions, permissionsOf } from '../actionOptions';

/*
 * What the delete and re-download actions share: the same checks as the backend's
 * routes, with the task initiator's credentials. The entity must be visible to the
 * initiator, the policy must allow the status read and the operation's permission on it,
 * the resource must be one its selector picks, and the initiator must hold
 * model-delivery.namespace.write in its namespace; every run is an audit event.
 */

type StepContext = Pick<
  ActionContext<any, any>,
  'getInitiatorCredentials' | 'isDryRun' | 'logger'
>;

/** Inputs naming one resource of an entity. */
export interface EntityResourceInput {
  cluster: string;
  namespace?: string;
  name: string;
  entityRef: string;
}

/** The input issues of a resource of `kind` named for an entity. */
export function entityResourceIssues(
  input: Partial<EntityResourceInput>,
  kind: ResourceKindDefinition<any> | undefined,
): ValidationIssue[] {
  return [
    ...(typeof input.cluster === 'string' && input.cluster
      ? []
      : [{ field: 'cluster', message: 'the cluster name is required' }]),
    ...(kind?.resource.namespaced
      ? checkDnsLabel('namespace', input.namespace, 'namespace')
      : []),
    ...checkDnsSubdomain('name', input.name),
    ...ownerInputIssues({ entityRef: input.entityRef }),
  ];
}

/** What {@link authorizeEntityResource} found. */
export interface AuthorizedResource {
  entityRef: string;
  connection: ClusterConnection;
  target: LifecycleTarget;
  /** The live object; undefined when it does not exist (an idempotent re-run). */
  object?: KubeObject;
  what: string;
}

/**
 * The entity as the initiator sees it, the permissions the policy grants on it, the live
 * resource, and whether the entity owns it. A resource of another entity is "not found",
 * as in the backend: its existence is not revealed.
 */
export async function authorizeEntityResource(
  ctx: StepContext,
  options: ModelDeliveryActionOptions,
  request: {
    input: EntityResourceInput;
    kind: ResourceKindDefinition<any>;
    permission: ResourcePermission<'catalog-entity'>;
    /** What is done to the resource, for a namespace refusal: "delete". */
    verb: string;
  },
): Promise<AuthorizedResource> {
  const { input, kind, permission } = request;
  const permissions = permissionsOf(options);
  const credentials = await ctx.getInitiatorCredentials();
  // As the backend's routes decide it, with the initiator's credentials.
  const required = [modelDeliveryStatusReadPermission, permission];
  const { entityRef, selector } = authorizedEntity(
    await decideEntityAccess({
      catalog: options.catalog,
      permissions,
      credentials,
      entityRef: input.entityRef,
      required,
    }),
    {
      entityRef: input.entityRef,
      action: `${
        permission.attributes.action === 'delete' ? 'delete' : 'change'
      } resources of`,
    },
  );
  if (!selector) {
    throw new InputError(
      `The entity '${entityRef}' selects no cluster resources (it has neither backstage.io/kubernetes-id nor backstage.io/kubernetes-label-selector)`,
    );
  }

  const namespace = kind.resource.namespaced ? input.namespace : undefined;
  const what = `${kind.kind} ${namespace ? `${namespace}/` : ''}${
    input.name
  } in cluster '${input.cluster}'`;
  const connection = await connectToCluster(options.clusters, input.cluster);
  const object = await connection.readIfExists(
    { action: 'get', resource: what },
    () =>
      connection.objects.read({
        apiVersion: kind.resource.apiVersion,
        kind: kind.resource.kind,
        metadata: { name: input.name, ...(namespace ? { namespace } : {}) },
      }),
  );
  if (
    object &&
    !entitySelectsResource(selector, {
      namespaced: kind.resource.namespaced,
      metadata: object.metadata as KubeObject['metadata'],
    })
  ) {
    throw new NotFoundError(`${what} is not a resource of ${entityRef}`);
  }
  await authorizeNamespaceAccess({
    permissions,
    credentials,
    permission: modelDeliveryNamespaceWritePermission,
    target: { cluster: input.cluster, namespace, entityRef },
    doing: `${request.verb} ${kind.kind} ${input.name}`,
  });
  const cluster = options.clusters.getCluster(input.cluster);
  return {
    entityRef,
    connection,
    object: object as KubeObject | undefined,
    what,
    target: {
      kubeConfig: await cluster.kubeConfig(),
      cluster: cluster.name,
      url: cluster.url,
      dryRun: ctx.isDryRun === true,
    },
  };
}

/**
 * Runs `act` as one audit event of the scaffolder plugin: initiated, then succeeded (with
 * what `act` returns) or failed. Without an auditor configured, it just runs.
 */
export async function audited<T extends object>(
  auditor: AuditorService | undefined,
  event: {
    eventId: string;
    severityLevel: 'medium' | 'high';
    meta: JsonObject;
  },
  act: () => Promise<T>,
): Promise<T> {
  const audit = await auditor?.createEvent(event);
  try {
    const result = await act();
    await audit?.success({ meta: result as unknown as JsonObject });
    return result;
  } catch (error) {
    await audit?.fail({ error: error as Error });
    throw error;
  }
}

/** The validation first, so bad input fails before any request. */
export function assertEntityResourceInput(
  input: Partial<EntityResourceInput>,
  kind: ResourceKindDefinition<any> | undefined,
  extra: ValidationIssue[] = [],
) {
  assertValid([...entityResourceIssues(input, kind), ...extra]);
}
