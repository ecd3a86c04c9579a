import { ActionContext } from '@backstage/plugin-scaffolder-node';
import { WaitForResourceOptions, waitForResource } from './waitForResource';
import { assertWaitSucceeded } from './waitVerdict';

type StepContext = Pick<
  ActionContext<any, any>,
  'logger' | 'checkpoint' | 'signal'
>;

/** What a completed wait records: the items and how they ended. */
export type WaitSummary = { completed: string[] };

/**
 * Waits for a resource as a task step: succeeds when every item completed, fails listing
 * the failed items or, on timeout, the pending ones. A completed wait is recorded in a
 * checkpoint, so a retried task does not wait again. In a dry run there is nothing to
 * wait for: it says what it would wait for.
 */
export async function waitStep(
  ctx: StepContext,
  options: Omit<WaitForResourceOptions, 'logger' | 'signal' | 'timeoutMs'> & {
    timeoutSeconds: number;
    dryRun: boolean;
  },
): Promise<WaitSummary | undefined> {
  const { kind, namespace, name, connection, timeoutSeconds } = options;
  const subject = `${kind.kind} ${
    namespace ? `${namespace}/` : ''
  }${name} in cluster '${connection.name}'`;
  if (options.dryRun) {
    ctx.logger.info(
      `Dry run: would wait up to ${timeoutSeconds} s for every ${kind.itemNoun} of ${subject} to complete`,
    );
    return undefined;
  }
  return ctx.checkpoint({
    key: `wait ${subject}`,
    fn: async () => {
      ctx.logger.info(
        `Waiting up to ${timeoutSeconds} s for every ${kind.itemNoun} of ${subject} to complete`,
      );
      const wait = await waitForResource({
        ...options,
        timeoutMs: timeoutSeconds * 1000,
        logger: ctx.logger,
        signal: ctx.signal,
      });
      assertWaitSucceeded(wait, subject, timeoutSeconds);
      const completed = wait.status.items.map(i => i.name);
      ctx.logger.info(
        `Every ${kind.itemNoun} of ${subject} completed: ${completed.join(
          ', ',
        )}`,
      );
      return { completed };
    },
  });
}
