import { ResourceStatus, StateCounts } from './status';

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
 * The answer of `GET /entity/{kind}/{namespace}/{name}/status`.
 *
 * @public
 */
export interface EntityStatusResponse {
  entityRef: string;
  /** Every configured cluster, whether or not it holds resources of this entity. */
  clusters: ClusterStatus[];
  resources: ResourceStatus[];
  counts: StateCounts;
  /** When this answer was computed (ISO). */
  generatedAt: string;
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
}

/** @public */
export interface DeleteResourceResponse {
  /** What was deleted: the resource, then the Jobs the suite deleted with it. */
  deleted: DeletedResourceObject[];
  /** What its operator deletes with it (`kindLifecycle(kind).deleteTakesWith`). */
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
  /** The Job existed and was deleted; false: it was gone already (hf-operator creates it anyway). */
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
