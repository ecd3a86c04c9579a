import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { JsonObject, JsonValue } from '@backstage/types';
import { InputValidationError } from '@model-delivery/plugin-model-delivery-common';
import { tmpdir } from 'node:os';
import { USER_FACING_ERRORS } from '../actions/userFacingErrors';
import { recordingLogger } from './recordingLogger';

/** What a plan found: what a real run would do, or why it cannot run. */
export type PlanResult = {
  /** True when nothing stands in the way: the input is valid, the cluster ready, the dry run admitted. */
  ok: boolean;
  /** Every problem found: invalid fields, missing prerequisites, API server refusals. */
  problems: string[];
  /** The template action's outputs of the dry run (outcome, changes, manifest, names...). */
  outputs: Record<string, JsonValue>;
  /** What the dry run logged, warnings included. */
  log: string[];
};

/**
 * Plans with a template action by running it exactly as the template editor's dry run
 * does: the action's own validation, owner lookup (with the caller's credentials),
 * precondition checks and server-side dry-run apply (`dryRun=All`: admitted, nothing
 * persisted). Nothing is waited for and nothing is applied.
 */
export async function planWithTemplateAction(
  action: TemplateAction<any, any, any>,
  input: JsonObject,
  credentials: BackstageCredentials,
): Promise<PlanResult> {
  const logger = recordingLogger();
  const outputs: Record<string, JsonValue> = {};
  const ctx = {
    input: { ...input, waitForCompletion: false },
    isDryRun: true,
    logger,
    workspacePath: tmpdir(),
    task: { id: 'model-delivery-plan' },
    output: (name: string, value: JsonValue) => {
      outputs[name] = value;
    },
    // A dry run records no checkpoint; a plan has no task to record it in.
    checkpoint: async ({ fn }: { fn: () => Promise<unknown> }) => fn(),
    createTemporaryDirectory: async () => {
      throw new Error('A plan writes no files');
    },
    getInitiatorCredentials: async () => credentials,
  };
  try {
    await action.handler(ctx as any);
  } catch (error) {
    if (error instanceof InputValidationError) {
      return {
        ok: false,
        problems: error.issues.map(i => `${i.field}: ${i.message}`),
        outputs,
        log: logger.lines,
      };
    }
    if (isError(error) && error.name === 'PreconditionError') {
      const problems = (error as { problems?: string[] }).problems;
      return {
        ok: false,
        problems: problems ?? [error.message],
        outputs,
        log: logger.lines,
      };
    }
    // Errors that describe the request or the cluster are problems; any other is a fault.
    if (isError(error) && USER_FACING_ERRORS.has(error.name)) {
      return {
        ok: false,
        problems: [error.message],
        outputs,
        log: logger.lines,
      };
    }
    throw error;
  }
  return { ok: true, problems: [], outputs, log: logger.lines };
}
