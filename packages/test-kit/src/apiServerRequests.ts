import {
  AuditedRequest,
  ListsAndWatches,
  clusterWideSecretReadsByUser,
} from '@internal/local-control-plane';

/*
 * What the API server says of the requests it served: `apiserver_request_total` counts them
 * by verb, resource and scope (not by client), the audit log (Secrets only, in the local
 * control plane) says who made each. No Jest: the browser tests' global teardown reads them too.
 */

const LINE = /^apiserver_request_total\{([^}]*)\}\s+([0-9.e+]+)$/;

/** Each `apiserver_request_total` series of a metrics text: its labels and its count. */
export function apiServerRequestTotals(
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

/**
 * `apiserver_request_total` of one resource summed per verb and scope, as `LIST cluster`,
 * `LIST namespace`, `GET resource`: the `scope` label says whether a LIST or WATCH spanned
 * every namespace (`cluster`) or one (`namespace`). A request is counted when it ends (a
 * WATCH still running is not, yet).
 */
export function requestCountsByScope(
  metrics: string,
  resource: string,
): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { labels, count } of apiServerRequestTotals(metrics)) {
    if (labels.resource !== resource || labels.subresource) continue;
    const key = `${labels.verb} ${labels.scope}`;
    counts[key] = (counts[key] ?? 0) + count;
  }
  return counts;
}

/** Secret LISTs and WATCHes across every namespace, counted and attributed. */
export interface ClusterWideSecretReads {
  /** What `apiserver_request_total` counts with `scope="cluster"` (ended requests). */
  counted: ListsAndWatches;
  /** The same requests from the audit log, ended or running, by identity. */
  byUser: Record<string, ListsAndWatches>;
  /** Ended ones in the audit log: the metric's count, attributed. */
  ended: ListsAndWatches;
}

/** Secret LISTs and WATCHes across every namespace, from the metrics and the audit log. */
export function clusterWideSecretReads(
  metrics: string,
  audited: AuditedRequest[],
): ClusterWideSecretReads {
  const counted = requestCountsByScope(metrics, 'secrets');
  const ended = { list: 0, watch: 0 };
  for (const r of audited) {
    if (r.resource !== 'secrets' || r.namespace) continue;
    if (r.verb !== 'list' && r.verb !== 'watch') continue;
    if (r.stage === 'ResponseComplete') ended[r.verb]++;
  }
  return {
    counted: {
      list: counted['LIST cluster'] ?? 0,
      watch: counted['WATCH cluster'] ?? 0,
    },
    byUser: clusterWideSecretReadsByUser(audited),
    ended,
  };
}
