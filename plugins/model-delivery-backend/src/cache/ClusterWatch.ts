import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ClusterStatus,
  KubeObject,
  ResourceKindDefinition,
  WatchedType,
  groupResourceName,
  watchedTypeKey,
} from '@model-delivery/plugin-model-delivery-common';
import {
  ModelDeliveryCluster,
  describeKubernetesError,
} from '@model-delivery/plugin-model-delivery-node';
import { WatchOptions } from '../options';
import { ListWatch, ListWatchState, ObjectChange } from './ListWatch';

export interface ClusterWatchOptions extends WatchOptions {
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
    } catch (error) {
      this.setupError = error;
      logger.warn(`Cannot watch cluster '${cluster.name}': ${error}`);
    }
    this.options.onChange();
  }

  async stop(): Promise<void> {
    await Promise.all([...this.watches.values()].map(w => w.stop()));
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
    const unreachable = inPhase('unreachable');
    if (unreachable.length > 0) {
      const lastSyncedAt = oldestSync(unreachable);
      return {
        ...base,
        state: 'unreachable',
        message: `${this.describe(
          unreachable.map(e => e.state.error),
          unreachable.map(e => e.type),
        )}. ${
          lastSyncedAt
            ? `Showing what was known at ${lastSyncedAt}`
            : 'Nothing was read from it yet'
        }; retrying.`,
        ...(lastSyncedAt ? { lastSyncedAt } : {}),
        ...extra,
      };
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
