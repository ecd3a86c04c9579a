import { ControlPlane } from '@internal/local-control-plane';

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

const LINE = /^apiserver_request_total\{([^}]*)\}\s+([0-9.e+]+)$/;

/** Each `apiserver_request_total` series: its labels and its count. */
function requestTotals(
  metrics: string,
): Array<{ labels: Record<string, string>; count: number }> {
  return metrics.split('\n').flatMap(line => {
    const match = LINE.exec(line);
    if (!match) return [];
    const labels = Object.fromEntries(
      [...match[1].matchAll(/(\w+)="([^"]*)"/g)].map(m => [m[1], m[2]]),
    );
    return [{ labels, count: Number(match[2]) }];
  });
}

export function requestCounts(
  metrics: string,
  resources: string[] = WATCHED_RESOURCES,
): RequestCounts {
  const counts: RequestCounts = {};
  for (const { labels, count } of requestTotals(metrics)) {
    if (!resources.includes(labels.resource) || labels.subresource) continue;
    counts[labels.verb] = (counts[labels.verb] ?? 0) + count;
  }
  return counts;
}

/** The content type of the API server's own loopback client (its informers). */
const API_SERVER_OWN_CONTENT_TYPE = 'application/vnd.kubernetes.protobuf';

/**
 * `apiserver_request_total` of one resource summed per verb and scope, as `LIST cluster`,
 * `LIST namespace`, `GET resource`: the API server's `scope` label says whether a LIST or
 * WATCH spanned every namespace (`cluster`) or one (`namespace`). `by` tells the API
 * server's own requests (its informers list and watch Secrets across the cluster from its
 * start, over its loopback client, in protobuf) from its clients' (the suite, the tests:
 * JSON).
 */
export function requestCountsByScope(
  metrics: string,
  resource: string,
  by: 'clients' | 'api-server',
): RequestCounts {
  const counts: RequestCounts = {};
  for (const { labels, count } of requestTotals(metrics)) {
    if (labels.resource !== resource || labels.subresource) continue;
    const own = labels.contentType === API_SERVER_OWN_CONTENT_TYPE;
    if (own !== (by === 'api-server')) continue;
    const key = `${labels.verb} ${labels.scope}`;
    counts[key] = (counts[key] ?? 0) + count;
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
