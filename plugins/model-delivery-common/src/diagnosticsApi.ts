/*
 * The types of `GET /entity/{kind}/{namespace}/{name}/diagnostics` (openapi.yaml), beside
 * api.ts's: the backend's schema drift test checks both against the spec.
 */

/** The query of `GET /entity/{kind}/{namespace}/{name}/diagnostics`: one item of a resource. @public */
export interface ItemDiagnosticsQuery {
  cluster: string;
  /** The kind definition id, e.g. `ModelDownload`. */
  resourceKind: string;
  /** Omitted for cluster-scoped kinds. */
  resourceNamespace?: string;
  resourceName: string;
  item: string;
  /** Lines of each container's log, 1 to {@link MAX_DIAGNOSTICS_TAIL_LINES}; default {@link DEFAULT_DIAGNOSTICS_TAIL_LINES}. */
  tailLines?: number;
}

/** @public */
export const DEFAULT_DIAGNOSTICS_TAIL_LINES = 200;

/** @public */
export const MAX_DIAGNOSTICS_TAIL_LINES = 5000;

/** One container of an item's pod. @public */
export interface DiagnosticsContainer {
  name: string;
  /** Whether it is an init container (e.g. KServe's storage-initializer). */
  init: boolean;
  /** From the pod's status: `running`, `terminated: Error, exit code 1`, `waiting: ContainerCreating`. */
  state: string;
  /** The log tail, credential-shaped text replaced by `[REDACTED]`; absent when there is none (see `problem`). */
  log?: string;
  /** Why there is no log. */
  problem?: string;
}

/** An event of an item's Job or pod. @public */
export interface DiagnosticsEvent {
  /** `Job/<name>` or `Pod/<name>`. */
  object: string;
  /** `Normal` or `Warning`. */
  type: string;
  reason: string;
  /** Credential-shaped text redacted. */
  message: string;
  count: number;
  firstSeen?: string;
  lastSeen?: string;
}

/** The answer of `GET /entity/{kind}/{namespace}/{name}/diagnostics`. @public */
export interface ItemDiagnostics {
  cluster: string;
  kind: string;
  namespace?: string;
  name: string;
  item: string;
  jobName?: string;
  jobNamespace?: string;
  /** The pod the logs come from: the newest of the Job's pods. */
  podName?: string;
  tailLines: number;
  /** Why there are no logs at all: no Job, the Job or its pod is gone, the pod is not scheduled. */
  problem?: string;
  containers: DiagnosticsContainer[];
  /** Oldest first. */
  events: DiagnosticsEvent[];
  /** Why the events could not be read. */
  eventsProblem?: string;
}
