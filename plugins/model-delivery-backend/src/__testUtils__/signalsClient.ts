import { mockCredentials } from '@backstage/backend-test-utils';
import WebSocket from 'ws';

export interface ReceivedSignal {
  channel: string;
  message: unknown;
  receivedAt: number;
}

/**
 * A WebSocket client of the signals backend that connects and subscribes the way the
 * signals frontend (`@backstage/plugin-signals`) does: `ws://…/api/signals` with the
 * user's token, then `{ action: 'subscribe', channel }` messages. The backend refuses an
 * upgrade without a token (401). The frontend sends the token as the sub-protocol; test
 * tokens are not valid sub-protocol strings, so this client sends it as the
 * `Authorization: Bearer` header, which the backend reads too.
 */
export class SignalsClient {
  readonly received: ReceivedSignal[] = [];
  private waiters: Array<() => void> = [];

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', data => {
      const parsed = JSON.parse(data.toString());
      this.received.push({ ...parsed, receivedAt: Date.now() });
      const waiters = this.waiters;
      this.waiters = [];
      waiters.forEach(w => w());
    });
  }

  /** Connects, retrying for a while, as the frontend client reconnects. */
  static async connect(
    port: number,
    timeoutMs = 10_000,
  ): Promise<SignalsClient> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const ws = await new Promise<WebSocket>((resolve, reject) => {
          const socket = new WebSocket(`ws://localhost:${port}/api/signals`, {
            handshakeTimeout: 1000,
            headers: { Authorization: mockCredentials.user.header() },
          });
          socket.once('open', () => resolve(socket));
          socket.once('error', reject);
          socket.once('unexpected-response', (_req, res) =>
            reject(new Error(`upgrade answered ${res.statusCode}`)),
          );
        });
        return new SignalsClient(ws);
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise(r => setTimeout(r, 100));
      }
    }
  }

  subscribe(channel: string) {
    this.ws.send(JSON.stringify({ action: 'subscribe', channel }));
  }

  /** The first signal on `channel` received at or after `since`; rejects after `timeoutMs`. */
  async next(
    channel: string,
    since: number,
    timeoutMs: number,
  ): Promise<ReceivedSignal> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.find(
        s => s.channel === channel && s.receivedAt >= since,
      );
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`no signal on ${channel} within ${timeoutMs} ms`);
      }
      await new Promise<void>(resolve => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close() {
    this.ws.close();
  }
}
