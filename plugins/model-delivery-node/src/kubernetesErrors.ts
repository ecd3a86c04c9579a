import {
  AuthenticationError,
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { roleToBind } from './rbac';

/**
 * What was being done when a Kubernetes request failed, for
 * {@link describeKubernetesError}.
 *
 * @public
 */
export interface KubernetesErrorContext {
  /** The verb, as RBAC names it: get, list, watch, create, patch, update or delete. */
  action: string;
  /** The name of the cluster, as configured. */
  cluster: string;
  /** What was acted on, e.g. `ModelDownload models/gemma-2b` or `modeldownloads.hfops.kamal.dev`. */
  resource?: string;
  /** The cluster's API server URL, named when it cannot be reached; by default the one the error names. */
  url?: string;
  /**
   * The namespace of the request; by default the one a 403 names (RBAC's "in the
   * namespace" message). A 403 in a namespace says it is not opted in.
   */
  namespace?: string;
}

/**
 * Errors already phrased for the user, such as the ones `ModelDeliveryCluster.kubeConfig()`
 * and credential refresh throw; describing them again would only bury the message.
 */
const DESCRIBED_ERROR_NAMES = new Set([
  'AuthenticationError',
  'ConflictError',
  'InputError',
  'NotAllowedError',
  'NotFoundError',
  'ServiceUnavailableError',
]);

/** The fields of a `metav1.Status` that make an error actionable. */
interface KubernetesStatus {
  message?: string;
  reason?: string;
  details?: {
    name?: string;
    causes?: Array<{ field?: string; message?: string; reason?: string }>;
  };
}

/**
 * Turns an error from `@kubernetes/client-node` (an `ApiException` from an API client, a
 * `Watch` failure, or a network / TLS failure) into an error a template user can act on:
 * it names the cluster, the action and the resource, says what to fix, and is one of the
 * `@backstage/errors` classes so HTTP layers answer with the matching status code.
 *
 * The original error is kept as `cause`. The message quotes the API server's response
 * only, never the request body, which can hold Secret values.
 *
 * @public
 */
export function describeKubernetesError(
  error: unknown,
  context: KubernetesErrorContext,
): Error {
  if (error instanceof Error && DESCRIBED_ERROR_NAMES.has(error.name)) {
    return error;
  }
  const { cluster, action } = context;
  const doing = context.resource ? `${action} ${context.resource}` : action;

  const statusCode = kubernetesStatusCode(error);
  if (statusCode !== undefined) {
    const status = readStatus((error as { body?: unknown }).body);
    const apiMessage = status?.message;
    const said = apiMessage ? ` (the API server said: ${apiMessage})` : '';
    switch (statusCode) {
      case 401:
        return withCause(
          new AuthenticationError(
            `Cluster '${cluster}' rejected the credentials Backstage used to ${doing} (401 Unauthorized): check the token configured for cluster '${cluster}' in kubernetes.clusterLocatorMethods (serviceAccountToken, or the credentials its authProvider uses)`,
          ),
          error,
        );
      case 403: {
        const refused = refusedRequest(apiMessage);
        const advice = roleToBind({
          action: refused.verb ?? action,
          resource: refused.resource,
          namespace: context.namespace ?? refused.namespace,
          cluster,
        });
        return withCause(
          new NotAllowedError(
            // A sentence of its own: a resource named like a credential (`hf-token: …`)
            // would have the redactor take the next word for its value.
            `The Backstage identity for cluster '${cluster}' may not ${doing}. ${advice}${said}`,
          ),
          error,
        );
      }
      case 404:
        if (isResourceTypeMissing(status)) {
          return withCause(
            new NotFoundError(
              `Cannot ${doing} in cluster '${cluster}': the cluster does not serve this resource type, so its CRD (and the operator that handles it) is not installed there`,
            ),
            error,
          );
        }
        return withCause(
          new NotFoundError(
            `Cannot ${doing} in cluster '${cluster}': not found${said}`,
          ),
          error,
        );
      case 409:
        return withCause(
          new ConflictError(
            status?.reason === 'AlreadyExists'
              ? `Cannot ${doing} in cluster '${cluster}': it already exists${said}`
              : `Cannot ${doing} in cluster '${cluster}': it was changed meanwhile; reload it and try again${said}`,
          ),
          error,
        );
      case 422:
        return withCause(
          new InputError(
            `Cannot ${doing} in cluster '${cluster}': the API server rejected it as invalid: ${invalidFields(
              status,
            )}`,
          ),
          error,
        );
      case 400:
        return withCause(
          new InputError(
            `Cannot ${doing} in cluster '${cluster}': bad request${said}`,
          ),
          error,
        );
      default:
        if (statusCode === 429 || statusCode >= 500) {
          return withCause(
            new ServiceUnavailableError(
              `Cluster '${cluster}' could not ${doing} right now (HTTP ${statusCode})${said}`,
            ),
            error,
          );
        }
        return new Error(
          `Cannot ${doing} in cluster '${cluster}': the API server answered HTTP ${statusCode}${said}`,
          { cause: error },
        );
    }
  }

  const code = connectionErrorCode(error);
  if (code) {
    const url = context.url ?? urlInMessage(error);
    return withCause(
      new ServiceUnavailableError(
        `Cannot reach cluster '${cluster}'${
          url ? ` at ${url}` : ''
        } to ${doing}: ${code}${connectionHint(code)}`,
      ),
      error,
    );
  }

  return new Error(
    `Cannot ${doing} in cluster '${cluster}': ${
      error instanceof Error ? error.message : String(error)
    }`,
    { cause: error },
  );
}

/**
 * Keeps the original error as `cause` without the "; caused by …" suffix the
 * `@backstage/errors` classes add to the message: an `ApiException`'s message is the whole
 * response, headers included, and would bury the advice.
 */
export function withCause<T extends Error>(error: T, cause: unknown): T {
  (error as { cause?: unknown }).cause = cause;
  return error;
}

/**
 * The HTTP status of a failed request that got an answer: `ApiException.code` from
 * client-node's API clients, `statusCode` of a {@link KubernetesHttpError}; undefined for a
 * request that got none (a connection or TLS failure).
 *
 * @public
 */
export function kubernetesStatusCode(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) {
    return undefined;
  }
  const { code, statusCode } = error as {
    code?: unknown;
    statusCode?: unknown;
  };
  if (typeof code === 'number') {
    return code;
  }
  return typeof statusCode === 'number' ? statusCode : undefined;
}

/**
 * What an RBAC refusal names: the API server says `... User "x" cannot create resource
 * "secrets" in API group "" in the namespace "team-a"` (or `at the cluster scope`).
 */
function refusedRequest(message: string | undefined): {
  verb?: string;
  resource?: string;
  namespace?: string;
} {
  const text = message ?? '';
  const what = /cannot (\S+) resource "([^"]+)"/.exec(text);
  return {
    verb: what?.[1],
    resource: what?.[2],
    namespace: /in the namespace "([^"]+)"/.exec(text)?.[1],
  };
}

/** client-node 1.4 leaves the response body as text; older code paths parsed it. */
function readStatus(body: unknown): KubernetesStatus | undefined {
  let parsed = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  if (
    typeof parsed === 'object' &&
    parsed !== null &&
    (parsed as { kind?: unknown }).kind === 'Status'
  ) {
    return parsed as KubernetesStatus;
  }
  return undefined;
}

/**
 * A 404 about the object itself (a Status with reason NotFound naming it), as opposed to
 * one about its type (a CRD not installed), which is no answer about the object.
 *
 * @public
 */
export function isObjectNotFound(error: unknown): boolean {
  if (kubernetesStatusCode(error) !== 404) return false;
  const status = readStatus((error as { body?: unknown }).body);
  return status?.reason === 'NotFound' && !!status.details?.name;
}

/**
 * An unknown group, version or plural gets the API server's plain-text
 * "404 page not found" (no Status), or a Status without the object's name saying
 * "the server could not find the requested resource"; a missing object gets a
 * Status naming it.
 */
function isResourceTypeMissing(status: KubernetesStatus | undefined): boolean {
  if (!status) {
    return true;
  }
  return (
    !status.details?.name &&
    /could not find the requested resource/.test(status.message ?? '')
  );
}

function invalidFields(status: KubernetesStatus | undefined): string {
  const causes = status?.details?.causes ?? [];
  if (causes.length > 0) {
    return causes
      .map(c => (c.field ? `${c.field}: ${c.message}` : `${c.message}`))
      .join('; ');
  }
  return status?.message ?? 'no details given';
}

const CONNECTION_CODE =
  /^(E(CONN|HOST|NET|ADDR|AI_|TIMEDOUT|NOTFOUND|PIPE|PROTO)\w*|ERR_TLS_\w+|ERR_SSL_\w+|\w*CERT\w*|UNABLE_TO_\w+|SELF_SIGNED\w*)$/;

/** The system / TLS error code of a request that never got an HTTP answer. */
function connectionErrorCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && depth < 3; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && CONNECTION_CODE.test(code)) {
      return code;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function connectionHint(code: string): string {
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return ". The API server's certificate is not issued for this address: use an address the certificate names in the cluster's url";
  }
  if (/CERT|UNABLE_TO_|SELF_SIGNED/.test(code)) {
    return ". The API server's certificate is not trusted: set caData or caFile for the cluster to the CA that signed it";
  }
  return '';
}

/** node-fetch names the URL in its message: "request to https://… failed, reason: …". */
function urlInMessage(error: unknown): string | undefined {
  const match = /request to (\S+) failed/.exec(
    error instanceof Error ? error.message : '',
  );
  if (!match) {
    return undefined;
  }
  try {
    return new URL(match[1]).origin;
  } catch {
    return undefined;
  }
}
