import { ActionContext } from '@backstage/plugin-scaffolder-node';
import {
  ValidationIssue,
  assertValid,
  checkDnsLabel,
  checkDnsSubdomain,
  checkSecretKey,
  modelDeliveryNamespaceWritePermission,
} from '@model-delivery/plugin-model-delivery-common';
import {
  authorizeNamespaceAccess,
  redactError,
} from '@model-delivery/plugin-model-delivery-node';
import { applyStep } from '../apply/applyStep';
import { ApplyResult } from '../apply/serverSideApply';
import { connectToCluster } from '../cluster/clusterConnection';
import {
  ModelDeliveryActionOptions,
  permissionsOf,
} from '../actions/actionOptions';
import { clusterAndWaitIssues } from '../actions/sharedSchema';
import {
  Owner,
  OwnerInput,
  ownerInputIssues,
  resolveOwner,
} from '../ownership/resolveOwner';
import {
  assertNoProblems,
  findProblems,
} from '../preconditions/PreconditionError';
import { namespaceProblem } from '../preconditions/clusterPreconditions';
import { opaqueSecretManifest } from './opaqueSecretManifest';
import { SecretValues, TaskSecretRef, readTaskSecrets } from './taskSecrets';

type SecretContext = Pick<
  ActionContext<any, any>,
  | 'logger'
  | 'checkpoint'
  | 'secrets'
  | 'isDryRun'
  | 'getInitiatorCredentials'
  | 'output'
>;

export interface SecretFromTaskSecretsRequest extends OwnerInput {
  cluster: string;
  namespace: string;
  /** The Kubernetes Secret's name. */
  name: string;
  /** Which task secret fills which key. */
  refs: TaskSecretRef[];
  /** Extra checks of the values (their shape); messages must not quote them. */
  warningsFor?: (values: SecretValues) => string[];
  /**
   * Checks the values before anything is written (a token with its service); throws to
   * refuse the run. Messages must not quote them.
   */
  beforeWrite?: (values: SecretValues) => Promise<void>;
}

/**
 * Creates or updates a Secret from task secrets, the shared core of the token actions:
 * validates names, resolves the owner, refuses unless the initiator may act in the
 * namespace, checks the namespace, then the values (`beforeWrite`), server-side applies
 * only these keys, and outputs what every token action outputs (cluster, namespace, name,
 * outcome, dryRun, changes). No value is ever logged, output or put in an error; a dry run
 * sends the keys without values.
 */
export async function secretFromTaskSecrets(
  ctx: SecretContext,
  options: ModelDeliveryActionOptions,
  request: SecretFromTaskSecretsRequest,
): Promise<ApplyResult & { summary: string; owner: Owner }> {
  const dryRun = ctx.isDryRun === true;
  const { values, issues: secretIssues } = readTaskSecrets(
    ctx.secrets,
    request.refs,
  );
  const issues: ValidationIssue[] = [
    ...clusterAndWaitIssues(request),
    ...checkDnsLabel('namespace', request.namespace, 'namespace'),
    ...checkDnsSubdomain('name', request.name, 'Secret name'),
    ...request.refs.flatMap(ref =>
      ref.keyField ? checkSecretKey(ref.keyField, ref.key) : [],
    ),
    ...secretIssues,
    ...ownerInputIssues(request),
  ];
  assertValid(issues);
  for (const warning of request.warningsFor?.(values) ?? []) {
    ctx.logger.warn(warning);
  }

  try {
    const credentials = await ctx.getInitiatorCredentials();
    const owner = await resolveOwner({
      catalog: options.catalog,
      credentials,
      appBaseUrl: options.config.getString('app.baseUrl'),
      input: request,
    });
    await authorizeNamespaceAccess({
      permissions: permissionsOf(options),
      credentials,
      permission: modelDeliveryNamespaceWritePermission,
      target: {
        cluster: request.cluster,
        namespace: request.namespace,
        entityRef: owner.entityRef,
      },
      doing: `store Secret ${request.namespace}/${request.name}`,
    });
    const connection = await connectToCluster(
      options.clusters,
      request.cluster,
    );
    assertNoProblems(
      `Secret ${request.namespace}/${request.name} in cluster '${request.cluster}'`,
      await findProblems(() => namespaceProblem(connection, request.namespace)),
    );
    await request.beforeWrite?.(values);
    const manifest = opaqueSecretManifest(
      request.namespace,
      request.name,
      values,
      owner,
    );
    const applied = await applyStep(ctx, connection, manifest, {
      dryRun,
      compared: ['data'],
      sensitive: true,
    });
    ctx.output('cluster', request.cluster);
    ctx.output('namespace', request.namespace);
    ctx.output('name', request.name);
    ctx.output('outcome', applied.outcome);
    ctx.output('dryRun', dryRun);
    ctx.output('changes', applied.changes);
    return { ...applied, owner };
  } catch (error) {
    throw redactError(error, Object.values(values));
  }
}
