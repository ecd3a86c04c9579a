import { KubeObject } from '../kubernetesObjects';
import { ResourceStatus } from '../status';

/**
 * A type of object the backend keeps a watch-fed cache of, in every cluster.
 *
 * @public
 */
export interface WatchedType {
  /** `group/version`, or `v1` for the core group. */
  apiVersion: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  /**
   * Limits the watch: related objects are always label-selected, never every Job or pod
   * of the cluster.
   */
  labelSelector?: string;
  /** Limits the watch to one namespace (e.g. KServe's jobs namespace). */
  namespace?: string;
}

/** A stable key for a watched type, used to share one watch between kinds. @public */
export function watchedTypeKey(type: WatchedType): string {
  return [
    type.apiVersion,
    type.kind,
    type.namespace ?? '*',
    type.labelSelector ?? '',
  ].join('|');
}

/**
 * The cached objects of the related types, as handed to `deriveStatus`.
 *
 * @public
 */
export interface RelatedObjects {
  /** Every cached object of that type in the cluster (the definition filters). */
  list<T extends KubeObject>(type: WatchedType): T[];
}

/** @public */
export interface StatusContext {
  cluster: string;
  now: Date;
}

/**
 * Everything the suite knows about one resource kind, in one place: what to watch and how
 * to derive a truthful status from it. Adding a kind to the entity pages is adding one of
 * these to `RESOURCE_KINDS`; the backend and the frontend need no change.
 *
 * @public
 */
export interface ResourceKindDefinition<T extends KubeObject = KubeObject> {
  /** The Kubernetes kind, unique in the suite, e.g. `ModelDownload`. */
  kind: string;
  /** Who acts on it, for headings: "hf-operator", "kro", "KServe". */
  operator: string;
  /** The resource users own and label. */
  resource: WatchedType;
  /** The objects its status is derived from besides itself (Jobs, pods, children...). */
  related: WatchedType[];
  /** What one item is called: "model", "node", "instance". */
  itemNoun: string;
  deriveStatus(
    resource: T,
    related: RelatedObjects,
    context: StatusContext,
  ): ResourceStatus;
}
