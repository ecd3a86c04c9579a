/*
 * The few fields of Kubernetes objects the suite reads, as structural types. The common
 * package stays free of @kubernetes/client-node (it is bundled into the frontend); the
 * client's V1Job / V1Pod objects satisfy these types as they are.
 */

/** @public */
export interface ObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  creationTimestamp?: string | Date;
  deletionTimestamp?: string | Date;
  generation?: number;
  resourceVersion?: string;
  ownerReferences?: Array<{
    apiVersion: string;
    kind: string;
    name: string;
    uid: string;
    controller?: boolean;
  }>;
}

/** Any Kubernetes object. @public */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
}

/** @public */
export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string | Date;
  observedGeneration?: number;
}

/** The part of a batch/v1 Job the status derivation reads. @public */
export interface JobLike extends KubeObject {
  spec?: {
    /** Kubernetes 1.21+: a suspended Job has no running pods until resumed. */
    suspend?: boolean;
  };
  status?: {
    active?: number;
    /** Pods with a Ready condition (1.24+). */
    ready?: number;
    succeeded?: number;
    failed?: number;
    /** Pods being terminated (1.28+, with podReplacementPolicy). */
    terminating?: number;
    startTime?: string | Date;
    completionTime?: string | Date;
    /**
     * Condition types, as Kubernetes 1.31+ writes them: `FailureTarget` then `Failed`,
     * `SuccessCriteriaMet` then `Complete` (the second once every pod has terminated),
     * `Suspended`.
     */
    conditions?: Condition[];
  };
}

/** @public */
export interface ContainerStateLike {
  waiting?: { reason?: string; message?: string };
  running?: { startedAt?: string | Date };
  terminated?: {
    reason?: string;
    message?: string;
    exitCode?: number;
    startedAt?: string | Date;
    finishedAt?: string | Date;
  };
}

/** The part of a v1 Pod the status derivation reads. @public */
export interface PodLike extends KubeObject {
  status?: {
    phase?: string;
    reason?: string;
    message?: string;
    startTime?: string | Date;
    conditions?: Condition[];
    initContainerStatuses?: Array<{
      name: string;
      state?: ContainerStateLike;
      lastState?: ContainerStateLike;
    }>;
    containerStatuses?: Array<{
      name: string;
      ready?: boolean;
      restartCount?: number;
      state?: ContainerStateLike;
      lastState?: ContainerStateLike;
    }>;
  };
}

/**
 * A time field as the API returns it (string) or as `@kubernetes/client-node` parses it
 * (Date), as an ISO string.
 *
 * @public
 */
export function isoTime(value: string | Date | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : value.toISOString();
}
