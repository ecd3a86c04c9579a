import { createServer } from 'node:https';
import { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { ControlPlane } from './controlPlane';
import { issueKubeletServingCertificate } from './kubeletTls';
import { rawRequest } from './manifests';

/**
 * What a test or the seeded portal can ask of a {@link FakeKubelet}.
 */
export interface FakeKubelet {
  /** The HTTPS port it serves on 127.0.0.1 (the Node's kubelet endpoint). */
  readonly port: number;
  /** Registers a Node whose kubelet endpoint is this server; pods bound to it get their logs here. */
  registerNode(admin: KubeConfig, nodeName: string): Promise<void>;
  /** The log a container has written so far. */
  setLog(namespace: string, pod: string, container: string, log: string): void;
  /**
   * The log the container writes in every pod of Job `job` (the Job controller names them
   * `<job>-` and five characters), for pods whose names are not known in advance.
   */
  setJobLog(
    namespace: string,
    job: string,
    container: string,
    log: string,
  ): void;
  /** A container that has not started: the kubelet answers with the waiting reason. */
  setWaiting(
    namespace: string,
    pod: string,
    container: string,
    reason: string,
  ): void;
  /** Every request path (with query) received, oldest first. */
  readonly requests: string[];
  stop(): Promise<void>;
}

type ContainerState = { log: string } | { waiting: string };

/** The last `tailLines` lines, as the kubelet's log reader counts them. */
function tail(log: string, tailLines: string | null): string {
  const n = tailLines === null ? NaN : Number(tailLines);
  if (!Number.isInteger(n) || n < 0) return log;
  const lines = log.split(/(?<=\n)/);
  return lines.slice(Math.max(0, lines.length - n)).join('');
}

/**
 * A stand-in for the kubelets of a cluster, speaking the one part of the kubelet API the
 * API server proxies pod logs to: `GET /containerLogs/<namespace>/<pod>/<container>`
 * (with `tailLines`), over HTTPS with a serving certificate the control plane's kubelet CA
 * signed. No kubelet runs on loopback, so without it `pods/log` could not answer at all.
 *
 * Its answers are the kubelet's: the log as plain text; 404 `pod "p" does not exist` and
 * 404 `container "c" not found in pod "p"`; 400 `container "c" in pod "p" is waiting
 * to start: <reason>`.
 */
export async function startFakeKubelet(
  controlPlane: Pick<ControlPlane, 'kubeletCa'>,
): Promise<FakeKubelet> {
  const tls = await issueKubeletServingCertificate(controlPlane.kubeletCa);
  const pods = new Map<string, Map<string, ContainerState>>();
  const jobs = new Map<string, Map<string, ContainerState>>();
  const requests: string[] = [];

  const server = createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    // As a kubelet's: what `registerNode` asks to know the API server can reach it.
    if (url.pathname === '/healthz') {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('ok');
      return;
    }
    requests.push(req.url ?? '');
    const match = /^\/containerLogs\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(
      url.pathname,
    );
    const fail = (status: number, message: string) => {
      res.writeHead(status, { 'Content-Type': 'text/plain' });
      res.end(message);
    };
    if (req.method !== 'GET' || !match) {
      fail(404, '404 page not found');
      return;
    }
    const [namespace, pod, container] = match.slice(1).map(decodeURIComponent);
    const containers =
      pods.get(`${namespace}/${pod}`) ??
      jobs.get(`${namespace}/${pod.replace(/-[a-z0-9]{5}$/, '')}`);
    if (!containers) {
      fail(404, `pod "${pod}" does not exist`);
      return;
    }
    const state = containers.get(container);
    if (!state) {
      fail(404, `container "${container}" not found in pod "${pod}"`);
      return;
    }
    if ('waiting' in state) {
      fail(
        400,
        `container "${container}" in pod "${pod}" is waiting to start: ${state.waiting}`,
      );
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end(tail(state.log, url.searchParams.get('tailLines')));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  const containersOf = (namespace: string, pod: string) => {
    const key = `${namespace}/${pod}`;
    const known = pods.get(key) ?? new Map<string, ContainerState>();
    pods.set(key, known);
    return known;
  };

  return {
    port,
    requests,
    registerNode: async (admin, nodeName) => {
      // A kubelet registers its Node with its status in the create (no status subresource
      // round trip): its addresses and the port the API server proxies to.
      const node = {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: nodeName },
        status: {
          addresses: [{ type: 'InternalIP', address: '127.0.0.1' }],
          daemonEndpoints: { kubeletEndpoint: { Port: port } },
          conditions: [
            {
              type: 'Ready',
              status: 'True',
              reason: 'KubeletReady',
              message: 'fake kubelet on loopback',
            },
          ],
        },
      };
      const created = await rawRequest(admin, 'POST', '/api/v1/nodes', node);
      if (created.status >= 300) {
        throw new Error(
          `registering Node ${nodeName} answered ${created.status}: ${
            created.body?.message ?? JSON.stringify(created.body)
          }`,
        );
      }
      // The API server finds a node to proxy to through its cache, a moment after the
      // create: until it does, a pod's log on that node is "not found".
      const deadline = Date.now() + 15_000;
      for (;;) {
        const health = await rawRequest(
          admin,
          'GET',
          `/api/v1/nodes/${encodeURIComponent(nodeName)}/proxy/healthz`,
        );
        if (health.status === 200) return;
        if (Date.now() > deadline) {
          throw new Error(
            `the API server cannot reach Node ${nodeName}'s kubelet: ${
              health.status
            } ${JSON.stringify(health.body)}`,
          );
        }
        await new Promise(r => setTimeout(r, 100));
      }
    },
    setLog: (namespace, pod, container, log) => {
      containersOf(namespace, pod).set(container, { log });
    },
    setJobLog: (namespace, job, container, log) => {
      const key = `${namespace}/${job}`;
      const known = jobs.get(key) ?? new Map<string, ContainerState>();
      jobs.set(key, known);
      known.set(container, { log });
    },
    setWaiting: (namespace, pod, container, reason) => {
      containersOf(namespace, pod).set(container, { waiting: reason });
    },
    stop: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
