import { ServerStatus } from './models/modelServers';

/**
 * The three states users ask about. Every finer phase maps onto one of them.
 *
 * @public
 */
export type HeadlineState = 'pending' | 'completed' | 'failed';

/** @public */
export const HEADLINE_STATES: readonly HeadlineState[] = [
  'pending',
  'completed',
  'failed',
];

/**
 * The state of one tracked item of a resource: a model of a ModelDownload, a node of a
 * LocalModelCache, the instance of a GemmaOnTPUServer.
 *
 * @public
 */
export interface ItemStatus {
  /** The model name, node name or instance name, as the resource spells it. */
  name: string;
  state: HeadlineState;
  /**
   * The finer phase, machine-readable and stable, e.g. `waiting-for-operator`,
   * `job-created`, `downloading`, `unschedulable`, `image-pull-error`, `completed`,
   * `failed`. Each kind documents its phases.
   */
  phase: string;
  /** One line for humans, e.g. "downloading (pod running)". */
  detail: string;
  /**
   * Why it failed or is stuck, in full: the container's terminated reason and message,
   * the scheduler's message, the condition's message. Never shortened.
   */
  reason?: string;
  /** The Job doing the work, when there is one. */
  jobName?: string;
  /** The namespace of that Job, when it differs from the resource's (KServe). */
  jobNamespace?: string;
  /** The pod the reason comes from, when it comes from a pod. */
  podName?: string;
  /** ISO times. `finishedAt` is set for completed and failed items when known. */
  createdAt?: string;
  startedAt?: string;
  finishedAt?: string;
  /** Whether the retry action applies (a failed Job that can be deleted for a rerun). */
  retryable?: boolean;
}

/** Counts per headline state. @public */
export type StateCounts = Record<HeadlineState, number>;

/** A labelled fact about a resource, kind-specific (copies, kro state, conditions...). @public */
export interface ResourceFact {
  label: string;
  value: string;
}

/** The derived status of one resource in one cluster. @public */
export interface ResourceStatus {
  /** The kind definition id, e.g. `ModelDownload`. */
  kind: string;
  apiVersion: string;
  cluster: string;
  /** Absent for cluster-scoped resources. */
  namespace?: string;
  name: string;
  uid: string;
  createdAt?: string;
  /** What one item is called for this kind: "model", "node", "instance". */
  itemNoun: string;
  items: ItemStatus[];
  counts: StateCounts;
  /** failed if any item failed, completed if every item completed, pending otherwise. */
  state: HeadlineState;
  facts: ResourceFact[];
  /**
   * Things the user should know that are not an item's state: entries the operator still
   * lists though they left the spec, a spec the operator can never run, and so on.
   */
  notes: string[];
  /** Set for a resource that serves models (an InferenceService, a Gemma instance...). */
  server?: ServerStatus;
}

/** @public */
export function countStates(
  items: ReadonlyArray<{ state: HeadlineState }>,
): StateCounts {
  const counts: StateCounts = { pending: 0, completed: 0, failed: 0 };
  for (const item of items) counts[item.state]++;
  return counts;
}

/** failed if any failed; completed if all (and at least one) completed; else pending. @public */
export function overallState(counts: StateCounts): HeadlineState {
  if (counts.failed > 0) return 'failed';
  if (counts.completed > 0 && counts.pending === 0) return 'completed';
  return 'pending';
}
