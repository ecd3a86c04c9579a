import { ActionContext } from '@backstage/plugin-scaffolder-node';
import { ClusterConnection } from '../cluster/clusterConnection';
import {
  ApplyResult,
  Manifest,
  ServerSideApplyOptions,
  describeObject,
  serverSideApply,
} from './serverSideApply';

type StepContext = Pick<ActionContext<any, any>, 'logger' | 'checkpoint'>;

/** The sentence the log and the `summary` output use for an apply. */
export function describeApplyResult(
  result: ApplyResult,
  subject: string,
  dryRun: boolean,
): string {
  if (dryRun) {
    switch (result.outcome) {
      case 'created':
        return `Dry run: ${subject} would be created (nothing was persisted)`;
      case 'updated':
        return `Dry run: ${subject} exists and would be updated (${result.changes.length} field(s) would change; nothing was persisted)`;
      default:
        return `Dry run: ${subject} exists and is already as requested; nothing would change`;
    }
  }
  switch (result.outcome) {
    case 'created':
      return `Created ${subject}`;
    case 'updated':
      return `Updated ${subject}: ${result.changes.length} field(s) changed`;
    default:
      return `${subject} is already as requested: nothing changed`;
  }
}

/**
 * Applies one object as a task step: logs what happened and which fields changed, and
 * records the result in a checkpoint, so a retried task reports what its first attempt
 * did instead of applying again. Dry runs record nothing.
 */
export async function applyStep(
  ctx: StepContext,
  connection: ClusterConnection,
  manifest: Manifest,
  options: ServerSideApplyOptions,
): Promise<ApplyResult & { summary: string }> {
  const subject = `${describeObject(manifest)} in cluster '${connection.name}'`;
  const apply = () => serverSideApply(connection, manifest, options);
  const result = options.dryRun
    ? await apply()
    : await ctx.checkpoint({
        key: `apply ${describeObject(manifest)} in ${connection.name}`,
        fn: apply,
      });
  const summary = describeApplyResult(result, subject, options.dryRun);
  ctx.logger.info(summary);
  for (const change of result.changes) {
    ctx.logger.info(`  ${change}`);
  }
  return { ...result, summary };
}
