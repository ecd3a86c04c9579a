import { KubeObject, isoTime } from '../kubernetesObjects';
import {
  ItemStatus,
  ResourceFact,
  ResourceStatus,
  countStates,
  overallState,
} from '../status';
import { ServerStatus } from '../models/modelServers';
import { StatusContext } from './definition';

/** What only the kind knows about a resource's status. @public */
export interface ResourceStatusParts {
  itemNoun: string;
  items: ItemStatus[];
  facts: ResourceFact[];
  notes?: string[];
  /** For a resource that serves models. */
  server?: ServerStatus;
}

/**
 * A resource's status: its identity from the object itself, counts and the overall state
 * from its items, the rest from the kind.
 *
 * @public
 */
export function resourceStatus(
  resource: KubeObject,
  parts: ResourceStatusParts,
  context: StatusContext,
): ResourceStatus {
  const counts = countStates(parts.items);
  return {
    kind: resource.kind ?? '',
    apiVersion: resource.apiVersion ?? '',
    cluster: context.cluster,
    namespace: resource.metadata?.namespace,
    name: resource.metadata?.name ?? '',
    uid: resource.metadata?.uid ?? '',
    createdAt: isoTime(resource.metadata?.creationTimestamp),
    itemNoun: parts.itemNoun,
    items: parts.items,
    counts,
    state: overallState(counts),
    facts: parts.facts,
    notes: parts.notes ?? [],
    ...(parts.server ? { server: parts.server } : {}),
  };
}
