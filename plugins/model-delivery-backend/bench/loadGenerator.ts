/*
 * The viewers of the benchmark: a child process that sends one kind of request to the
 * backend from `viewers` concurrent keep-alive connections and times each one. It runs
 * in its own process so that reading answers (several MB each for the stock backend)
 * does not take turns with the backend on one event loop.
 */
import { ChildProcess, fork } from 'node:child_process';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';

/** One level of load: what to request, from how many viewers, for how long. */
export interface LoadSpec {
  /** http://127.0.0.1:<port>/… (loopback only). */
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  /** Requests in flight at once; each viewer sends its next request when its last one is answered. */
  viewers: number;
  /** Requests in all (at least `viewers`). */
  requests: number;
  /** No request starts after this; those under way are waited for. */
  budgetMs: number;
  /** A request unanswered this long counts as timed out and is abandoned. */
  timeoutMs: number;
  /** Per viewer, headers over `headers` (each viewer its own user, say). */
  viewerHeaders?: Array<Record<string, string>>;
  /** Counted in each answer's body (errors the answer reports, say). */
  countInBody?: string;
}

/** What a level measured. */
export interface LoadResult {
  /** Per answered request, in the order answered: time to the last byte, in ms. */
  latencies: number[];
  /** Per answered request: the body's size in bytes. */
  sizes: number[];
  /** Per answered request: how often `countInBody` occurs in its body. */
  counted: number[];
  /** Answers per HTTP status. */
  statuses: Record<string, number>;
  timeouts: number;
  /** Connection errors other than timeouts. */
  errors: number;
  elapsedMs: number;
}

interface Message {
  spec: LoadSpec;
}

interface ChildMessage {
  type: string;
  result?: LoadResult;
  error?: string;
}

const CHILD_ENV = 'MODEL_DELIVERY_BENCH_LOAD_CHILD';
const RESULT = 'model-delivery-bench-load-result';

/** Opens `count` keep-alive connections (a cheap request each) so a level times views, not TCP handshakes. */
async function openConnections(agent: Agent, spec: LoadSpec, count: number) {
  const health = new URL('/.backstage/health/v1/liveness', spec.url);
  await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<void>(resolve => {
          const req = request(health, { agent }, res => {
            res.resume();
            res.on('end', () => resolve());
          });
          req.on('error', () => resolve());
          req.end();
        }),
    ),
  );
}

async function runInChild(spec: LoadSpec): Promise<LoadResult> {
  const url = new URL(spec.url);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
    throw new Error(
      `the benchmark only sends requests to loopback, not ${url}`,
    );
  }
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  await openConnections(agent, spec, spec.viewers);

  const result: LoadResult = {
    latencies: [],
    sizes: [],
    counted: [],
    statuses: {},
    timeouts: 0,
    errors: 0,
    elapsedMs: 0,
  };
  const once = (viewer: number, t0 = performance.now(), retried = false) =>
    new Promise<void>(resolve => {
      const headers = { ...spec.headers, ...spec.viewerHeaders?.[viewer] };
      const req = request(
        url,
        {
          agent,
          method: spec.method,
          headers: spec.body
            ? {
                ...headers,
                'Content-Type': 'application/json',
                'Content-Length': String(Buffer.byteLength(spec.body)),
              }
            : headers,
          timeout: spec.timeoutMs,
        },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => {
            chunks.push(chunk);
          });
          res.on('end', () => {
            result.latencies.push(performance.now() - t0);
            const body = Buffer.concat(chunks);
            // Bytes on the wire; counted in what a browser would decompress.
            result.sizes.push(body.length);
            if (spec.countInBody) {
              const text = decoded(body, res.headers['content-encoding']);
              result.counted.push(text.split(spec.countInBody).length - 1);
            }
            const status = String(res.statusCode);
            result.statuses[status] = (result.statuses[status] ?? 0) + 1;
            resolve();
          });
          res.on('error', () => {
            result.errors++;
            resolve();
          });
        },
      );
      let timedOut = false;
      req.on('timeout', () => {
        timedOut = true;
        result.timeouts++;
        req.destroy();
        resolve();
      });
      req.on('error', () => {
        // destroy() after a timeout ends in an error too: counted as the timeout.
        if (timedOut) return;
        // A kept-alive connection the server closed as idle just before this request
        // was sent on it: a browser sends it again, and so does a viewer, once.
        if (req.reusedSocket && !retried) {
          once(viewer, t0, true).then(resolve);
          return;
        }
        result.errors++;
        resolve();
      });
      if (spec.body) req.write(spec.body);
      req.end();
    });

  const total = Math.max(spec.requests, spec.viewers);
  let started = 0;
  const t0 = performance.now();
  const deadline = t0 + spec.budgetMs;
  await Promise.all(
    Array.from({ length: spec.viewers }, async (_, viewer) => {
      while (
        started < total &&
        (started === 0 || performance.now() < deadline)
      ) {
        started++;
        await once(viewer);
      }
    }),
  );
  result.elapsedMs = performance.now() - t0;
  agent.destroy();
  return result;
}

let child: ChildProcess | undefined;

/**
 * Runs one level in the load process (started on first use, with this process's Node
 * options) and returns what it measured.
 */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  if (!child) {
    child = fork(__filename, [], {
      env: { ...process.env, [CHILD_ENV]: '1' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
  }
  const worker = child;
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) =>
      reject(new Error(`the load process exited (${code})`));
    // Backstage's node transform reports the files it compiles on the same channel.
    const onMessage = (message: ChildMessage) => {
      if (message?.type !== RESULT) return;
      worker.off('exit', onExit);
      worker.off('message', onMessage);
      if (message.error) reject(new Error(message.error));
      else resolve(message.result!);
    };
    worker.once('exit', onExit);
    worker.on('message', onMessage);
    worker.send({ spec } satisfies Message);
  });
}

/** Ends the load process, if one was started. */
export function stopLoad() {
  child?.disconnect();
  child = undefined;
}

if (process.env[CHILD_ENV] && process.send) {
  process.on('message', (message: Message) => {
    runInChild(message.spec).then(
      result => process.send!({ type: RESULT, result } satisfies ChildMessage),
      error =>
        process.send!({
          type: RESULT,
          error: String(error?.stack ?? error),
        } satisfies ChildMessage),
    );
  });
  // The parent going away ends this process.
  process.on('disconnect', () => process.exit(0));
}

/** A body as a browser reads it, whichever encoding the server chose. */
function decoded(body: Buffer, encoding: string | undefined): string {
  switch (encoding) {
    case 'gzip':
      return gunzipSync(body).toString('utf8');
    case 'deflate':
      return inflateSync(body).toString('utf8');
    case 'br':
      return brotliDecompressSync(body).toString('utf8');
    default:
      return body.toString('utf8');
  }
}
