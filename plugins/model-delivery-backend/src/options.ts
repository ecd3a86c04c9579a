import { Config } from '@backstage/config';
import { HuggingFaceHub } from '@model-delivery/plugin-model-delivery-node';

/*
 * The plugin's options, read once at startup from `modelDelivery` (see config.d.ts): every
 * number in one place, with its unit, its default and whether zero is allowed.
 */

/** The status options, from `modelDelivery.status`. */
export interface StatusOptions {
  /** Wait after a cache change before recomputing tracked entities, so a burst makes one signal. */
  signalDebounceMs: number;
  /** How long after its last status request an entity's changes are still signalled. */
  signalTrackingMs: number;
  /** How often a kind whose CRD a cluster lacks is looked for again. */
  crdRecheckIntervalMs: number;
  /** Upper bound of the backoff between attempts to reach an API server that does not answer. */
  maxReconnectDelayMs: number;
  /** How long a LIST, or the opening of a WATCH, may take before the cluster counts as unreachable. */
  requestTimeoutMs: number;
  /** How often statuses that depend on the time alone are derived again. */
  timeSweepIntervalMs: number;
  /** How often each cluster's API server is asked whether it answers. */
  livenessIntervalMs: number;
  /** How long an API server may take to answer a probe; two unanswered in a row make its cluster unreachable. */
  livenessTimeoutMs: number;
  /** How long a caller's catalog read and permission decisions for an entity are reused (0: never). */
  accessCacheMs: number;
}

/** The options every list+watch reads. */
export type WatchOptions = Pick<
  StatusOptions,
  'crdRecheckIntervalMs' | 'maxReconnectDelayMs' | 'requestTimeoutMs'
>;

export const DEFAULT_STATUS_OPTIONS: StatusOptions = {
  signalDebounceMs: 250,
  signalTrackingMs: 15 * 60_000,
  crdRecheckIntervalMs: 60_000,
  maxReconnectDelayMs: 10_000,
  requestTimeoutMs: 30_000,
  timeSweepIntervalMs: 5_000,
  // Two failed probes in a row: at most 3 + 2 × 4 = 11 s from a freeze to "unreachable".
  livenessIntervalMs: 3_000,
  livenessTimeoutMs: 4_000,
  accessCacheMs: 2_000,
};

/** The template forms' options, from `modelDelivery.formData`. */
export interface FormDataOptions {
  /** How long a picker's list is reused for everyone (0: read every time). */
  cacheMs: number;
  /** How long one read of a cluster may take before it counts as unreachable. */
  timeoutMs: number;
  /** The Hub of `modelDelivery.huggingFace` (the node package's config). */
  hub: HuggingFaceHub;
}

/** The notification options, from `modelDelivery.notifications`. */
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

const MS = { Milliseconds: 1, Seconds: 1000, Minutes: 60_000 };

/**
 * `modelDelivery.<section>.<name><unit>` in milliseconds: the default when not set, and
 * an error naming the key when negative (or zero, unless `zeroAllowed`).
 */
function duration(
  config: Config,
  key: string,
  unit: keyof typeof MS,
  defaultMs: number,
  zeroAllowed = false,
): number {
  const value = config.getOptionalNumber(`modelDelivery.${key}${unit}`);
  if (value === undefined) return defaultMs;
  if (!(zeroAllowed ? value >= 0 : value > 0)) {
    throw new Error(
      `modelDelivery.${key}${unit} must be ${
        zeroAllowed ? 'zero or more' : 'a positive number'
      }, got ${value}`,
    );
  }
  return value * MS[unit];
}

export function readStatusOptions(config: Config): StatusOptions {
  const d = DEFAULT_STATUS_OPTIONS;
  const status = (name: string, unit: keyof typeof MS, defaultMs: number) =>
    duration(config, `status.${name}`, unit, defaultMs);
  return {
    signalDebounceMs: status(
      'signalDebounce',
      'Milliseconds',
      d.signalDebounceMs,
    ),
    signalTrackingMs: status('signalTracking', 'Minutes', d.signalTrackingMs),
    crdRecheckIntervalMs: status(
      'crdRecheckInterval',
      'Seconds',
      d.crdRecheckIntervalMs,
    ),
    maxReconnectDelayMs: status(
      'maxReconnectDelay',
      'Seconds',
      d.maxReconnectDelayMs,
    ),
    requestTimeoutMs: status('requestTimeout', 'Seconds', d.requestTimeoutMs),
    timeSweepIntervalMs: status(
      'timeSweepInterval',
      'Seconds',
      d.timeSweepIntervalMs,
    ),
    livenessIntervalMs: status(
      'livenessInterval',
      'Seconds',
      d.livenessIntervalMs,
    ),
    livenessTimeoutMs: status(
      'livenessTimeout',
      'Seconds',
      d.livenessTimeoutMs,
    ),
    accessCacheMs: duration(
      config,
      'status.accessCache',
      'Seconds',
      d.accessCacheMs,
      true,
    ),
  };
}

export function readFormDataOptions(config: Config): FormDataOptions {
  return {
    cacheMs: duration(config, 'formData.cache', 'Seconds', 10_000, true),
    timeoutMs: duration(config, 'formData.requestTimeout', 'Seconds', 10_000),
    hub: HuggingFaceHub.fromConfig(config),
  };
}

export function readNotificationOptions(config: Config): NotificationOptions {
  const c = config.getOptionalConfig('modelDelivery.notifications');
  return {
    enabled: c?.getOptionalBoolean('enabled') ?? true,
    minIntervalMs: duration(
      config,
      'notifications.minInterval',
      'Minutes',
      10 * 60_000,
      true,
    ),
    onCompletion: c?.getOptionalBoolean('onCompletion') ?? false,
    debounceMs: 1000,
    minEvaluationSpacingMs: 2000,
    periodicEvaluationMs: 60_000,
  };
}
