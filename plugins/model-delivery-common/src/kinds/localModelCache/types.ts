import { KubeObject } from '../../kubernetesObjects';
import { ResourceType } from '../definition';

/** @public */
export const LOCAL_MODEL_API_VERSION = 'serving.kserve.io/v1alpha1';

/** Where KServe runs its download Jobs unless configured otherwise. @public */
export const DEFAULT_LOCAL_MODEL_JOBS_NAMESPACE = 'kserve-localmodel-jobs';

/** KServe's Secret of storage credentials, in its jobs namespace. @public */
export const STORAGE_CONFIG_SECRET = 'storage-config';

/** The node groups a cache names: which nodes cache models, with how much storage. @public */
export const LOCAL_MODEL_NODE_GROUPS: ResourceType = {
  apiVersion: LOCAL_MODEL_API_VERSION,
  kind: 'LocalModelNodeGroup',
  plural: 'localmodelnodegroups',
  namespaced: false,
};

/**
 * The labels KServe puts on a download Job: `model=<cache name>` and `node=<node>`.
 * Without a node: the labels every download Job of that cache carries.
 *
 * @public
 */
export function kserveDownloadJobLabels(
  cacheName: string,
  node?: string,
): Record<string, string> {
  return { model: cacheName, ...(node === undefined ? {} : { node }) };
}

/** Per-node states KServe reports in `status.nodeStatus`. @public */
export type LocalModelNodeState =
  | ''
  | 'NodeNotReady'
  | 'NodeDownloadPending'
  | 'NodeDownloading'
  | 'NodeDownloaded'
  | 'NodeDownloadError';

/** @public */
export interface LocalModelCacheSpec {
  /** Immutable once created. */
  sourceModelUri: string;
  modelSize: string | number;
  nodeGroups: string[];
  serviceAccountName?: string;
  storage?: { key?: string; parameters?: Record<string, string> };
}

/** @public */
export interface LocalModelCacheStatus {
  nodeStatus?: Record<string, LocalModelNodeState | string>;
  copies?: { total?: number; available?: number; failed?: number };
  inferenceServices?: Array<{ namespace?: string; name?: string }>;
  llmInferenceServices?: Array<{ namespace?: string; name?: string }>;
}

/**
 * `LocalModelCache` (cluster-scoped) or its namespaced twin `LocalModelNamespaceCache`
 * (KServe 0.18+); both share spec and status.
 *
 * @public
 */
export interface LocalModelCacheResource extends KubeObject {
  apiVersion: typeof LOCAL_MODEL_API_VERSION;
  kind: 'LocalModelCache' | 'LocalModelNamespaceCache';
  spec: LocalModelCacheSpec;
  status?: LocalModelCacheStatus;
}

/**
 * How the download Job authenticates, one of KServe's three ways: a service account with
 * the token Secret attached, a key of the `storage-config` Secret, or inline parameters.
 * All live in KServe's jobs namespace.
 *
 * @public
 */
export type LocalModelCacheCredentials =
  | { method: 'none' }
  | { method: 'serviceAccount'; serviceAccountName: string }
  | { method: 'storageKey'; storageKey: string }
  | { method: 'storageParameters'; storageParameters: Record<string, string> };

/** What the "Cache a model on node groups" template collects. @public */
export interface LocalModelCacheInput {
  name: string;
  /** `cluster` → LocalModelCache; `namespace` → LocalModelNamespaceCache in `namespace`. */
  scope: 'cluster' | 'namespace';
  namespace?: string;
  sourceModelUri: string;
  modelSize: string;
  nodeGroups: string[];
  credentials?: LocalModelCacheCredentials;
}
