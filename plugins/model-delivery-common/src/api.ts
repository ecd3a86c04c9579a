import { ModelServerSummary } from './models/modelServers';
import { HeadlineState, ResourceStatus, StateCounts } from './status';

/**
 * How current the backend's view of one cluster is.
 * - `ready`: the watches are established; the data is live.
 * - `syncing`: the first list is still under way, or a watch is re-listing after an
 *   expiry (410) or an outage; data shown may be older than `lastSyncedAt`.
 * - `unreachable`: the API server does not answer; data, if any, is from `lastSyncedAt`.
 * - `error`: the cluster cannot be watched (forbidden, misconfigured, unusable auth
 *   provider). A missing CRD is not an error: that kind is listed in `missingKinds`.
 *
 * @public
 */
export type ClusterSyncState = 'ready' | 'syncing' | 'unreachable' | 'error';

/** @public */
export interface ClusterStatus {
  name: string;
  title?: string;
  state: ClusterSyncState;
  /** What is wrong, for anything but `ready`. */
  message?: string;
  /** When the cache last matched the API server (ISO). */
  lastSyncedAt?: string;
  /** For `unreachable`: since when the API server has not answered (ISO). */
  unreachableSince?: string;
  /**
   * Kinds whose CRD this cluster does not serve: they are simply absent there (the
   * backend looks for them again periodically, so installing one later is picked up).
   */
  missingKinds?: string[];
}

/**
 * What deleting (and re-downloading) a resource of a kind does, as its definition says:
 * the confirmation dialogs, the backend, the scaffolder actions and the docs all read it.
 *
 * @public
 */
export interface KindLifecycle {
  /** What goes with the resource when it is deleted, for the confirmation. */
  deleteTakesWith: string;
  /**
   * The resource's Jobs go with it. The resource is deleted with propagation Background:
   * the Jobs it controls (hf-operator sets itself as their controller ownerReference) are
   * the garbage collector's to remove, with their pods, a moment later; hf-operator's
   * reconcile of a deleted resource returns at once, so nothing recreates them. Jobs that
   * carry the resource's labels but no owner reference (made by hand, or on a cluster
   * whose garbage collector cannot see the owner) the suite deletes itself.
   */
  deletesJobs: boolean;
  /** What a re-download does, for the confirmation; absent: the kind has none. */
  redownload?: string;
}

/**
 * A kind the backend watches, as pages show it: the kinds added by modules reach the
 * pages this way, never through a list built into the frontend.
 *
 * @public
 */
export interface ResourceKindSummary {
  kind: string;
  /** Who acts on it: hf-operator, kro, KServe. */
  operator: string;
  /** What one item is called: model, node, instance. */
  itemNoun: string;
  namespaced: boolean;
  /** Set for a kind the portal deletes. */
  lifecycle?: KindLifecycle;
}

/**
 * The answer of `GET /entity/{kind}/{namespace}/{name}/status`.
 *
 * @public
 */
export interface EntityStatusResponse {
  entityRef: string;
  /** Every kind the backend watches, whether or not the entity has resources of it. */
  kinds: ResourceKindSummary[];
  /** Every configured cluster, whether or not it holds resources of this entity. */
  clusters: ClusterStatus[];
  resources: ResourceStatus[];
  counts: StateCounts;
  /**
   * The model servers serving a model this entity's resources hold (for a model entity:
   * serving the model), among the resources of the entities the caller may read. Absent
   * when there is none.
   */
  servers?: ModelServerSummary[];
  /**
   * A model entity's places, one per way the model is at a resource: downloaded, cached,
   * served. Absent for other entities.
   */
  places?: ModelPlace[];
  /** When this answer was computed (ISO). */
  generatedAt: string;
}

/**
 * One way a model is at one resource, for a model entity's page: a downloaded copy (a
 * ModelDownload's PVC, a Gemma instance's bucket), a copy cached on nodes (a KServe cache),
 * or a server serving it.
 *
 * @public
 */
export interface ModelPlace {
  how: 'downloaded' | 'cached' | 'served';
  cluster: string;
  kind: string;
  namespace?: string;
  name: string;
  /** Where: `PVC model-store`, `node groups gpu-a100`; for a server, where it loads it from. */
  where?: string;
  /** A server's state: completed when ready. */
  state: HeadlineState;
  /** One line for humans: the download's phase, how many nodes hold it, the server's readiness. */
  detail: string;
  /** Why it failed, is stuck or is not ready, in full. */
  reason?: string;
  /** The entities the caller may read whose resources include it. */
  entityRefs: string[];
  /** For a served place: the server. */
  server?: ModelPlaceServer;
}

/** The server of a served place. @public */
export interface ModelPlaceServer {
  /** Its catalog entity. */
  entityRef: string;
  serverType: string;
  url?: string;
  ready: boolean;
  /** The name clients ask it for the model, when its spec sets one. */
  servedName?: string;
}

/** Body of `POST /retry`. @public */
export interface RetryRequest {
  entityRef: string;
  cluster: string;
  kind: string;
  namespace?: string;
  name: string;
  /** The item (model) to retry. */
  item: string;
}

/** @public */
export interface RetryResponse {
  /** The Job that was deleted so that the operator recreates it. */
  deletedJob: string;
  namespace: string;
}

/** Body of `POST /delete`: one of an entity's resources. @public */
export interface DeleteResourceRequest {
  entityRef: string;
  cluster: string;
  kind: string;
  /** Absent for cluster-scoped kinds. */
  namespace?: string;
  name: string;
}

/** One object a delete removed. @public */
export interface DeletedResourceObject {
  kind: string;
  namespace?: string;
  name: string;
  /**
   * `garbage-collector`: the object is controlled by the deleted resource (its
   * ownerReference), and the cluster's garbage collector removes it, with its own
   * dependents (a Job's pods), a moment after the resource. Absent: deleted by the suite.
   */
  removedBy?: 'garbage-collector';
}

/** @public */
export interface DeleteResourceResponse {
  /**
   * What goes: the resource, then its Jobs (for a kind whose lifecycle says so): those it
   * controls, removed by the garbage collector, and those that carry its labels without an
   * owner reference, which the suite deletes itself.
   */
  deleted: DeletedResourceObject[];
  /** What its operator deletes with it (the kind's `lifecycle.deleteTakesWith`). */
  takesWith: string;
}

/** Body of `POST /redownload`: a ModelDownload of an entity, or one of its models. @public */
export interface RedownloadRequest {
  entityRef: string;
  cluster: string;
  kind: string;
  namespace?: string;
  name: string;
  /** One model of the ModelDownload; absent: every model of its spec. */
  model?: string;
}

/** One model's Job in a re-download. @public */
export interface RedownloadedModelJob {
  model: string;
  job: string;
  /**
   * The Job existed and was deleted; false: it was gone already, or hf-operator had just
   * replaced it (forceReload): either way hf-operator creates it anew.
   */
  deleted: boolean;
}

/** @public */
export interface RedownloadResponse {
  namespace: string;
  jobs: RedownloadedModelJob[];
  /** `settings.forceReload` was set and is now unset. */
  forceReloadUnset: boolean;
}

/**
 * The signal channel the backend publishes on when anything about an entity's resources
 * changed. The payload carries no data, only `{ entityRef }`: pages refetch through the
 * permission-checked endpoint.
 *
 * @public
 */
export function entitySignalChannel(entityRef: string): string {
  return `model-delivery:${entityRef}`;
}

/**
 * One model at one place, as the fleet page lists it: a model held by a resource of an
 * entity, in one cluster. A resource selected by two entities gives a row per entity.
 *
 * @public
 */
export interface FleetRow {
  /** The model as its resource names it: Hugging Face repo id, storage URI, Gemma model. */
  modelId: string;
  /** The model's catalog entity, e.g. `resource:default/<modelEntityName(modelId)>`. */
  modelEntityRef: string;
  state: HeadlineState;
  /** The finer phase, as on the entity tab. */
  phase: string;
  /** One line for humans. */
  detail: string;
  /** Why it failed or is stuck, in full. */
  reason?: string;
  /** The catalog entity whose resource holds the model. */
  entityRef: string;
  /** That entity's owner, as the catalog resolved it. */
  owner?: string;
  cluster: string;
  /** Absent for cluster-scoped resources. */
  namespace?: string;
  /** The resource's kind, e.g. `ModelDownload`. */
  kind: string;
  /** The resource's name. */
  name: string;
  /** Who acts on the resource: hf-operator, kro, KServe. */
  operator: string;
  /** Where the copy lives: `PVC <name>` or `node groups <a, b>`. */
  storage?: string;
  /** The model's size where the resource states it (a Kubernetes quantity). */
  size?: string;
  /** Whether a server the caller may see serves the model, anywhere. */
  served: FleetServed;
  /** Those servers, ready ones first. */
  servers?: FleetRowServer[];
}

/**
 * Whether a model is served: by a ready server, only by servers not ready, or by none
 * (among the servers the caller may see).
 *
 * @public
 */
export type FleetServed = 'ready' | 'not-ready' | 'not-served';

/** @public */
export const FLEET_SERVED: readonly FleetServed[] = [
  'ready',
  'not-ready',
  'not-served',
];

/** A server of a fleet row's model. @public */
export interface FleetRowServer {
  /** Its catalog entity. */
  entityRef: string;
  cluster: string;
  kind: string;
  namespace?: string;
  name: string;
  url?: string;
  ready: boolean;
}

/**
 * A model held at several places by several teams or namespaces, for the fleet page's
 * duplicates view.
 *
 * @public
 */
export interface FleetDuplicate {
  modelId: string;
  modelEntityRef: string;
  /** The places holding it (rows of the places view). */
  copies: number;
  /** The distinct owners of the entities holding it. */
  owners: string[];
  /** The distinct `cluster/namespace` pairs holding it. */
  namespaces: string[];
  /** The entities holding it. */
  entityRefs: string[];
  /** Copies per headline state. */
  counts: StateCounts;
  size?: string;
}

/** The fleet page's two views: one row per model and place, or one per duplicated model. @public */
export type FleetView = 'places' | 'duplicates';

/** @public */
export const FLEET_VIEWS: ReadonlyArray<FleetView> = ['places', 'duplicates'];

/** What the fleet can be sorted by. @public */
export type FleetSortField =
  | 'model'
  | 'state'
  | 'owner'
  | 'cluster'
  | 'resource'
  | 'size'
  | 'copies';

/** @public */
export const FLEET_SORT_FIELDS: ReadonlyArray<FleetSortField> = [
  'model',
  'state',
  'owner',
  'cluster',
  'resource',
  'size',
  'copies',
];

/**
 * The columns of each fleet view, by their header, with the field a column sorts by: the
 * page's tables show them, the route sorts by them.
 *
 * @public
 */
export const FLEET_COLUMNS: Readonly<
  Record<FleetView, ReadonlyArray<{ title: string; sort?: FleetSortField }>>
> = {
  places: [
    { title: 'Model', sort: 'model' },
    { title: 'State', sort: 'state' },
    { title: 'Reason' },
    { title: 'Owner', sort: 'owner' },
    { title: 'Cluster', sort: 'cluster' },
    { title: 'Resource', sort: 'resource' },
    { title: 'Served' },
    { title: 'Size', sort: 'size' },
  ],
  duplicates: [
    { title: 'Model', sort: 'model' },
    { title: 'Copies', sort: 'copies' },
    { title: 'States', sort: 'state' },
    { title: 'Owners', sort: 'owner' },
    { title: 'Namespaces' },
    { title: 'Size', sort: 'size' },
  ],
};

/** The values the caller's rows hold for each filter, for the page's filter menus. @public */
export interface FleetFilterOptions {
  states: HeadlineState[];
  clusters: string[];
  operators: string[];
  owners: string[];
  served: FleetServed[];
}

/**
 * The answer of `GET /fleet`: one page of the rows (or duplicates) the caller may see.
 *
 * @public
 */
export interface FleetResponse {
  view: FleetView;
  /** The places view's page. */
  rows?: FleetRow[];
  /** The duplicates view's page. */
  duplicates?: FleetDuplicate[];
  /** Rows (or duplicates) matching the filters, over all pages. */
  total: number;
  /** 1-based. */
  page: number;
  pageSize: number;
  /** The values of every visible row, regardless of the filters. */
  filterOptions: FleetFilterOptions;
  /** Every configured cluster: an unreachable one may hide models. */
  clusters: ClusterStatus[];
  generatedAt: string;
}

/**
 * The query of `GET /fleet`. Filters narrow (a row must match all of them); `search`
 * matches the model id, the entity, the owner, the resource and the namespace.
 *
 * @public
 */
export interface FleetQuery {
  view?: FleetView;
  state?: HeadlineState;
  cluster?: string;
  operator?: string;
  /** An owner entity ref, e.g. `group:default/ml`. */
  owner?: string;
  served?: FleetServed;
  search?: string;
  sort?: FleetSortField;
  order?: 'asc' | 'desc';
  /** 1-based; default 1. */
  page?: number;
  /** Default 50, at most 500. */
  pageSize?: number;
}
