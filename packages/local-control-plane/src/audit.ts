import { readFileSync } from 'node:fs';

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
    .map(line => JSON.parse(line))
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
    }));
}
