import { ResponseError } from '@backstage/errors';

/** Duck-typed: a ResponseError from another copy of @backstage/errors is one too. */
function asResponseError(error: Error): ResponseError | undefined {
  return error.name === 'ResponseError' ? (error as ResponseError) : undefined;
}

/** The HTTP status of a failed backend call, when it got that far. */
export function httpStatus(error: Error): number | undefined {
  return asResponseError(error)?.response?.status;
}

/**
 * What went wrong, in the backend's words when it gave any: a ResponseError's own
 * message only says "Request failed with 409 Conflict".
 */
export function describeError(error: Error): string {
  const responseError = asResponseError(error);
  const cause = responseError?.cause?.message;
  if (responseError && cause) {
    return `${cause} (HTTP ${responseError.response.status})`;
  }
  return error.message;
}

/**
 * What a failed status request means for the person looking at the page. The backend
 * answers 403 when the read permission is denied and 404 when the entity is not visible
 * to the caller; anything else is a fault, and says so.
 */
export function statusErrorMessage(error: Error): {
  title: string;
  /** The user's access is the cause, not a fault: shown as a warning, not an error. */
  forbidden: boolean;
} {
  const status = httpStatus(error);
  if (status === 403) {
    return {
      title: 'You are not allowed to see model delivery status for this entity',
      forbidden: true,
    };
  }
  if (status === 404) {
    return {
      title:
        'No model delivery status found for this entity: it is not visible to you, or the model delivery backend is not installed',
      forbidden: true,
    };
  }
  return {
    title: `Could not load model delivery status: ${describeError(error)}`,
    forbidden: false,
  };
}
