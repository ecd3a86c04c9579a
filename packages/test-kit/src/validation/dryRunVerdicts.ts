import { ControlPlane } from '@internal/local-control-plane';
import { Agent, request } from 'node:https';

/** What the API server said about one object: admitted, or refused with its reason. */
export interface ServerVerdict {
  accepted: boolean;
  status: number;
  /** The server's message when it refused. */
  message?: string;
}

/**
 * Server-side dry-run creates against a local control plane, many at once over kept-alive
 * connections: the API server validates each object fully (decoding, schema, admission) and
 * stores nothing.
 */
export class DryRunCreator {
  private readonly agent: Agent;
  private readonly token: string;

  constructor(private readonly controlPlane: ControlPlane) {
    this.agent = new Agent({
      keepAlive: true,
      maxSockets: 16,
      ca: Buffer.from(controlPlane.caData, 'base64').toString('utf8'),
    });
    this.token = controlPlane.token('admin');
  }

  /** POSTs `body` to the collection `path` with `dryRun=All`. */
  verdict(path: string, body: unknown): Promise<ServerVerdict> {
    const url = new URL(`${path}?dryRun=All`, this.controlPlane.server);
    const payload = JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method: 'POST',
          agent: this.agent,
          headers: {
            Authorization: `Bearer ${this.token}`,
            'Content-Type': 'application/json',
            'Content-Length': Buffer.byteLength(payload),
          },
        },
        response => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', chunk => {
            text += chunk;
          });
          response.on('end', () => {
            const status = response.statusCode ?? 0;
            if (status === 200 || status === 201) {
              resolve({ accepted: true, status });
              return;
            }
            let message = text;
            try {
              message = JSON.parse(text).message ?? text;
            } catch {
              // a plain-text answer is its own message
            }
            // 409: the name is valid and taken (e.g. the Namespace 'default').
            if (status === 409) {
              resolve({ accepted: true, status, message });
            } else if (status === 400 || status === 422) {
              resolve({ accepted: false, status, message });
            } else {
              reject(new Error(`POST ${path} answered ${status}: ${message}`));
            }
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  close() {
    this.agent.destroy();
  }
}

/** Runs `work` over `items` with at most `concurrency` at a time, keeping the order. */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from(
    { length: Math.min(concurrency, items.length) },
    async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]);
      }
    },
  );
  await Promise.all(workers);
  return results;
}
