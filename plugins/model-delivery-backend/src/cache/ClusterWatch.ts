import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ClusterStatus,
  KubeObject,
  ResourceKindDefinition,
  WatchedType,
  groupResourceName,
  watchedTypeKey,
} from '@model-delivery/plugin-model-delivery-common';
import { KubeConfig } from '@kubernetes/client-node';
import {
  ModelDeliveryCluster,
  describeKubernetesError,
} from '@model-delivery/plugin-model-delivery-node';
import { WatchOptions } from '../options';
import { ListWatch, ListWatchState, ObjectChange } from './ListWatch';
import { probeApiServer } from './apiRequests';

export interface ClusterWatchOptions extends WatchOptions {
  /** How often the API server is asked whether it answers at all. */
  livenessIntervalMs: number;
  /** How long the API server may take to answer before the cluster counts as unreachable. */
  livenessTimeoutMs: number;
  cluster: ModelDeliveryCluster;
  /** Distinct types to watch (see `distinctWatchedTypes`). */
  types: WatchedType[];
  /** The kinds, to say which of them the cluster does not serve. */
  kinds: ReadonlyArray<ResourceKindDefinition<any>>;
  logger: LoggerService;
  onChange(): void;
  /** The objects of a type that changed, before the `onChange` that follows. */
  onObjects?(type: WatchedType, changes: ObjectChange[]): void;
}

/** Waits, or returns early when the signal aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** How many resource names a cluster message lists before it says "and N more". */
const NAMES_IN_MESSAGE = 4;

/** `modeldownloads.hfops.kamal.dev`, `pods`, `jobs.batch in namespace x`: as RBAC names them. */
function rbacResourceName(type: WatchedType): string {
  return `${groupResourceName(type)}${
    type.namespace ? ` in namespace ${type.namespace}` : ''
  }`;
}

function listNames(names: string[]): string {
  const unique = [...new Set(names)];
  if (unique.length <= NAMES_IN_MESSAGE) return unique.join(', ');
  return `${unique.slice(0, NAMES_IN_MESSAGE).join(', ')} and ${
    unique.length - NAMES_IN_MESSAGE
  } more`;
}

/** Groups failures that have the same cause, so a cluster that refuses everything says so once. */
function failureKey(error: unknown): string {
  const e = error as { statusCode?: unknown; code?: unknown; name?: unknown };
  return String(e?.statusCode ?? e?.code ?? e?.name ?? 'unknown');
}

/**
 * The watches of one cluster: one {@link ListWatch} per distinct watched type, and the
 * cluster's {@link ClusterStatus} derived from their states.
 */
export class ClusterWatch {
  private readonly watches = new Map<string, ListWatch>();
  private setupError?: unknown;
  private started = false;
  private readonly abort = new AbortController();
  private probing?: Promise<void>;
  /** Since when the API server has not answered the liveness probe, and why. */
  private silence?: { since: Date; error: unknown };
  /** The last moment the API server answered the liveness probe. */
  private lastAnswerAt?: Date;

  constructor(private readonly options: ClusterWatchOptions) {}

  get cluster(): ModelDeliveryCluster {
    return this.options.cluster;
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const { cluster, logger } = this.options;
    if (cluster.unusableReason) {
      // Reported by status(); ModelDeliveryClusters already logged it at startup.
      return;
    }
    try {
      const kubeConfig = await cluster.kubeConfig();
      for (const type of this.options.types) {
        const watch = new ListWatch({
          kubeConfig,
          type,
          logger,
          crdRecheckIntervalMs: this.options.crdRecheckIntervalMs,
          maxReconnectDelayMs: this.options.maxReconnectDelayMs,
          requestTimeoutMs: this.options.requestTimeoutMs,
          onChange: this.options.onChange,
          onObjects: changes => this.options.onObjects?.(type, changes),
        });
        this.watches.set(watchedTypeKey(type), watch);
        watch.start();
      }
      this.probing = this.probeForever(kubeConfig);
    } catch (error) {
      this.setupError = error;
      logger.warn(`Cannot watch cluster '${cluster.name}': ${error}`);
    }
    this.options.onChange();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await Promise.all([
      ...[...this.watches.values()].map(w => w.stop()),
      this.probing,
    ]);
  }

  /**
   * Asks the API server every `livenessIntervalMs` whether it answers, and again at once
   * after a failure (each attempt waits at most `livenessTimeoutMs`). Two failures in a
   * row make the cluster unreachable, since the first: one slow answer on a busy server
   * (or a busy backend) is not an outage. A frozen server is so reported within an
   * interval plus two timeouts, and one that resumes as soon as it answers.
   */
  private async probeForever(kubeConfig: KubeConfig): Promise<void> {
    const { livenessIntervalMs, livenessTimeoutMs, logger } = this.options;
    const { signal } = this.abort;
    let firstFailure: { at: Date; error: unknown } | undefined;
    while (!signal.aborted) {
      const startedAt = Date.now();
      try {
        await probeApiServer(kubeConfig, signal, livenessTimeoutMs);
        this.lastAnswerAt = new Date();
        firstFailure = undefined;
        if (this.silence) {
          logger.info(
            `Cluster '${
              this.cluster.name
            }' answers again (silent since ${this.silence.since.toISOString()})`,
          );
          this.silence = undefined;
          this.options.onChange();
        }
      } catch (error) {
        if (signal.aborted) return;
        if (!firstFailure) {
          firstFailure = { at: new Date(startedAt), error };
        } else if (!this.silence) {
          this.silence = { since: firstFailure.at, error };
          logger.warn(
            `Cluster '${this.cluster.name}' does not answer: ${error}`,
          );
          this.options.onChange();
        }
        // A refused connection fails at once: do not spin.
        await pause(Math.max(0, 500 - (Date.now() - startedAt)), signal);
        continue;
      }
      await pause(
        Math.max(0, livenessIntervalMs - (Date.now() - startedAt)),
        signal,
      );
    }
  }

  /** The cached objects of a type; empty when it is not watched or not served. */
  items(type: WatchedType): KubeObject[] {
    return this.watches.get(watchedTypeKey(type))?.items() ?? [];
  }

  /** One cached object of a type by its `namespace/name` key. */
  get(type: WatchedType, key: string): KubeObject | undefined {
    return this.watches.get(watchedTypeKey(type))?.get(key);
  }

  status(now: Date): ClusterStatus {
    const { cluster } = this.options;
    const base = {
      name: cluster.name,
      ...(cluster.title ? { title: cluster.title } : {}),
    };
    if (cluster.unusableReason) {
      return {
        ...base,
        state: 'error',
        message: `Model Delivery cannot use this cluster: ${cluster.unusableReason}`,
      };
    }
    if (this.setupError) {
      return {
        ...base,
        state: 'error',
        message: this.describe([this.setupError], []),
      };
    }
    if (!this.started) {
      return { ...base, state: 'syncing', message: 'not watched yet' };
    }

    const entries = [...this.watches.values()].map(w => ({
      type: w.type,
      state: w.state,
    }));
    const missingKinds = this.options.kinds
      .filter(
        kind =>
          this.watches.get(watchedTypeKey(kind.resource))?.state.phase ===
          'absent',
      )
      .map(kind => kind.kind);
    const extra = missingKinds.length > 0 ? { missingKinds } : {};
    const inPhase = (...phases: ListWatchState['phase'][]) =>
      entries.filter(e => phases.includes(e.state.phase));
    // The oldest moment any part of the cache was known to be current.
    const oldestSync = (list: typeof entries) => {
      const times = list
        .map(e => e.state.lastSyncedAt?.getTime())
        .filter((t): t is number => t !== undefined);
      return times.length > 0
        ? new Date(Math.min(...times)).toISOString()
        : undefined;
    };

    // The moment the API server stopped answering, when it has.
    const silentSince = this.silence
      ? { unreachableSince: this.silence.since.toISOString() }
      : {};
    const failed = inPhase('failed');
    if (failed.length > 0) {
      return {
        ...base,
        state: 'error',
        message: this.describe(
          failed.map(e => e.state.error),
          failed.map(e => e.type),
        ),
        ...extra,
      };
    }
    // What was cached is as of `lastSyncedAt`; the watches go on retrying.
    const unreachableAnswer = (message: string, lastSyncedAt?: string) => ({
      ...base,
      state: 'unreachable' as const,
      message: `${message}. ${
        lastSyncedAt
          ? `Showing what was known at ${lastSyncedAt}`
          : 'Nothing was read from it yet'
      }; retrying.`,
      ...(lastSyncedAt ? { lastSyncedAt } : {}),
      ...silentSince,
      ...extra,
    });
    const unreachable = inPhase('unreachable');
    if (unreachable.length > 0) {
      return unreachableAnswer(
        this.describe(
          unreachable.map(e => e.state.error),
          unreachable.map(e => e.type),
        ),
        oldestSync(unreachable),
      );
    }
    if (this.silence) {
      // The watches look healthy, but their streams can be open and silent: a frozen
      // API server or a partition. What was cached is as of its last answer.
      return unreachableAnswer(
        this.describe([this.silence.error], []),
        this.lastAnswerAt?.toISOString(),
      );
    }
    const syncing = inPhase('listing', 'relisting');
    if (syncing.length > 0) {
      const lastSyncedAt = oldestSync(syncing);
      return {
        ...base,
        state: 'syncing',
        message: `listing ${listNames(
          syncing.map(e => rbacResourceName(e.type)),
        )}`,
        ...(lastSyncedAt ? { lastSyncedAt } : {}),
        ...extra,
      };
    }
    return {
      ...base,
      state: 'ready',
      lastSyncedAt: now.toISOString(),
      ...extra,
    };
  }

  /** One sentence per distinct cause, naming every type it affects. */
  private describe(errors: unknown[], types: WatchedType[]): string {
    const { cluster } = this.options;
    const groups = new Map<string, { error: unknown; names: string[] }>();
    errors.forEach((error, index) => {
      const key = failureKey(error);
      const group = groups.get(key) ?? { error, names: [] };
      if (types[index]) group.names.push(rbacResourceName(types[index]));
      groups.set(key, group);
    });
    return [...groups.values()]
      .map(
        ({ error, names }) =>
          describeKubernetesError(error, {
            action: 'list and watch',
            cluster: cluster.name,
            ...(names.length > 0 ? { resource: listNames(names) } : {}),
            url: cluster.url,
          }).message,
      )
      .join(' ');
  }
}
