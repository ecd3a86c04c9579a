import { TemplateAction } from '@backstage/plugin-scaffolder-node';

/*
 * The scaffolder writes a failed step's `error.stack` to the task log, not its message
 * (@backstage/plugin-scaffolder-backend, NunjucksWorkflowRunner: `markFailed` emits
 * `String(err.stack)` after the task logger's `redactError` copied the stack over). A
 * V8 stack is the name, the message, then the frames: a template user who typed a wrong
 * name got a JavaScript stack trace under the message saying what to fix.
 *
 * The errors our actions raise for the user to act on (bad input, a missing precondition,
 * a refusal, a failed or timed-out wait) carry everything in their message, so their
 * stack is reduced to `Name: message`. Any other error (a bug) keeps its frames.
 */
/** The errors a template user (or an agent's plan) acts on: everything is in their message. */
export const USER_FACING_ERRORS = new Set([
  'InputError',
  'InputValidationError',
  'PreconditionError',
  'NotAllowedError',
  'NotFoundError',
  'ConflictError',
  'AuthenticationError',
  'ServiceUnavailableError',
  'WaitFailedError',
  'WaitTimedOutError',
]);

/** The error, with a message-only stack when it is one a template user acts on. */
export function withMessageOnlyStack(error: unknown): unknown {
  if (error instanceof Error && USER_FACING_ERRORS.has(error.name)) {
    error.stack = `${error.name}: ${error.message}`;
  }
  return error;
}

/** The action, whose user-facing failures show in the task log without a stack trace. */
export function withUserFacingErrors<A extends TemplateAction<any, any, any>>(
  action: A,
): A {
  return {
    ...action,
    async handler(ctx) {
      try {
        return await action.handler(ctx);
      } catch (error) {
        throw withMessageOnlyStack(error);
      }
    },
  };
}
