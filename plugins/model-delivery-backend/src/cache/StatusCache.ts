import { createHash } from 'node:crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ClusterStatus,
  EntityResourceSelector,
  JOB_PODS,
  HeldModel,
  KubeObject,
  ModelInClaim,
  ResourceKindDefinition,
  ResourceStatus,
  StateCounts,
  WatchedType,
  ResourceKindSummary,
  countStates,
  entitySelectsResource,
  kindSummary,
  resourceStatus,
  watchedTypeKey,
} from '@model-delivery/plugin-model-delivery-common';
import { ModelDeliveryCluster } from '@model-delivery/plugin-model-delivery-node';
import { WatchOptions } from '../options';
import { ClusterWatch } from './ClusterWatch';
import { ObjectChange, objectKey } from './ListWatch';
import { ObservedNow } from './derivationClock';

export interface StatusCacheOptions extends WatchOptions {
  clusters: ModelDeliveryCluster[];
  kinds: ReadonlyArray<ResourceKindDefinition<any>>;
  logger: LoggerService;
  /**
   * How often statuses that depend on the time ("operator silent for 60 s") are derived
   * again, so that they change on time even when nothing in the cluster does.
   */
  timeSweepIntervalMs: number;
  /** See `ClusterWatchOptions`. */
  livenessIntervalMs: number;
  livenessTimeoutMs: number;
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
  return entitySelectsResource(selector, {
    namespaced: kind.resource.namespaced,
    metadata: object.metadata,
  });
}

/** A resource found in the cache, with its derived status. */
export interface CachedResource {
  kind: ResourceKindDefinition<any>;
  object: KubeObject;
  status: ResourceStatus;
}

/** An entity selection's resources, assembled from their derived statuses. */
export interface SelectionAnswer {
  resources: ResourceStatus[];
  /** `resources` as JSON, joined from each resource's own JSON (no serialisation per view). */
  resourcesJson: string;
  counts: StateCounts;
  /** A hash of `resourcesJson`: equal hashes, equal resources. */
  hash: string;
}

/**
 * A time-dependent status read at a moment further than this from when it was derived
 * is derived again for that moment.
 */
const TIME_TOLERANCE_MS = 1000;

/** Selections kept assembled; the least recently viewed goes first beyond this. */
const MAX_SELECTIONS = 10_000;

const JOB_PODS_KEY = watchedTypeKey(JOB_PODS);
const POD_JOB_NAME_LABELS = ['job-name', 'batch.kubernetes.io/job-name'];

/** The labels (of a related type) that pick one resource's objects, and the one indexed. */
interface RelatedSelection {
  labels: Record<string, string>;
  /** `label=value` of the label the objects are looked up by. */
  indexed: string;
}

/** One resource in one cluster, with its derived status kept until something it reads changes. */
interface ResourceEntry {
  cluster: ClusterState;
  kindIndex: number;
  kind: ResourceKindDefinition<any>;
  /** `namespace/name`. */
  key: string;
  object: KubeObject;
  /** By related type key: how this resource's objects of that type are picked. */
  related: Map<string, RelatedSelection>;
  status?: ResourceStatus;
  json?: string;
  /** The derivation read the time: derive again as time passes. */
  timeDependent: boolean;
  derivedAt: number;
  derivations: number;
  /** The entity selections it belongs to. */
  selections: Set<Selection>;
  removed: boolean;
  /** The models it holds in PersistentVolumeClaims (see `ClusterState.claimModels`), as JSON. */
  claimModelsJson: string;
  /** The claims (`namespace/claim`) its last derivation read the models of. */
  claimReads: Set<string>;
  /** The ids of the models it holds (its kind's `heldModels`) and serves (its `server`). */
  heldModelIds: string[];
  servedModelIds: string[];
}

/** The resources one entity selector picks, across clusters, and their answer once assembled. */
interface Selection {
  selector: EntityResourceSelector;
  members: Set<ResourceEntry>;
  answer?: SelectionAnswer;
}

/** One cluster's watches and the indexes over their caches. */
interface ClusterState {
  index: number;
  watch: ClusterWatch;
  /** By `Kind|namespace/name`. */
  resources: Map<string, ResourceEntry>;
  /** By `typeKey|label=value`: the resources whose objects of that type carry that label. */
  resourcesByRelated: Map<string, Set<ResourceEntry>>;
  /** By `typeKey|label=value`: the keys of the cached objects of that type carrying it. */
  objectsByLabel: Map<string, Set<string>>;
  /** By `namespace/jobName`: the keys of the cached pods of that Job. */
  podsByJob: Map<string, Set<string>>;
  /**
   * By `namespace/claim`: the models resources hold in that PersistentVolumeClaim (a
   * ModelDownload's copies), for servers loading from `pvc://` (`StatusContext.modelsInClaim`).
   */
  claimModels: Map<string, Map<ResourceEntry, ModelInClaim[]>>;
  /** By `namespace/claim`: the resources whose status read its models, derived again when they change. */
  claimReaders: Map<string, Set<ResourceEntry>>;
}

/** How a watched type relates to the kinds: which resources one of its objects touches. */
interface TypeRole {
  type: WatchedType;
  /** Kinds whose resources this type is. */
  resourceOf: Array<{ kind: ResourceKindDefinition<any>; index: number }>;
  /** Labels whose value picks a resource's objects (see `relatedLabels`). */
  indexedLabels: Set<string>;
  /** Pods of Jobs, found through the Jobs of a resource. */
  jobPods: boolean;
  /** Kinds that read every object of this type: any change touches all their resources. */
  unindexedFor: Set<ResourceKindDefinition<any>>;
}

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V) {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  set.add(value);
}

function removeFrom<K, V>(map: Map<K, Set<V>>, key: K, value: V) {
  const set = map.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) map.delete(key);
}

function hasLabels(
  object: KubeObject | undefined,
  labels: Record<string, string>,
): boolean {
  const own = object?.metadata?.labels ?? {};
  return Object.entries(labels).every(([k, v]) => own[k] === v);
}

/**
 * The label that tells one resource's objects apart: the first whose value follows the
 * resource's name (hf-operator's `parent`, not its `app`), found by asking for two names.
 */
function distinguishingLabel(
  kind: ResourceKindDefinition<any>,
  type: WatchedType,
): string | undefined {
  const a = kind.relatedLabels(type, { name: 'a', namespace: 'a' });
  const b = kind.relatedLabels(type, { name: 'b', namespace: 'b' });
  if (!a || Object.keys(a).length === 0) return undefined;
  const keys = Object.keys(a).sort();
  return keys.find(k => a[k] !== b?.[k]) ?? keys[0];
}

function jobNamesOfPod(pod: KubeObject | undefined): string[] {
  const labels = pod?.metadata?.labels ?? {};
  return [
    ...new Set(
      POD_JOB_NAME_LABELS.map(l => labels[l]).filter((v): v is string => !!v),
    ),
  ];
}

function byNamespaceAndName(a: ResourceEntry, b: ResourceEntry): number {
  return (
    a.cluster.index - b.cluster.index ||
    a.kindIndex - b.kindIndex ||
    a.key.localeCompare(b.key)
  );
}

function byHolder(a: ModelInClaim, b: ModelInClaim): number {
  return (
    a.heldBy.kind.localeCompare(b.heldBy.kind) ||
    a.heldBy.name.localeCompare(b.heldBy.name)
  );
}

function selectionKey(selector: EntityResourceSelector): string {
  return `${selector.namespace ?? ''}|${selector.labelSelector}`;
}

/**
 * The watch-fed caches of every usable cluster, and the statuses derived from them.
 * Reading never calls an API server: the watches keep the caches current.
 *
 * Statuses are derived when something they read changes, not when they are viewed: the
 * related objects are indexed by what picks them for a resource (the kind's
 * `relatedLabels`, and pods by their Job's name), so a watch event finds the resources it
 * touches without a scan, and only those are derived again (batched per tick). Each
 * resource keeps its status and its JSON; each entity selection keeps its assembled
 * answer until one of its resources changes or joins or leaves it.
 */
export class StatusCache {
  private readonly clusters: ClusterState[];
  private readonly roles = new Map<string, TypeRole>();
  private readonly listeners = new Set<() => void>();
  private readonly dirty = new Set<ResourceEntry>();
  private readonly timeDependent = new Set<ResourceEntry>();
  private readonly selections = new Map<string, Selection>();
  /**
   * By model id: a number that changes whenever a resource holding or serving the model
   * changes, appears or goes (what a model entity's page shows changed).
   */
  private readonly modelVersions = new Map<string, number>();
  /** By model id: the same, for the servers serving it only. */
  private readonly servedVersions = new Map<string, number>();
  /** The resources whose status has a `server` part. */
  private readonly servers = new Set<ResourceEntry>();
  private flushScheduled = false;
  private sweepTimer?: ReturnType<typeof setInterval>;
  private derivationTotal = 0;

  constructor(private readonly options: StatusCacheOptions) {
    const types = distinctWatchedTypes(options.kinds);
    for (const type of types) {
      this.roles.set(watchedTypeKey(type), {
        type,
        resourceOf: [],
        indexedLabels: new Set(),
        jobPods: false,
        unindexedFor: new Set(),
      });
    }
    options.kinds.forEach((kind, index) => {
      this.roles.get(watchedTypeKey(kind.resource))!.resourceOf.push({
        kind,
        index,
      });
      for (const type of kind.related) {
        const role = this.roles.get(watchedTypeKey(type))!;
        const label = distinguishingLabel(kind, type);
        if (label) role.indexedLabels.add(label);
        else if (watchedTypeKey(type) === JOB_PODS_KEY) role.jobPods = true;
        else role.unindexedFor.add(kind);
      }
    });
    this.clusters = options.clusters.map((cluster, index) => {
      const state = {
        index,
        resources: new Map(),
        resourcesByRelated: new Map(),
        objectsByLabel: new Map(),
        podsByJob: new Map(),
        claimModels: new Map(),
        claimReaders: new Map(),
      } as unknown as ClusterState;
      state.watch = new ClusterWatch({
        cluster,
        types,
        kinds: options.kinds,
        logger: options.logger.child({ cluster: cluster.name }),
        crdRecheckIntervalMs: options.crdRecheckIntervalMs,
        maxReconnectDelayMs: options.maxReconnectDelayMs,
        requestTimeoutMs: options.requestTimeoutMs,
        livenessIntervalMs: options.livenessIntervalMs,
        livenessTimeoutMs: options.livenessTimeoutMs,
        onChange: () => this.emitChange(),
        onObjects: (type, changes) => this.objectsChanged(state, type, changes),
      });
      return state;
    });
  }

  /** Starts every watch; does not wait for the first LISTs (clusters report `syncing`). */
  async start(): Promise<void> {
    this.sweepTimer ??= setInterval(
      () => this.sweep(),
      this.options.timeSweepIntervalMs,
    );
    this.sweepTimer.unref?.();
    await Promise.all(this.clusters.map(c => c.watch.start()));
  }

  async stop(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    await Promise.all(this.clusters.map(c => c.watch.stop()));
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

  /** The kinds the caches watch, as pages are told of them. */
  kindSummaries(): ResourceKindSummary[] {
    return this.options.kinds.map(kindSummary);
  }

  clusterStatuses(now: Date): ClusterStatus[] {
    return this.clusters.map(c => c.watch.status(now));
  }

  /**
   * How many times each resource's status was derived, by `cluster/Kind/namespace/name`,
   * and in all (including resources since deleted): what a watch event costs.
   */
  derivationCounts(): { total: number; byResource: Record<string, number> } {
    this.flush();
    const byResource: Record<string, number> = {};
    for (const cluster of this.clusters) {
      for (const entry of cluster.resources.values()) {
        byResource[
          `${cluster.watch.cluster.name}/${entry.kind.kind}/${entry.key.replace(
            /^\//,
            '',
          )}`
        ] = entry.derivations;
      }
    }
    return { total: this.derivationTotal, byResource };
  }

  /** Every resource of every kind in every cluster that belongs to the entity, derived. */
  resourcesOf(selector: EntityResourceSelector, now: Date): ResourceStatus[] {
    return this.selectionAnswer(selector, now).resources;
  }

  /** {@link StatusCache.resourcesOf}, each with its kind and cached object. */
  cachedResourcesOf(
    selector: EntityResourceSelector,
    now: Date,
  ): CachedResource[] {
    this.selectionAnswer(selector, now);
    return [...this.selectionOf(selector).members]
      .sort(byNamespaceAndName)
      .map(e => ({ kind: e.kind, object: e.object, status: e.status! }));
  }

  /**
   * The entity selection's resources, kept assembled between changes: the same object
   * is returned until one of them changes.
   */
  selectionAnswer(
    selector: EntityResourceSelector,
    now: Date,
  ): SelectionAnswer {
    this.flush();
    const selection = this.selectionOf(selector);
    this.catchUpWithTime(selection.members, now);
    if (!selection.answer) {
      const members = [...selection.members].sort(byNamespaceAndName);
      const resources = members.map(e => e.status!);
      const resourcesJson = `[${members.map(e => e.json).join(',')}]`;
      selection.answer = {
        resources,
        resourcesJson,
        counts: countStates(resources.flatMap(r => r.items)),
        hash: createHash('sha1').update(resourcesJson).digest('base64url'),
      };
    }
    return selection.answer;
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
    const cluster = this.clusters.find(
      c => c.watch.cluster.name === where.cluster,
    );
    const kind = this.options.kinds.find(k => k.kind === where.kind);
    if (!cluster || !kind) return undefined;
    this.flush();
    const namespace = kind.resource.namespaced ? where.namespace ?? '' : '';
    const entry = cluster.resources.get(
      `${kind.kind}|${namespace}/${where.name}`,
    );
    if (!entry || !belongsToEntity(kind, entry.object, selector)) {
      return undefined;
    }
    this.catchUpWithTime([entry], now);
    return { kind, object: entry.object, status: entry.status! };
  }

  /** A cached Job among a kind's related types (the one an item names). */
  findRelatedJob(
    cluster: string,
    kind: string,
    namespace: string,
    name: string,
  ): KubeObject | undefined {
    const state = this.clusters.find(c => c.watch.cluster.name === cluster);
    const definition = this.options.kinds.find(k => k.kind === kind);
    for (const type of definition?.related ?? []) {
      const job =
        type.kind === 'Job' && state?.watch.get(type, `${namespace}/${name}`);
      if (job) return job;
    }
    return undefined;
  }

  // ---- Indexing: which resources an object change touches ----

  private objectsChanged(
    cluster: ClusterState,
    type: WatchedType,
    changes: ObjectChange[],
  ) {
    const role = this.roles.get(watchedTypeKey(type));
    if (!role) return;
    for (const change of changes) {
      for (const { kind, index } of role.resourceOf) {
        this.resourceChanged(cluster, kind, index, change);
      }
      if (
        role.indexedLabels.size === 0 &&
        !role.jobPods &&
        role.unindexedFor.size === 0
      ) {
        continue;
      }
      // Touched before (what it was picked by) and after (what it is picked by now).
      for (const entry of this.touchedBy(cluster, role, change.previous)) {
        this.markDirty(entry);
      }
      this.reindex(cluster, role, change);
      for (const entry of this.touchedBy(cluster, role, change.current)) {
        this.markDirty(entry);
      }
    }
  }

  private reindex(cluster: ClusterState, role: TypeRole, change: ObjectChange) {
    const typeKey = watchedTypeKey(role.type);
    const each = (
      object: KubeObject | undefined,
      update: (map: Map<string, Set<string>>, key: string, v: string) => void,
    ) => {
      if (!object) return;
      const key = objectKey(object);
      const labels = object.metadata?.labels ?? {};
      for (const label of role.indexedLabels) {
        if (labels[label] !== undefined) {
          update(
            cluster.objectsByLabel,
            `${typeKey}|${label}=${labels[label]}`,
            key,
          );
        }
      }
      if (role.jobPods) {
        for (const job of jobNamesOfPod(object)) {
          update(
            cluster.podsByJob,
            `${object.metadata?.namespace ?? ''}/${job}`,
            key,
          );
        }
      }
    };
    each(change.previous, removeFrom);
    each(change.current, addTo);
  }

  private touchedBy(
    cluster: ClusterState,
    role: TypeRole,
    object: KubeObject | undefined,
  ): Set<ResourceEntry> {
    const touched = new Set<ResourceEntry>();
    if (!object) return touched;
    const typeKey = watchedTypeKey(role.type);
    const labels = object.metadata?.labels ?? {};
    for (const label of role.indexedLabels) {
      if (labels[label] === undefined) continue;
      const candidates = cluster.resourcesByRelated.get(
        `${typeKey}|${label}=${labels[label]}`,
      );
      for (const entry of candidates ?? []) {
        const picked = entry.related.get(typeKey);
        if (picked && hasLabels(object, picked.labels)) touched.add(entry);
      }
    }
    if (role.jobPods) {
      const namespace = object.metadata?.namespace ?? '';
      for (const jobName of jobNamesOfPod(object)) {
        for (const jobRole of this.roles.values()) {
          if (jobRole.type.kind !== 'Job' || jobRole.type === role.type) {
            continue;
          }
          const job = cluster.watch.get(
            jobRole.type,
            `${namespace}/${jobName}`,
          );
          for (const entry of this.touchedBy(cluster, jobRole, job)) {
            touched.add(entry);
          }
        }
      }
    }
    if (role.unindexedFor.size > 0) {
      for (const entry of cluster.resources.values()) {
        if (role.unindexedFor.has(entry.kind)) touched.add(entry);
      }
    }
    return touched;
  }

  private resourceChanged(
    cluster: ClusterState,
    kind: ResourceKindDefinition<any>,
    kindIndex: number,
    change: ObjectChange,
  ) {
    const object = change.current ?? change.previous!;
    const key = objectKey(object);
    const id = `${kind.kind}|${key}`;
    const known = cluster.resources.get(id);
    if (!change.current) {
      if (!known) return;
      this.unregisterRelated(known);
      this.updateClaimModels(known, []);
      this.forgetClaimReads(known);
      this.bump(this.modelVersions, [
        ...known.heldModelIds,
        ...known.servedModelIds,
      ]);
      this.bump(this.servedVersions, known.servedModelIds);
      this.servers.delete(known);
      cluster.resources.delete(id);
      known.removed = true;
      this.dirty.delete(known);
      this.timeDependent.delete(known);
      for (const selection of known.selections) {
        selection.members.delete(known);
        selection.answer = undefined;
      }
      return;
    }
    const entry: ResourceEntry = known ?? {
      cluster,
      kindIndex,
      kind,
      key,
      object: change.current,
      related: new Map(),
      timeDependent: false,
      derivedAt: 0,
      derivations: 0,
      selections: new Set(),
      removed: false,
      claimModelsJson: '[]',
      claimReads: new Set(),
      heldModelIds: [],
      servedModelIds: [],
    };
    const previousLabels = JSON.stringify(known?.object.metadata?.labels ?? {});
    entry.object = change.current;
    if (!known) {
      cluster.resources.set(id, entry);
      this.registerRelated(entry);
    }
    if (
      !known ||
      previousLabels !== JSON.stringify(change.current.metadata?.labels ?? {})
    ) {
      this.updateMembership(entry);
    }
    const held = this.heldModelsOf(entry);
    const heldIds = [...new Set(held.map(m => m.modelId))];
    if (heldIds.join('\n') !== entry.heldModelIds.join('\n')) {
      this.bump(this.modelVersions, [...entry.heldModelIds, ...heldIds]);
      entry.heldModelIds = heldIds;
    }
    this.updateClaimModels(entry, this.modelsInClaims(entry, held));
    this.markDirty(entry);
  }

  /** Counts a change of the models, for the signals of the pages showing them. */
  private bump(versions: Map<string, number>, modelIds: Iterable<string>) {
    for (const id of new Set(modelIds)) {
      versions.set(id, (versions.get(id) ?? 0) + 1);
    }
  }

  /**
   * What a model entity's page shows of the model changed when this does: a resource
   * holding or serving it changed, appeared or went.
   */
  modelVersion(modelId: string): number {
    this.flush();
    return this.modelVersions.get(modelId) ?? 0;
  }

  /**
   * What an entity's page shows of the servers of the models its resources hold changed
   * when this does.
   */
  servedFingerprint(selector: EntityResourceSelector): string {
    return this.heldModelIdsOf(selector)
      .map(id => this.servedVersions.get(id) ?? 0)
      .join(',');
  }

  /** The ids of the models the entity's resources hold, sorted. */
  heldModelIdsOf(selector: EntityResourceSelector): string[] {
    this.flush();
    const ids = new Set<string>();
    for (const entry of this.selectionOf(selector).members) {
      for (const id of entry.heldModelIds) ids.add(id);
    }
    return [...ids].sort();
  }

  /** Whether any cluster has a resource serving models. */
  hasServers(): boolean {
    this.flush();
    return this.servers.size > 0;
  }

  /** Every resource serving models, in every cluster, derived. */
  serverResources(now: Date): CachedResource[] {
    this.flush();
    this.catchUpWithTime(this.servers, now);
    return [...this.servers]
      .sort(byNamespaceAndName)
      .map(e => ({ kind: e.kind, object: e.object, status: e.status! }));
  }

  // ---- Models in PersistentVolumeClaims, for servers loading from `pvc://` ----

  /** The models a resource holds, by its kind's `heldModels`. */
  private heldModelsOf(entry: ResourceEntry): HeldModel[] {
    try {
      return entry.kind.heldModels?.(entry.object) ?? [];
    } catch {
      // A malformed spec holds nothing; its own status says what is wrong.
      return [];
    }
  }

  /** The models a resource holds in claims of its namespace. */
  private modelsInClaims(
    entry: ResourceEntry,
    held: HeldModel[],
  ): ModelInClaim[] {
    const heldBy = {
      kind: entry.kind.kind,
      name: entry.object.metadata?.name ?? '',
    };
    return held.filter(m => m.pvc).map(model => ({ model, heldBy }));
  }

  /**
   * Records what a resource holds in claims; when that changed, the resources whose status
   * read those claims are derived again.
   */
  private updateClaimModels(entry: ResourceEntry, models: ModelInClaim[]) {
    const json = JSON.stringify(models);
    if (json === entry.claimModelsJson) return;
    const namespace = entry.object.metadata?.namespace ?? '';
    const keyOf = (m: ModelInClaim) => `${namespace}/${m.model.pvc!.claim}`;
    const before: ModelInClaim[] = JSON.parse(entry.claimModelsJson);
    const touched = new Set([...before, ...models].map(keyOf));
    const { claimModels, claimReaders } = entry.cluster;
    for (const key of touched) {
      const holders = claimModels.get(key) ?? new Map();
      const here = models.filter(m => keyOf(m) === key);
      if (here.length) holders.set(entry, here);
      else holders.delete(entry);
      if (holders.size) claimModels.set(key, holders);
      else claimModels.delete(key);
      for (const reader of claimReaders.get(key) ?? []) this.markDirty(reader);
    }
    entry.claimModelsJson = json;
  }

  private forgetClaimReads(entry: ResourceEntry) {
    for (const key of entry.claimReads) {
      removeFrom(entry.cluster.claimReaders, key, entry);
    }
    entry.claimReads.clear();
  }

  /** Indexes a resource under the labels that pick its related objects. */
  private registerRelated(entry: ResourceEntry) {
    const resource = {
      name: entry.object.metadata?.name ?? '',
      namespace: entry.object.metadata?.namespace,
    };
    for (const type of entry.kind.related) {
      const typeKey = watchedTypeKey(type);
      const label = distinguishingLabel(entry.kind, type);
      const labels = entry.kind.relatedLabels(type, resource);
      if (!label || !labels || labels[label] === undefined) continue;
      const indexed = `${label}=${labels[label]}`;
      entry.related.set(typeKey, { labels, indexed });
      addTo(entry.cluster.resourcesByRelated, `${typeKey}|${indexed}`, entry);
    }
  }

  private unregisterRelated(entry: ResourceEntry) {
    for (const [typeKey, { indexed }] of entry.related) {
      removeFrom(
        entry.cluster.resourcesByRelated,
        `${typeKey}|${indexed}`,
        entry,
      );
    }
    entry.related.clear();
  }

  /** Adds or removes a resource from the selections it now does or does not belong to. */
  private updateMembership(entry: ResourceEntry) {
    for (const selection of this.selections.values()) {
      const belongs = belongsToEntity(
        entry.kind,
        entry.object,
        selection.selector,
      );
      if (belongs === selection.members.has(entry)) continue;
      if (belongs) {
        selection.members.add(entry);
        entry.selections.add(selection);
      } else {
        selection.members.delete(entry);
        entry.selections.delete(selection);
      }
      selection.answer = undefined;
    }
  }

  private selectionOf(selector: EntityResourceSelector): Selection {
    const key = selectionKey(selector);
    let selection = this.selections.get(key);
    if (selection) {
      // Most recently used last, so eviction takes the oldest first.
      this.selections.delete(key);
      this.selections.set(key, selection);
      return selection;
    }
    selection = { selector, members: new Set() };
    for (const cluster of this.clusters) {
      for (const entry of cluster.resources.values()) {
        if (belongsToEntity(entry.kind, entry.object, selector)) {
          selection.members.add(entry);
          entry.selections.add(selection);
        }
      }
    }
    this.selections.set(key, selection);
    if (this.selections.size > MAX_SELECTIONS) {
      const [oldestKey, oldest] = this.selections.entries().next().value!;
      this.selections.delete(oldestKey);
      for (const entry of oldest.members) entry.selections.delete(oldest);
    }
    return selection;
  }

  // ---- Derivation ----

  private markDirty(entry: ResourceEntry) {
    if (entry.removed) return;
    this.dirty.add(entry);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // One derivation per resource for a burst of events (a LIST, a Job and its pod).
    setImmediate(() => this.flush());
  }

  /** Derives every resource something changed for since the last flush. */
  private flush() {
    this.flushScheduled = false;
    if (this.dirty.size === 0) return;
    const now = Date.now();
    const entries = [...this.dirty];
    this.dirty.clear();
    for (const entry of entries) this.derive(entry, now);
  }

  /** Derives again the time-dependent statuses among `entries` derived for another moment. */
  private catchUpWithTime(entries: Iterable<ResourceEntry>, now: Date) {
    const at = now.getTime();
    for (const entry of entries) {
      if (
        entry.timeDependent &&
        Math.abs(at - entry.derivedAt) >= TIME_TOLERANCE_MS
      ) {
        this.derive(entry, at);
      }
    }
  }

  /** Derives the time-dependent statuses again; tells listeners when one changed. */
  private sweep() {
    this.flush();
    const now = Date.now();
    let changed = false;
    for (const entry of [...this.timeDependent]) {
      if (this.derive(entry, now)) changed = true;
    }
    if (changed) this.emitChange();
  }

  /** Derives one resource's status; true when it differs from the one kept. */
  private derive(entry: ResourceEntry, at: number): boolean {
    const now = new ObservedNow(at);
    const status = this.deriveStatus(entry, now);
    entry.derivations++;
    this.derivationTotal++;
    entry.derivedAt = at;
    entry.timeDependent = now.read;
    if (now.read) this.timeDependent.add(entry);
    else this.timeDependent.delete(entry);
    const json = JSON.stringify(status);
    if (json === entry.json) return false;
    entry.status = status;
    entry.json = json;
    for (const selection of entry.selections) selection.answer = undefined;
    const served = (status.server?.models ?? []).flatMap(m =>
      m.modelId ? [m.modelId] : [],
    );
    const servers = [...entry.servedModelIds, ...served];
    this.bump(this.modelVersions, [...entry.heldModelIds, ...servers]);
    this.bump(this.servedVersions, servers);
    entry.servedModelIds = served;
    if (status.server) this.servers.add(entry);
    else this.servers.delete(entry);
    return true;
  }

  /** The cached objects of a related type that belong to one resource. */
  private relatedObjects(
    entry: ResourceEntry,
    type: WatchedType,
  ): KubeObject[] {
    const { watch } = entry.cluster;
    const typeKey = watchedTypeKey(type);
    const picked = entry.related.get(typeKey);
    if (picked) {
      const keys =
        entry.cluster.objectsByLabel.get(`${typeKey}|${picked.indexed}`) ?? [];
      const found: KubeObject[] = [];
      for (const key of keys) {
        const object = watch.get(type, key);
        if (object && hasLabels(object, picked.labels)) found.push(object);
      }
      return found;
    }
    if (typeKey === JOB_PODS_KEY && this.roles.get(typeKey)?.jobPods) {
      const pods = new Map<string, KubeObject>();
      for (const jobType of entry.kind.related.filter(t => t.kind === 'Job')) {
        for (const job of this.relatedObjects(entry, jobType)) {
          const keys = entry.cluster.podsByJob.get(objectKey(job)) ?? [];
          for (const key of keys) {
            const pod = watch.get(type, key);
            if (pod) pods.set(key, pod);
          }
        }
      }
      return [...pods.values()];
    }
    return watch.items(type);
  }

  private deriveStatus(entry: ResourceEntry, now: Date): ResourceStatus {
    const { kind, object } = entry;
    const cluster = entry.cluster.watch.cluster.name;
    this.forgetClaimReads(entry);
    try {
      return kind.deriveStatus(
        object,
        {
          // This resource's objects of the type, as the kind selects them.
          list: <T extends KubeObject>(type: WatchedType) =>
            this.relatedObjects(entry, type) as T[],
        },
        {
          cluster,
          now,
          // Read claims are remembered: a change of what they hold derives this again.
          modelsInClaim: (namespace, claim) => {
            const key = `${namespace}/${claim}`;
            entry.claimReads.add(key);
            addTo(entry.cluster.claimReaders, key, entry);
            // In the same order on every replica, whichever resource came first.
            return [...(entry.cluster.claimModels.get(key)?.values() ?? [])]
              .flat()
              .sort(byHolder);
          },
        },
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
