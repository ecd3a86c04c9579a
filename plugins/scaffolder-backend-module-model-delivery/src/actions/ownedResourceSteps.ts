import { ActionContext } from '@backstage/plugin-scaffolder-node';
import {
  ResourceKindDefinition,
  ValidationIssue,
  assertValid,
  modelDeliveryNamespaceWritePermission,
} from '@model-delivery/plugin-model-delivery-common';
import { authorizeNamespaceAccess } from '@model-delivery/plugin-model-delivery-node';
import { applyStep } from '../apply/applyStep';
import {
  ApplyResult,
  Manifest,
  describeObject,
} from '../apply/serverSideApply';
import {
  ClusterConnection,
  connectToCluster,
} from '../cluster/clusterConnection';
import {
  Owner,
  OwnerInput,
  ownerInputIssues,
  ownerVisibilityWarnings,
  resolveOwner,
} from '../ownership/resolveOwner';
import { waitStep } from '../wait/waitStep';
import {
  DEFAULT_POLL_INTERVAL_MS,
  ModelDeliveryActionOptions,
  permissionsOf,
} from './actionOptions';
import { DEFAULT_TIMEOUT_SECONDS, clusterAndWaitIssues } from './sharedSchema';

/*
 * The steps every action that applies a resource for an owner entity takes, around what is
 * its own (the kind's validation, manifest, preconditions and summary): validate, resolve
 * the owner, build the labelled manifest, decide whether the initiator may act in its
 * namespace, connect; later apply, output, and wait if asked.
 */

type StepContext = Pick<
  ActionContext<any, any>,
  | 'getInitiatorCredentials'
  | 'logger'
  | 'checkpoint'
  | 'signal'
  | 'output'
  | 'isDryRun'
>;

type LabelledManifest = Manifest & {
  metadata?: { labels?: Record<string, string> };
};

/** The inputs every such action has. */
export interface OwnedResourceInput extends OwnerInput {
  cluster: string;
  timeoutSeconds?: number;
  waitForCompletion?: boolean;
}

/** What {@link prepareOwnedResource} hands on to the preconditions and the apply. */
export interface PreparedResource<M> {
  owner: Owner;
  manifest: M;
  /** The kind's warnings, then why the owner's tab may not show the resource. */
  warnings: string[];
  connection: ClusterConnection;
}

/**
 * Refuses invalid input (the cluster and wait inputs, then the kind's `issues`, then the
 * owner inputs: every issue at once), resolves the owner entity, builds the manifest(s)
 * labelled for it, refuses unless the initiator holds model-delivery.namespace.write in
 * their namespace (the cluster scope for a cluster-scoped kind) for that owner, and
 * connects to the cluster. Warnings are returned, not logged: some
 * actions add their preconditions' warnings first.
 */
export async function prepareOwnedResource<
  M extends LabelledManifest | LabelledManifest[],
>(
  ctx: StepContext,
  options: ModelDeliveryActionOptions,
  request: {
    input: OwnedResourceInput;
    issues: ValidationIssue[];
    manifest: (owner: Owner) => M;
    /** The kind's own warnings about valid input. */
    warnings?: () => string[];
  },
): Promise<PreparedResource<M>> {
  const { input } = request;
  assertValid([
    ...clusterAndWaitIssues(input),
    ...request.issues,
    ...ownerInputIssues(input),
  ]);
  const credentials = await ctx.getInitiatorCredentials();
  const owner = await resolveOwner({
    catalog: options.catalog,
    credentials,
    appBaseUrl: options.config.getString('app.baseUrl'),
    input,
  });
  const manifest = request.manifest(owner);
  const labelled: LabelledManifest = Array.isArray(manifest)
    ? manifest[0]
    : (manifest as LabelledManifest);
  // Before the cluster is asked anything: may the initiator act there, for this owner?
  await authorizeNamespaceAccess({
    permissions: permissionsOf(options),
    credentials,
    permission: modelDeliveryNamespaceWritePermission,
    target: {
      cluster: input.cluster,
      namespace: labelled.metadata?.namespace,
      entityRef: owner.entityRef,
    },
    doing: `create ${describeObject(labelled)}`,
  });
  const warnings = [
    ...(request.warnings?.() ?? []),
    ...ownerVisibilityWarnings(owner, {
      labels: labelled.metadata?.labels ?? {},
      namespace: labelled.metadata?.namespace,
    }),
  ];
  const connection = await connectToCluster(options.clusters, input.cluster);
  return { owner, manifest, warnings, connection };
}

/**
 * Server-side applies the resource (comparing its spec), outputs what every such action
 * outputs (cluster, namespace when namespaced, name, outcome, dryRun, changes, entityUrl,
 * warnings) and the action's own `outputs`, then waits for the resource when the input
 * asks to.
 */
export async function applyOwnedResource(
  ctx: StepContext,
  options: ModelDeliveryActionOptions,
  request: PreparedResource<LabelledManifest> & {
    input: OwnedResourceInput;
    kind: ResourceKindDefinition<any>;
    /** Where the related objects are when not in the resource's namespace. */
    relatedNamespace?: string;
    outputs: (
      applied: ApplyResult & { summary: string },
    ) => Record<string, unknown>;
  },
): Promise<void> {
  const { connection, manifest, owner, input } = request;
  const dryRun = ctx.isDryRun === true;
  const applied = await applyStep(ctx, connection, manifest, {
    dryRun,
    compared: ['spec'],
  });
  const namespace = manifest.metadata?.namespace;
  const name = manifest.metadata!.name!;
  const outputs: Record<string, unknown> = {
    cluster: connection.name,
    ...(namespace ? { namespace } : {}),
    name,
    outcome: applied.outcome,
    dryRun,
    changes: applied.changes,
    entityUrl: owner.entityUrl,
    warnings: request.warnings,
    ...request.outputs(applied),
  };
  for (const [key, value] of Object.entries(outputs)) ctx.output(key, value);

  if (input.waitForCompletion) {
    await waitStep(ctx, {
      connection,
      kind: request.kind,
      namespace,
      name,
      relatedNamespace: request.relatedNamespace,
      timeoutSeconds: input.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
      pollIntervalMs: options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
      dryRun,
    });
  }
}
