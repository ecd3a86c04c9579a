import { ResponseError } from '@backstage/errors';

/** The error the client raises for a backend answer with this status. */
export function responseError(
  status: number,
  name: string,
  message: string,
): Promise<ResponseError> {
  return ResponseError.fromResponse(
    new Response(JSON.stringify({ error: { name, message } }), {
      status,
      statusText: name,
      headers: { 'Content-Type': 'application/json' },
    }),
  );
}
