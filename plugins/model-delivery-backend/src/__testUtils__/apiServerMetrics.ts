import { ControlPlane } from '@internal/local-control-plane';
import { apiServerRequestTotals } from '@model-delivery/test-kit/apiServerRequests';

/** The resources the status backend watches (plural names, as the API server labels them). */
export const WATCHED_RESOURCES = [
  'modeldownloads',
  'gemmaontpuservers',
  'localmodelcaches',
  'localmodelnamespacecaches',
  'jobs',
  'pods',
  'deployments',
];

/** `apiserver_request_total` summed per verb over the given resources (status subresources excluded). */
export type RequestCounts = Record<string, number>;

export function requestCounts(
  metrics: string,
  resources: string[] = WATCHED_RESOURCES,
): RequestCounts {
  const counts: RequestCounts = {};
  for (const { labels, count } of apiServerRequestTotals(metrics)) {
    if (!resources.includes(labels.resource) || labels.subresource) continue;
    counts[labels.verb] = (counts[labels.verb] ?? 0) + count;
  }
  return counts;
}

export async function readRequestCounts(
  cp: ControlPlane,
): Promise<RequestCounts> {
  return requestCounts(await cp.metrics());
}

/** after - before, per verb. */
export function countsDelta(
  before: RequestCounts,
  after: RequestCounts,
): RequestCounts {
  const verbs = new Set([...Object.keys(before), ...Object.keys(after)]);
  return Object.fromEntries(
    [...verbs].map(v => [v, (after[v] ?? 0) - (before[v] ?? 0)]),
  );
}
