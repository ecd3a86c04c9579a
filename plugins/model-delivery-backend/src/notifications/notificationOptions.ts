import { Config } from '@backstage/config';

/** The notification options, read from `modelDelivery.notifications` (see config.d.ts). */
export interface NotificationOptions {
  enabled: boolean;
  /** At most one notification per entity in this time; what happens in between waits. */
  minIntervalMs: number;
  /** Also notify when every item of a resource completed. */
  onCompletion: boolean;
  /** Wait after a cache change before evaluating, so a burst makes one evaluation. */
  debounceMs: number;
  /** Evaluations (each reads the entities from the catalog) are at least this far apart. */
  minEvaluationSpacingMs: number;
  /** Evaluate this often even without a change in a cluster (catalog changes). */
  periodicEvaluationMs: number;
}

export function readNotificationOptions(config: Config): NotificationOptions {
  const c = config.getOptionalConfig('modelDelivery.notifications');
  const minutes = c?.getOptionalNumber('minIntervalMinutes') ?? 10;
  if (!(minutes >= 0)) {
    throw new Error(
      `modelDelivery.notifications.minIntervalMinutes must be zero or more, got ${minutes}`,
    );
  }
  return {
    enabled: c?.getOptionalBoolean('enabled') ?? true,
    minIntervalMs: minutes * 60_000,
    onCompletion: c?.getOptionalBoolean('onCompletion') ?? false,
    debounceMs: 1000,
    minEvaluationSpacingMs: 2000,
    periodicEvaluationMs: 60_000,
  };
}
