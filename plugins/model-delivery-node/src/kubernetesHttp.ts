import { IncomingMessage, request as httpRequest } from 'node:http';
import { RequestOptions, request as httpsRequest } from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';

/*
 * The suite's raw GETs to an API server, as JSON: the status backend's LIST, WATCH and
 * liveness probe, the template forms' lists, the token Secret's read.
 *
 * Not client-node's typed clients: they need a class per type (the watched types are
 * generic), and their deserializer turns times into Dates and drops fields it has no
 * model for. Not client-node's `Watch` either: it has no timeout while waiting for the
 * response headers (its AbortSignal.timeout is overwritten), so a black-holed API server
 * would hang a watch forever instead of being reported unreachable.
 *
 * Credentials come from `KubeConfig.applyToHTTPSOptions`, which runs the authenticator of
 * the clusters service, so rotating tokens apply per request.
 */

/**
 * A non-2xx answer of an API server, shaped as {@link describeKubernetesError} reads it
 * (`statusCode`, and the Status `body`, which names the verb and resource, never an
 * object's data).
 *
 * @public
 */
export class KubernetesHttpError extends Error {
  readonly statusCode: number;
  readonly body: string;

  constructor(statusCode: number, body: string, what: string) {
    super(`${what} answered HTTP ${statusCode}`);
    this.name = 'KubernetesHttpError';
    this.statusCode = statusCode;
    this.body = body;
  }
}

/** A GET to an API server. @public */
export interface KubernetesGet {
  /** `/api/v1/namespaces`, `/apis/batch/v1/namespaces/x/jobs`. */
  path: string;
  /** Parameters left undefined are not sent. */
  query?: Record<string, string | undefined>;
  /** Default `application/json`. */
  accept?: string;
  /** How long to wait for the answer's headers; then it fails as a connection problem (ETIMEDOUT). */
  timeoutMs: number;
  signal?: AbortSignal;
}

/** A request that got no answer in time; `code` makes it read as a connection problem. @public */
export function kubernetesTimeoutError(what: string, ms: number): Error {
  return Object.assign(new Error(`${what}: no answer within ${ms} ms`), {
    code: 'ETIMEDOUT',
  });
}

async function readText(response: IncomingMessage): Promise<string> {
  response.setEncoding('utf8');
  let text = '';
  for await (const chunk of response) text += chunk;
  return text;
}

/**
 * Sends a GET and resolves with the response once its headers arrive, for the caller to
 * read or stream; any answer but a 2xx rejects with a {@link KubernetesHttpError}.
 *
 * @public
 */
export async function openKubernetesGet(
  kc: KubeConfig,
  get: KubernetesGet,
): Promise<IncomingMessage> {
  const server = kc.getCurrentCluster()?.server;
  if (!server) throw new Error('the kubeconfig has no current cluster');
  const url = new URL(server.replace(/\/$/, '') + get.path);
  for (const [key, value] of Object.entries(get.query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, value);
  }
  const options: RequestOptions = {
    method: 'GET',
    headers: { Accept: get.accept ?? 'application/json' },
  };
  await kc.applyToHTTPSOptions(options);
  const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
  const what = `GET ${url.pathname}`;
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = send(url, { ...options, signal: get.signal }, resolve);
    const timer = setTimeout(
      () => req.destroy(kubernetesTimeoutError(what, get.timeoutMs)),
      get.timeoutMs,
    );
    req.on('response', () => clearTimeout(timer));
    req.on('error', error => {
      clearTimeout(timer);
      reject(error);
    });
    // A watch can stay open for many minutes; keepalive probes notice a dead peer.
    req.on('socket', socket => socket.setKeepAlive(true, 30_000));
    req.end();
  });
  const status = response.statusCode ?? 0;
  if (status < 200 || status >= 300) {
    const body = await readText(response).catch(() => '');
    throw new KubernetesHttpError(status, body, what);
  }
  return response;
}

/**
 * The JSON answer of a GET. A body that is not JSON rejects without quoting it: in a
 * Secret's answer the text around the fault is Secret data.
 *
 * @public
 */
export async function getKubernetesJson<T>(
  kc: KubeConfig,
  get: KubernetesGet,
): Promise<T> {
  const text = await readText(await openKubernetesGet(kc, get));
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`GET ${get.path} answered with a body that is not JSON`);
  }
}

/**
 * Every item of a collection, page by page (`limit` and `continue`), each reduced by
 * `project` as its page is read, so that what is not kept (a Secret's values) is dropped
 * page by page; with the list's resourceVersion, which a watch starts from.
 *
 * @public
 */
export async function listKubernetesPages<T>(
  kc: KubeConfig,
  get: KubernetesGet & { pageSize: number },
  project: (item: any) => T,
): Promise<{ items: T[]; resourceVersion: string }> {
  const items: T[] = [];
  let continueToken: string | undefined;
  let resourceVersion = '';
  do {
    const page = await getKubernetesJson<{
      items?: unknown[];
      metadata?: { resourceVersion?: string; continue?: string };
    }>(kc, {
      ...get,
      query: {
        ...get.query,
        limit: String(get.pageSize),
        continue: continueToken,
      },
    });
    for (const item of page.items ?? []) items.push(project(item));
    // Every page carries the snapshot's resourceVersion.
    resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
    continueToken = page.metadata?.continue || undefined;
  } while (continueToken);
  return { items, resourceVersion };
}
