import { KindLifecycle, ResourceKindSummary } from '../api';
import { KubeObject } from '../kubernetesObjects';
import { HeldModel } from '../models/modelIdentity';
import { ResourceStatus } from '../status';

/**
 * A type the Kubernetes API serves.
 *
 * @public
 */
export interface ResourceType {
  /** `group/version`, or `v1` for the core group. */
  apiVersion: string;
  kind: string;
  plural: string;
  namespaced: boolean;
}

/**
 * `modeldownloads.hfops.kamal.dev`, `jobs.batch`, `pods`: a type's resource as RBAC and
 * kubectl name it, which for a custom type is also the name of its CRD.
 *
 * @public
 */
export function groupResourceName(
  type: Pick<ResourceType, 'apiVersion' | 'plural'>,
): string {
  const group = type.apiVersion.includes('/')
    ? type.apiVersion.split('/')[0]
    : '';
  return group ? `${type.plural}.${group}` : type.plural;
}

/**
 * The CRD serving a custom type, and the version of it the suite reads and writes.
 *
 * @public
 */
export function crdOf(type: Pick<ResourceType, 'apiVersion' | 'plural'>): {
  name: string;
  version: string;
} {
  return {
    name: groupResourceName(type),
    version: type.apiVersion.split('/').pop() ?? type.apiVersion,
  };
}

/**
 * A type of object the backend keeps a watch-fed cache of, in every cluster.
 *
 * @public
 */
export interface WatchedType extends ResourceType {
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

/** One resource by name: what its related objects are selected by. @public */
export interface ResourceRef {
  name: string;
  /** Absent for cluster-scoped resources. */
  namespace?: string;
}

/** A model a resource holds in a PersistentVolumeClaim, and the resource holding it. @public */
export interface ModelInClaim {
  model: HeldModel;
  /** The resource holding it, e.g. `{ kind: 'ModelDownload', name: 'chat-models' }`. */
  heldBy: { kind: string; name: string };
}

/** @public */
export interface StatusContext {
  cluster: string;
  now: Date;
  /**
   * The models the cluster's resources hold in a PersistentVolumeClaim of a namespace (a
   * ModelDownload's copies, by their `pvc` place), for a server loading from
   * `pvc://<claim>/<path>`. Reading it makes the status depend on them: the backend derives
   * the status again when they change. Absent where no cache is at hand (the scaffolder's
   * wait); a server's PVC models then stay unresolved.
   */
  modelsInClaim?(namespace: string, claim: string): ReadonlyArray<ModelInClaim>;
}

/**
 * Everything the suite knows about one resource kind, in one place: where the API serves
 * it (its CRD is `crdOf(resource)`), which objects it relates to and how those of one
 * resource are found, what its items are called, and how to derive a truthful status.
 * Adding a kind is adding one of these to `RESOURCE_KINDS`, or through the node package's
 * kinds extension point; the backend, the actions and the frontend need no change
 * (docs/adding-a-kind.md).
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
  /**
   * The labels that pick, among the objects of a related type, those of one resource,
   * on top of the type's own `labelSelector`: hf-operator's `parent=<name>` Jobs of one
   * ModelDownload, kro's `kro.run/instance-name=<name>` children of one instance,
   * KServe's `model=<name>` download Jobs of one cache. Undefined for a type found
   * another way (Job pods: through the names of the resource's Jobs). The backend filters
   * its caches with them; the scaffolder's wait lists with them.
   */
  relatedLabels(
    type: WatchedType,
    resource: ResourceRef,
  ): Record<string, string> | undefined;
  deriveStatus(
    resource: T,
    related: RelatedObjects,
    context: StatusContext,
  ): ResourceStatus;
  /** What deleting (and re-downloading) a resource does; absent: the portal does not delete it. */
  lifecycle?: KindLifecycle;
  /**
   * The models one resource holds, from its spec: they become the catalog's model entities
   * and the rows of the fleet page. A kind without it holds no model the suite lists.
   */
  heldModels?(resource: T): HeldModel[];
}

/** What pages are told of a kind (`EntityStatusResponse.kinds`). @public */
export function kindSummary(
  kind: ResourceKindDefinition<any>,
): ResourceKindSummary {
  return {
    kind: kind.kind,
    operator: kind.operator,
    itemNoun: kind.itemNoun,
    namespaced: kind.resource.namespaced,
    ...(kind.lifecycle && { lifecycle: kind.lifecycle }),
  };
}
