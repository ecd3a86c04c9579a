import { IncomingMessage, request as httpRequest } from 'node:http';
import { RequestOptions, request as httpsRequest } from 'node:https';
import { createInterface } from 'node:readline';
import { KubeConfig } from '@kubernetes/client-node';
import {
  KubeObject,
  WatchedType,
} from '@model-delivery/plugin-model-delivery-common';

/*
 * The two requests a ListWatch makes, LIST (paged) and WATCH (streamed), as raw JSON.
 *
 * Not client-node's typed clients: they need a class per type (the watched types are
 * generic), and their deserializer turns times into Dates and drops fields it has no
 * model for. Not client-node's `Watch` either: it has no timeout while waiting for the
 * response headers (its AbortSignal.timeout is overwritten), so a black-holed API server
 * would hang a watch forever instead of being reported unreachable.
 *
 * Credentials come from `KubeConfig.applyToHTTPSOptions`, which runs the authenticator
 * of @model-delivery/plugin-model-delivery-node, so rotating tokens apply per request.
 */

/** A non-2xx answer, shaped as `describeKubernetesError` reads it (`statusCode`, `body`). */
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

/** A request that got no answer in time; `code` makes it read as a connection problem. */
function timeoutError(what: string, ms: number): Error {
  return Object.assign(new Error(`${what}: no answer within ${ms} ms`), {
    code: 'ETIMEDOUT',
  });
}

/** `/api/v1/pods`, `/apis/batch/v1/namespaces/x/jobs`: the collection of a watched type. */
export function collectionPath(type: WatchedType): string {
  const base = type.apiVersion.includes('/')
    ? `/apis/${type.apiVersion}`
    : `/api/${type.apiVersion}`;
  const ns =
    type.namespaced && type.namespace
      ? `/namespaces/${encodeURIComponent(type.namespace)}`
      : '';
  return `${base}${ns}/${type.plural}`;
}

async function openRequest(
  kc: KubeConfig,
  path: string,
  query: Record<string, string | undefined>,
  signal: AbortSignal,
  timeoutMs: number,
): Promise<IncomingMessage> {
  const server = kc.getCurrentCluster()?.server;
  if (!server) {
    throw new Error('the kubeconfig has no current cluster');
  }
  const url = new URL(server.replace(/\/$/, '') + path);
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) url.searchParams.set(key, value);
  }
  const options: RequestOptions = {
    method: 'GET',
    headers: { Accept: 'application/json' },
  };
  await kc.applyToHTTPSOptions(options);
  const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
  const what = `GET ${url.pathname}`;

  return new Promise((resolve, reject) => {
    const req = send(url, { ...options, signal }, resolve);
    const timer = setTimeout(
      () => req.destroy(timeoutError(what, timeoutMs)),
      timeoutMs,
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
}

async function readBody(response: IncomingMessage): Promise<string> {
  response.setEncoding('utf8');
  let text = '';
  for await (const chunk of response) text += chunk;
  return text;
}

async function failIfNotOk(response: IncomingMessage, what: string) {
  const status = response.statusCode ?? 0;
  if (status < 200 || status >= 300) {
    let body = '';
    try {
      body = await readBody(response);
    } catch {
      // the status code alone says enough
    }
    throw new KubernetesHttpError(status, body, what);
  }
}

/** Kubernetes lists omit `apiVersion` and `kind` on built-in items; the type says them. */
function withTypeMeta(object: KubeObject, type: WatchedType): KubeObject {
  if (object.apiVersion && object.kind) return object;
  return { ...object, apiVersion: type.apiVersion, kind: type.kind };
}

export interface ListResult {
  items: KubeObject[];
  resourceVersion: string;
}

/** Items per LIST page: keeps each answer bounded on big clusters. */
const PAGE_SIZE = 500;

/**
 * Lists every object of a type (all pages). `requestTimeoutMs` bounds the wait for each
 * page's response headers. Rejects with KubernetesHttpError or a connection error.
 */
export async function listAllPages(
  kc: KubeConfig,
  type: WatchedType,
  signal: AbortSignal,
  requestTimeoutMs: number,
): Promise<ListResult> {
  const path = collectionPath(type);
  const items: KubeObject[] = [];
  let continueToken: string | undefined;
  let resourceVersion = '';
  do {
    const response = await openRequest(
      kc,
      path,
      {
        labelSelector: type.labelSelector,
        limit: String(PAGE_SIZE),
        continue: continueToken,
      },
      signal,
      requestTimeoutMs,
    );
    await failIfNotOk(response, `LIST ${path}`);
    const page = JSON.parse(await readBody(response)) as {
      items?: KubeObject[];
      metadata?: { resourceVersion?: string; continue?: string };
    };
    items.push(...(page.items ?? []).map(item => withTypeMeta(item, type)));
    // Every page carries the snapshot's resourceVersion; the watch starts from it.
    resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
    continueToken = page.metadata?.continue || undefined;
  } while (continueToken);
  return { items, resourceVersion };
}

export type WatchEventType =
  | 'ADDED'
  | 'MODIFIED'
  | 'DELETED'
  | 'BOOKMARK'
  | 'ERROR';

export interface WatchEvent {
  type: WatchEventType;
  /** The object; for ERROR, a metav1.Status (`code` 410 means the resourceVersion expired). */
  object: KubeObject & { code?: number; message?: string };
}

export interface WatchOptions {
  resourceVersion: string;
  /** The API server closes the watch after this long; the next one resumes from the last event. */
  timeoutSeconds: number;
  signal: AbortSignal;
  /** How long to wait for the response headers. */
  requestTimeoutMs: number;
  onEvent(event: WatchEvent): void;
}

/**
 * Watches a type from a resourceVersion. Resolves when the API server ends the watch
 * (its timeout, or a 410 it reported as an ERROR event); rejects on any failure, including
 * a stream that stays silent past the server-side timeout (a peer that vanished).
 */
export async function watchObjects(
  kc: KubeConfig,
  type: WatchedType,
  options: WatchOptions,
): Promise<void> {
  const path = collectionPath(type);
  const response = await openRequest(
    kc,
    path,
    {
      watch: 'true',
      resourceVersion: options.resourceVersion,
      labelSelector: type.labelSelector,
      allowWatchBookmarks: 'true',
      timeoutSeconds: String(options.timeoutSeconds),
    },
    options.signal,
    options.requestTimeoutMs,
  );
  await failIfNotOk(response, `WATCH ${path}`);

  // Server-side timeout plus a margin: a stream silent for longer lost its peer.
  const silenceMs = (options.timeoutSeconds + 60) * 1000;
  const lines = createInterface({ input: response, crlfDelay: Infinity });
  await new Promise<void>((resolve, reject) => {
    let settled = false;
    let silence: ReturnType<typeof setTimeout> | undefined = undefined;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(silence);
      lines.close();
      if (error) {
        response.destroy();
        reject(error);
      } else {
        resolve();
      }
    };
    const armSilenceTimer = () => {
      clearTimeout(silence);
      silence = setTimeout(
        () => finish(timeoutError(`WATCH ${path}`, silenceMs)),
        silenceMs,
      );
    };
    armSilenceTimer();
    lines.on('line', line => {
      if (settled || !line.trim()) return;
      armSilenceTimer();
      let event: WatchEvent;
      try {
        event = JSON.parse(line);
      } catch {
        finish(new Error(`WATCH ${path} sent a line that is not JSON`));
        return;
      }
      if (event.object && event.type !== 'ERROR' && event.type !== 'BOOKMARK') {
        event.object = withTypeMeta(event.object, type);
      }
      try {
        options.onEvent(event);
      } catch (error) {
        finish(error as Error);
      }
    });
    // 'aborted' or 'error' (ECONNRESET) when the connection drops mid-stream.
    response.on('error', error => finish(error));
    response.on('aborted', () =>
      finish(
        Object.assign(new Error(`WATCH ${path}: connection lost`), {
          code: 'ECONNRESET',
        }),
      ),
    );
    response.on('end', () => finish());
  });
}

/**
 * Asks the API server for its version and waits at most `timeoutMs` for the whole
 * answer. Any HTTP answer counts (even a refusal: the server is alive); silence past the
 * timeout, or a connection error, rejects. A frozen API server (a partition, a stopped
 * process) keeps watch streams open but silent, so only asking tells it apart from a
 * quiet cluster.
 */
export async function probeApiServer(
  kc: KubeConfig,
  signal: AbortSignal,
  timeoutMs: number,
): Promise<void> {
  const controller = new AbortController();
  const abort = () => controller.abort();
  signal.addEventListener('abort', abort, { once: true });
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await openRequest(
      kc,
      '/version',
      {},
      controller.signal,
      timeoutMs,
    );
    await readBody(response);
  } catch (error) {
    if (controller.signal.aborted && !signal.aborted) {
      throw timeoutError('GET /version', timeoutMs);
    }
    throw error;
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', abort);
  }
}
