import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ClusterStatus,
  EntityResourceSelector,
  KubeObject,
  ResourceKindDefinition,
  ResourceStatus,
  WatchedType,
  labelsSelector,
  matchesLabelSelector,
  resourceStatus,
  watchedTypeKey,
} from '@model-delivery/plugin-model-delivery-common';
import { ModelDeliveryCluster } from '@model-delivery/plugin-model-delivery-node';
import { WatchOptions } from '../options';
import { ClusterWatch } from './ClusterWatch';

export interface StatusCacheOptions extends WatchOptions {
  clusters: ModelDeliveryCluster[];
  kinds: ReadonlyArray<ResourceKindDefinition<any>>;
  logger: LoggerService;
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
          crdRecheckIntervalMs: options.crdRecheckIntervalMs,
          maxReconnectDelayMs: options.maxReconnectDelayMs,
          requestTimeoutMs: options.requestTimeoutMs,
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
    const resource = {
      name: object.metadata?.name ?? '',
      namespace: object.metadata?.namespace,
    };
    try {
      return kind.deriveStatus(
        object,
        {
          // This resource's objects of the type, as the kind selects them.
          list: <T extends KubeObject>(type: WatchedType) => {
            const all = watch.items(type) as T[];
            const labels = kind.relatedLabels(type, resource);
            if (!labels) return all;
            const selector = labelsSelector(labels);
            return all.filter(o =>
              matchesLabelSelector(selector, o.metadata?.labels),
            );
          },
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
      return resourceStatus(
        {
          ...object,
          apiVersion: object.apiVersion ?? kind.resource.apiVersion,
          kind: kind.kind,
        },
        {
          itemNoun: kind.itemNoun,
          items: [],
          facts: [],
          notes: [
            `The status of this ${kind.kind} cannot be read: ${
              error instanceof Error ? error.message : String(error)
            }`,
          ],
        },
        { cluster, now },
      );
    }
  }
}

function byNamespaceAndName(a: KubeObject, b: KubeObject): number {
  const key = (o: KubeObject) =>
    `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;
  return key(a).localeCompare(key(b));
}
