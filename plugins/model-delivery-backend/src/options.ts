import { Config } from '@backstage/config';

/** The plugin's options, read from `modelDelivery.status` (see config.d.ts). */
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

function positive(
  config: Config | undefined,
  key: string,
  scale: number,
  fallback: number,
): number {
  const value = config?.getOptionalNumber(key);
  if (value === undefined) return fallback;
  if (!(value > 0)) {
    throw new Error(
      `modelDelivery.status.${key} must be a positive number, got ${value}`,
    );
  }
  return value * scale;
}

function notNegative(
  config: Config | undefined,
  key: string,
  scale: number,
  fallback: number,
): number {
  const value = config?.getOptionalNumber(key);
  if (value === undefined) return fallback;
  if (!(value >= 0)) {
    throw new Error(
      `modelDelivery.status.${key} must be zero or more, got ${value}`,
    );
  }
  return value * scale;
}

export function readStatusOptions(config: Config): StatusOptions {
  const status = config.getOptionalConfig('modelDelivery.status');
  const d = DEFAULT_STATUS_OPTIONS;
  return {
    signalDebounceMs: positive(
      status,
      'signalDebounceMilliseconds',
      1,
      d.signalDebounceMs,
    ),
    signalTrackingMs: positive(
      status,
      'signalTrackingMinutes',
      60_000,
      d.signalTrackingMs,
    ),
    crdRecheckIntervalMs: positive(
      status,
      'crdRecheckIntervalSeconds',
      1000,
      d.crdRecheckIntervalMs,
    ),
    maxReconnectDelayMs: positive(
      status,
      'maxReconnectDelaySeconds',
      1000,
      d.maxReconnectDelayMs,
    ),
    requestTimeoutMs: positive(
      status,
      'requestTimeoutSeconds',
      1000,
      d.requestTimeoutMs,
    ),
    timeSweepIntervalMs: positive(
      status,
      'timeSweepIntervalSeconds',
      1000,
      d.timeSweepIntervalMs,
    ),
    livenessIntervalMs: positive(
      status,
      'livenessIntervalSeconds',
      1000,
      d.livenessIntervalMs,
    ),
    livenessTimeoutMs: positive(
      status,
      'livenessTimeoutSeconds',
      1000,
      d.livenessTimeoutMs,
    ),
    accessCacheMs: notNegative(
      status,
      'accessCacheSeconds',
      1000,
      d.accessCacheMs,
    ),
  };
}
