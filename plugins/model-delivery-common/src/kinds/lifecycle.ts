/**
 * What deleting (and re-downloading) a resource of a kind does, in one place: the
 * confirmation dialogs, the backend, the scaffolder actions and the docs all read it.
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

const MODEL_DOWNLOAD: KindLifecycle = {
  deleteTakesWith:
    "hf-operator's download Jobs of its models and their pods, removed by the cluster's garbage collector (the resource owns them): a download under way stops. The files already downloaded stay in its PersistentVolumeClaim (hf-operator never deletes them), and so do the claim and the token Secret.",
  deletesJobs: true,
  redownload:
    "Deletes the model's download Job (and, through the garbage collector, its pod) so that hf-operator creates it again at once and the download runs anew. hf-operator's download skips a model whose folder in the PersistentVolumeClaim already holds files: a re-download repeats a download that failed before writing anything, not one that completed or left a partial folder. settings.forceReload is left unset (it is unset when found set): set, it makes hf-operator delete and recreate every Job of the resource on every reconcile, over and over. Unsetting it changes the spec hash hf-operator stamps on every Job, so it recreates each Job of the resource once more.",
};

const GEMMA_ON_TPU_SERVER: KindLifecycle = {
  deleteTakesWith:
    'kro deletes every child resource of the instance: the Deployment and Service (the model stops serving), the weight loader Job, the Kubernetes ServiceAccount, the Google service account with its IAM policy members, and the storage bucket holding the converted weights.',
  deletesJobs: false,
};

const LOCAL_MODEL_CACHE: KindLifecycle = {
  deleteTakesWith:
    "KServe takes the model off the nodes of its node groups, and its node agents delete the copies on those nodes' disks; InferenceServices that use the cache fetch the model themselves from then on.",
  deletesJobs: false,
};

const LIFECYCLES: Readonly<Record<string, KindLifecycle>> = {
  ModelDownload: MODEL_DOWNLOAD,
  GemmaOnTPUServer: GEMMA_ON_TPU_SERVER,
  LocalModelCache: LOCAL_MODEL_CACHE,
  LocalModelNamespaceCache: LOCAL_MODEL_CACHE,
};

/**
 * The lifecycle of a kind the suite can delete from the portal; undefined for any other.
 *
 * @public
 */
export function kindLifecycle(kind: string): KindLifecycle | undefined {
  return Object.prototype.hasOwnProperty.call(LIFECYCLES, kind)
    ? LIFECYCLES[kind]
    : undefined;
}
