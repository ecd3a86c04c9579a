/*
 * The types of the routes behind the template forms (openapi.yaml): what the pickers list
 * from a cluster, and what the Hugging Face Hub says of a form's models. Beside api.ts's, so
 * the backend's schema drift test checks them against the spec too.
 *
 * A picker route answers 200 even when the cluster cannot be read, with `problem` saying why:
 * the form then falls back to a text field and shows that message. Backstage's own refusals
 * (no permission, unknown cluster, bad parameter) are the usual error responses.
 */

/** Why a picker's list could not be read from the cluster. @public */
export type FormDataProblemReason =
  /** The cluster's API server refused the suite's identity (RBAC). */
  | 'forbidden'
  /** The API server did not answer, or answered with a server error. */
  | 'unreachable'
  /** The cluster does not serve the resource (its CRD is not installed). */
  | 'not-served';

/** @public */
export interface FormDataProblem {
  reason: FormDataProblemReason;
  /** For people: names the cluster, the resource and what to do (e.g. the ClusterRole to grant). */
  message: string;
}

/** A list a picker shows; `items` is empty when `problem` is set. @public */
export interface FormDataList<T> {
  cluster: string;
  /** Set for namespaced lists. */
  namespace?: string;
  items: T[];
  problem?: FormDataProblem;
}

/** `GET /form-data/clusters`: every configured cluster, reachable or not. @public */
export interface FormCluster {
  name: string;
  /** The cluster's `title` from config, when it has one. */
  title?: string;
  reachable: boolean;
  /** Why it is not reachable. */
  problem?: FormDataProblem;
  /** Kind definition ids (`ModelDownload`, `GemmaOnTPUServer`, …) whose CRD the cluster serves. */
  servedKinds: string[];
}

/** @public */
export interface FormClustersResponse {
  items: FormCluster[];
}

/** A namespace a picker offers. @public */
export interface FormNamespace {
  name: string;
  /** The team that owns it: its `backstage.io/owner` annotation, as an entity ref. */
  owner?: string;
}

/**
 * `GET /form-data/namespaces?cluster=&entityRef=`: the namespaces of the cluster the caller
 * may act in (model-delivery.namespace.write, for the entity when one is named).
 *
 * @public
 */
export type FormNamespacesResponse = FormDataList<FormNamespace>;

/**
 * `GET /form-data/namespace-access?cluster=&namespace=&entityRef=`: whether the caller may act
 * in one namespace, for a namespace typed by hand, and why not.
 *
 * @public
 */
export interface FormNamespaceAccess {
  cluster: string;
  namespace: string;
  /** Whether the cluster has it; unset when its namespaces could not be read. */
  exists?: boolean;
  /** Whether the permission policy lets the caller act there. */
  allowed: boolean;
  /** Its `backstage.io/owner` annotation, as an entity ref. */
  owner?: string;
  /** Why it cannot be used, and what to do; set when it does not exist or is not allowed. */
  message?: string;
}

/** `GET /form-data/persistent-volume-claims?cluster=&namespace=`. @public */
export interface FormPersistentVolumeClaim {
  name: string;
  /** The bound volume's capacity (`status.capacity.storage`), else the request; a quantity. */
  capacity?: string;
  /** `capacity` in bytes. */
  capacityBytes?: number;
  accessModes: string[];
  /** `status.phase`: `Bound`, `Pending` or `Lost`. */
  phase: string;
  storageClassName?: string;
}

/** @public */
export type FormPersistentVolumeClaimsResponse =
  FormDataList<FormPersistentVolumeClaim>;

/**
 * `GET /form-data/secrets?cluster=&namespace=`: names and key NAMES only. A Secret's values
 * never leave the cluster through these routes.
 *
 * @public
 */
export interface FormSecret {
  name: string;
  /** The Secret's `type`, e.g. `Opaque`. */
  type: string;
  /** The keys of `data`, sorted. */
  keys: string[];
}

/** @public */
export type FormSecretsResponse = FormDataList<FormSecret>;

/**
 * `GET /form-data/node-groups?cluster=&namespace=`: KServe's LocalModelNodeGroups
 * (cluster-scoped), for a cache in the namespace (or at cluster scope without one).
 *
 * @public
 */
export interface FormNodeGroup {
  name: string;
  /** `spec.storageLimit`, a quantity. */
  storageLimit?: string;
  storageLimitBytes?: number;
}

/** @public */
export type FormNodeGroupsResponse = FormDataList<FormNodeGroup>;

/** The body of `POST /form-data/hugging-face/models`. @public */
export interface HubModelsCheckRequest {
  models: Array<{ id: string; revision?: string }>;
  /**
   * Where the form's token Secret is: the backend reads the token from it with the suite's
   * identity and uses it only to ask the Hub. Without it, the configured token (if any).
   */
  tokenSecret?: {
    cluster: string;
    namespace: string;
    name: string;
    key: string;
  };
}

/**
 * What the Hub says of one model for the token used:
 * - `readable`: it exists and the token may download it (a gated model whose terms were accepted too);
 * - `gated`: its terms must be accepted on the model page by the token's user first;
 * - `private`: the Hub refuses the token (or no token) and does not say whether it exists;
 * - `missing`: no such model or revision;
 * - `unknown`: the Hub could not be asked (see the response's `problem`).
 *
 * @public
 */
export type HubModelAccess =
  | 'readable'
  | 'gated'
  | 'private'
  | 'missing'
  | 'unknown';

/** @public */
export interface HubModelReport {
  id: string;
  revision?: string;
  access: HubModelAccess;
  /** The Hub's `gated` field when known: `false`, `auto` or `manual`. */
  gated?: false | 'auto' | 'manual';
  private?: boolean;
  /** The sum of the sizes of the revision's files (LFS files by their real size). */
  totalBytes?: number;
  license?: string;
  /** The model's page on the Hub (where gated terms are accepted). */
  url: string;
  /** One sentence for the form: what was found, or what to do. */
  message: string;
}

/** @public */
export interface HubModelsCheckResponse {
  /** The Hub endpoint asked (the public Hub or a configured mirror). */
  hubUrl: string;
  /** Where the token came from; never the token. */
  tokenSource: 'secret' | 'config' | 'none';
  models: HubModelReport[];
  /** Set when the Hub (or the token Secret) could not be read; the models are then `unknown`. */
  problem?: string;
}
