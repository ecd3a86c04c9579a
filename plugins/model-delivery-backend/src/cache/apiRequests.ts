import { createInterface } from 'node:readline';
import { KubeConfig } from '@kubernetes/client-node';
import {
  KubeObject,
  WatchedType,
} from '@model-delivery/plugin-model-delivery-common';
import {
  KubernetesHttpError,
  getKubernetesJson,
  kubernetesTimeoutError,
  listKubernetesPages,
  openKubernetesGet,
} from '@model-delivery/plugin-model-delivery-node';

/*
 * The requests of a ListWatch, LIST (paged) and WATCH (streamed), and the liveness probe,
 * through the node package's raw requests (see there why not client-node's).
 */

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
  return listKubernetesPages(
    kc,
    {
      path: collectionPath(type),
      query: { labelSelector: type.labelSelector },
      pageSize: PAGE_SIZE,
      timeoutMs: requestTimeoutMs,
      signal,
    },
    (item: KubeObject) => withTypeMeta(item, type),
  );
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
  const response = await openKubernetesGet(kc, {
    path,
    query: {
      watch: 'true',
      resourceVersion: options.resourceVersion,
      labelSelector: type.labelSelector,
      allowWatchBookmarks: 'true',
      timeoutSeconds: String(options.timeoutSeconds),
    },
    timeoutMs: options.requestTimeoutMs,
    signal: options.signal,
  });

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
        () => finish(kubernetesTimeoutError(`WATCH ${path}`, silenceMs)),
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
    await getKubernetesJson(kc, {
      path: '/version',
      timeoutMs,
      signal: controller.signal,
    });
  } catch (error) {
    if (error instanceof KubernetesHttpError) return;
    if (controller.signal.aborted && !signal.aborted) {
      throw kubernetesTimeoutError('GET /version', timeoutMs);
    }
    throw error;
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', abort);
  }
}
