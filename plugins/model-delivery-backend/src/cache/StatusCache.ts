import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ClusterStatus,
  EntityResourceSelector,
  KubeObject,
  ResourceKindDefinition,
  ResourceStatus,
  WatchedType,
  countStates,
  isoTime,
  matchesLabelSelector,
  overallState,
  watchedTypeKey,
} from '@model-delivery/plugin-model-delivery-common';
import { ModelDeliveryCluster } from '@model-delivery/plugin-model-delivery-node';
import { ClusterWatch } from './ClusterWatch';

export interface StatusCacheOptions {
  clusters: ModelDeliveryCluster[];
  kinds: ReadonlyArray<ResourceKindDefinition<any>>;
  logger: LoggerService;
  /** How often a kind whose CRD a cluster lacks is looked for again. */
  absentRecheckMs: number;
  /** Upper bound of the reconnect backoff. */
  maxRetryDelayMs: number;
  /** How long a LIST or the opening of a WATCH may take before the cluster counts as unreachable. */
  requestTimeoutMs: number;
}

/**
 * Every type the kinds need, each once: the kinds' resources and their related types,
 * deduplicated by `watchedTypeKey` (the Job pods all kinds share are one watch).
 */
export function distinctWatchedTypes(
  kinds: ReadonlyArray<ResourceKindDefinition<any>>,
): WatchedType[] {
  const types = new Map<string, WatchedType>();
  for (const kind of kinds) {
    for (const type of [kind.resource, ...kind.related]) {
      const key = watchedTypeKey(type);
      if (!types.has(key)) types.set(key, type);
    }
  }
  return [...types.values()];
}

/**
 * Whether a resource belongs to an entity: its labels match the entity's selector and,
 * for namespaced kinds, it is in the entity's `backstage.io/kubernetes-namespace` when set.
 * Cluster-scoped resources (LocalModelCache) match by label only.
 */
export function belongsToEntity(
  kind: ResourceKindDefinition<any>,
  object: KubeObject,
  selector: EntityResourceSelector,
): boolean {
  if (
    kind.resource.namespaced &&
    selector.namespace &&
    object.metadata?.namespace !== selector.namespace
  ) {
    return false;
  }
  return matchesLabelSelector(selector.parsed, object.metadata?.labels);
}

/** A resource found in the cache, with its derived status. */
export interface CachedResource {
  kind: ResourceKindDefinition<any>;
  object: KubeObject;
  status: ResourceStatus;
}

/**
 * The watch-fed caches of every usable cluster, and the statuses derived from them.
 * Reading never calls an API server: the watches keep the caches current.
 */
export class StatusCache {
  private readonly watches: ClusterWatch[];
  private readonly listeners = new Set<() => void>();

  constructor(private readonly options: StatusCacheOptions) {
    const types = distinctWatchedTypes(options.kinds);
    this.watches = options.clusters.map(
      cluster =>
        new ClusterWatch({
          cluster,
          types,
          kinds: options.kinds,
          logger: options.logger.child({ cluster: cluster.name }),
          absentRecheckMs: options.absentRecheckMs,
          maxRetryDelayMs: options.maxRetryDelayMs,
          timeouts: { answerMs: options.requestTimeoutMs },
          onChange: () => this.emitChange(),
        }),
    );
  }

  /** Starts every watch; does not wait for the first LISTs (clusters report `syncing`). */
  async start(): Promise<void> {
    await Promise.all(this.watches.map(w => w.start()));
  }

  async stop(): Promise<void> {
    await Promise.all(this.watches.map(w => w.stop()));
    this.listeners.clear();
  }

  /** Called after any change of a cached object or of a cluster's state. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emitChange() {
    for (const listener of this.listeners) {
      try {
        listener();
      } catch (error) {
        this.options.logger.error(`A cache change listener failed: ${error}`);
      }
    }
  }

  clusterStatuses(now: Date): ClusterStatus[] {
    return this.watches.map(w => w.status(now));
  }

  /** Every resource of every kind in every cluster that belongs to the entity, derived. */
  resourcesOf(selector: EntityResourceSelector, now: Date): ResourceStatus[] {
    const found: ResourceStatus[] = [];
    for (const watch of this.watches) {
      for (const kind of this.options.kinds) {
        const matching = watch
          .items(kind.resource)
          .filter(object => belongsToEntity(kind, object, selector))
          .sort(byNamespaceAndName);
        for (const object of matching) {
          found.push(this.derive(watch, kind, object, now));
        }
      }
    }
    return found;
  }

  /** One resource of the entity, or undefined when it does not exist or does not belong to it. */
  findResource(
    selector: EntityResourceSelector,
    where: {
      cluster: string;
      kind: string;
      namespace?: string;
      name: string;
    },
    now: Date,
  ): CachedResource | undefined {
    const watch = this.watches.find(w => w.cluster.name === where.cluster);
    const kind = this.options.kinds.find(k => k.kind === where.kind);
    if (!watch || !kind) return undefined;
    const namespace = kind.resource.namespaced ? where.namespace : undefined;
    const object = watch
      .items(kind.resource)
      .find(
        o =>
          o.metadata?.name === where.name &&
          (o.metadata?.namespace ?? undefined) === namespace,
      );
    if (!object || !belongsToEntity(kind, object, selector)) return undefined;
    return { kind, object, status: this.derive(watch, kind, object, now) };
  }

  /** A cached Job among a kind's related types (the one an item names). */
  findRelatedJob(
    cluster: string,
    kind: ResourceKindDefinition<any>,
    namespace: string,
    name: string,
  ): KubeObject | undefined {
    const watch = this.watches.find(w => w.cluster.name === cluster);
    if (!watch) return undefined;
    for (const type of kind.related.filter(t => t.kind === 'Job')) {
      const job = watch
        .items(type)
        .find(
          o => o.metadata?.name === name && o.metadata?.namespace === namespace,
        );
      if (job) return job;
    }
    return undefined;
  }

  private derive(
    watch: ClusterWatch,
    kind: ResourceKindDefinition<any>,
    object: KubeObject,
    now: Date,
  ): ResourceStatus {
    const cluster = watch.cluster.name;
    try {
      return kind.deriveStatus(
        object,
        {
          list: <T extends KubeObject>(type: WatchedType) =>
            watch.items(type) as T[],
        },
        { cluster, now },
      );
    } catch (error) {
      // One malformed object must not take the entity's whole page down.
      this.options.logger.warn(
        `Cannot derive the status of ${kind.kind} ${
          object.metadata?.namespace ?? ''
        }/${object.metadata?.name} in cluster '${cluster}': ${error}`,
      );
      const counts = countStates([]);
      return {
        kind: kind.kind,
        apiVersion: object.apiVersion ?? kind.resource.apiVersion,
        cluster,
        ...(object.metadata?.namespace
          ? { namespace: object.metadata.namespace }
          : {}),
        name: object.metadata?.name ?? '',
        uid: object.metadata?.uid ?? '',
        createdAt: isoTime(object.metadata?.creationTimestamp),
        itemNoun: kind.itemNoun,
        items: [],
        counts,
        state: overallState(counts),
        facts: [],
        notes: [
          `The status of this ${kind.kind} cannot be read: ${
            error instanceof Error ? error.message : String(error)
          }`,
        ],
      };
    }
  }
}

function byNamespaceAndName(a: KubeObject, b: KubeObject): number {
  const key = (o: KubeObject) =>
    `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;
  return key(a).localeCompare(key(b));
}
