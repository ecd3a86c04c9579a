import { CustomErrorBase } from '@backstage/errors';
import { ResourceStatus } from '@model-delivery/plugin-model-delivery-common';
import { WaitResult, describeItem } from './waitForResource';
import { redactCredentials } from '@model-delivery/plugin-model-delivery-node';

/** Waiting ended with an item failed: the task fails, naming each failed item and why. */
export class WaitFailedError extends CustomErrorBase {
  name = 'WaitFailedError' as const;
}

/** Waiting ran out of time with items still pending: the task fails, honestly. */
export class WaitTimedOutError extends CustomErrorBase {
  name = 'WaitTimedOutError' as const;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function others(status: ResourceStatus, except: 'failed' | 'pending') {
  const parts = (['completed', 'pending', 'failed'] as const)
    .filter(state => state !== except && status.counts[state] > 0)
    .map(state => `${status.counts[state]} ${state}`);
  return parts.length > 0 ? `\nThe others: ${parts.join(', ')}.` : '';
}

/**
 * Turns the end of a wait into the step's verdict: returns on completion, throws
 * {@link WaitFailedError} listing each failed item with its reason, or
 * {@link WaitTimedOutError} listing each item still pending with where it stands. A
 * timeout is never a success.
 */
export function assertWaitSucceeded(
  wait: WaitResult,
  subject: string,
  timeoutSeconds: number,
): void {
  const { status } = wait;
  const noun = status.itemNoun;
  if (wait.result === 'completed') return;
  if (wait.result === 'failed') {
    const failed = status.items.filter(i => i.state === 'failed');
    throw new WaitFailedError(
      `${subject} failed: ${plural(failed.length, noun)} of ${
        status.items.length
      } failed:\n${failed
        .map(i => `- ${describeItem(noun, i)}`)
        .join('\n')}${others(status, 'failed')}`,
    );
  }
  const pending = status.items.filter(i => i.state === 'pending');
  const notes = status.notes.map(n => `\n${redactCredentials(n)}`).join('');
  throw new WaitTimedOutError(
    `Gave up waiting for ${subject} after ${timeoutSeconds} s: ${
      status.items.length === 0
        ? `no ${noun} has reported progress yet`
        : `${plural(pending.length, noun)} of ${
            status.items.length
          } still pending:\n${pending
            .map(i => `- ${describeItem(noun, i)}`)
            .join('\n')}`
    }${others(
      status,
      'pending',
    )}${notes}\nNothing was undone: the resource stays and its operator carries on; follow it on the entity's Model delivery tab, or run the task again with a longer timeoutSeconds.`,
  );
}
