import { appendFileSync, readFileSync } from 'node:fs';

/**
 * The API server's audit policy here: who asked what of Secrets (request metadata only,
 * never a body), so that tests can tell the portal's identity from the control plane's
 * own components. Nothing else is audited.
 */
export const AUDIT_POLICY = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
  - level: Metadata
    resources: [{ group: '', resources: [secrets] }]
  - level: None
`;

/** One audited request (of a Secret or Secrets), as the audit log has it. */
export interface AuditedRequest {
  auditID: string;
  /** `ResponseStarted` (a watch, once it runs) or `ResponseComplete`. */
  stage: string;
  /** The identity, e.g. `backstage` or `system:apiserver`. */
  user: string;
  /** The RBAC verb: get, list, watch, create, patch... */
  verb: string;
  resource: string;
  /** Unset for a request across every namespace (cluster scope). */
  namespace?: string;
  name?: string;
  /** The answer's HTTP status (200 when a watch starts; 403 when RBAC refused it). */
  code?: number;
}

/** The audit log's requests (one JSON event a line), oldest first. */
export function readAuditLog(file: string): AuditedRequest[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter(line => line.trim())
    .flatMap(line => {
      try {
        return [JSON.parse(line)];
      } catch {
        return []; // the last line of an API server killed while writing it
      }
    })
    .map(event => ({
      auditID: event.auditID,
      stage: event.stage,
      user: event.user?.username,
      verb: event.verb,
      resource: event.objectRef?.resource,
      ...(event.objectRef?.namespace
        ? { namespace: event.objectRef.namespace }
        : {}),
      ...(event.objectRef?.name ? { name: event.objectRef.name } : {}),
      ...(event.responseStatus?.code
        ? { code: event.responseStatus.code }
        : {}),
    }));
}

/** LISTs and WATCHes of one identity. */
export interface ListsAndWatches {
  list: number;
  watch: number;
}

/**
 * Secret LISTs and WATCHes across every namespace (no namespace in the request) that the
 * API server served, per identity; a watch, audited when it starts and again when it ends,
 * counts once. One RBAC refused read nothing (the control plane's own test asks it, to see
 * the refusal) and is left out.
 */
export function clusterWideSecretReadsByUser(
  audited: AuditedRequest[],
): Record<string, ListsAndWatches> {
  const byUser: Record<string, ListsAndWatches> = {};
  const seen = new Set<string>();
  for (const r of audited) {
    if (r.resource !== 'secrets' || r.namespace) continue;
    if (r.verb !== 'list' && r.verb !== 'watch') continue;
    if (r.code !== undefined && r.code >= 400) continue;
    if (seen.has(r.auditID)) continue;
    seen.add(r.auditID);
    byUser[r.user] ??= { list: 0, watch: 0 };
    byUser[r.user][r.verb]++;
  }
  return byUser;
}

/**
 * When set (scripts/test sets it), every control plane appends one JSON line to this file
 * as it stops: its cluster-wide Secret reads per identity, from its audit log. Summed over
 * a whole test run by `local-control-plane secret-reads <file>`.
 */
export const SECRET_READS_LOG_ENV = 'MODEL_DELIVERY_SECRET_READS_LOG';

/** Appends this control plane's cluster-wide Secret reads to the run's log, if one is kept. */
export function recordSecretReads(auditLog: string, dir: string): void {
  const runLog = process.env[SECRET_READS_LOG_ENV];
  if (!runLog) return;
  const byUser = clusterWideSecretReadsByUser(readAuditLog(auditLog));
  appendFileSync(runLog, `${JSON.stringify({ controlPlane: dir, byUser })}\n`);
}

/** The cluster-wide Secret reads of every control plane a run recorded, summed per identity. */
export function sumSecretReads(runLog: string): {
  controlPlanes: number;
  byUser: Record<string, ListsAndWatches>;
} {
  const lines = readFileSync(runLog, 'utf8')
    .split('\n')
    .filter(line => line.trim());
  const byUser: Record<string, ListsAndWatches> = {};
  for (const line of lines) {
    const entry: { byUser: Record<string, ListsAndWatches> } = JSON.parse(line);
    for (const [user, reads] of Object.entries(entry.byUser)) {
      byUser[user] ??= { list: 0, watch: 0 };
      byUser[user].list += reads.list;
      byUser[user].watch += reads.watch;
    }
  }
  return { controlPlanes: lines.length, byUser };
}
