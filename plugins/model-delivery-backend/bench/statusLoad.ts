/*
 * Load benchmark of the status backend, against a real local control plane.
 *
 *   cd plugins/model-delivery-backend
 *   node -r @backstage/cli/config/nodeTransform.cjs bench/statusLoad.ts \
 *     [--resources 200] [--entities 10] [--requests 1000] [--concurrency 20] [--changes 50]
 *
 * It starts etcd + kube-apiserver, creates `resources` ModelDownloads spread over
 * `entities` entities (each with two models, a Job per model and a pod per Job, as
 * hf-operator and the Job controller would), starts the plugin with the signals backend,
 * then measures:
 *  - `requests` sequential status requests for one entity, then as many again with
 *    `concurrency` in flight: requests per second, p50 and p99 latency;
 *  - the API server's `apiserver_request_total` for the watched resources, before and
 *    after: LIST and GET stay flat (the caches answer), WATCH may move;
 *  - `changes` Job status changes: time from the change (just before the PATCH is sent)
 *    to the signal arriving on a WebSocket subscribed like the signals frontend.
 */
import { performance } from 'node:perf_hooks';
import { mockCredentials } from '@backstage/backend-test-utils';
import signalsPlugin from '@backstage/plugin-signals-backend';
import {
  Manifest,
  applyManifests,
  startControlPlane,
} from '@internal/local-control-plane';
import { entitySignalChannel } from '@model-delivery/plugin-model-delivery-common';
import {
  clusterConfig,
  componentEntity,
  hfOperatorJob,
  jobPod,
  jobStatus,
  modelDownload,
  namespace,
  podStatus,
  statusOf,
} from '@model-delivery/test-kit';
import {
  countsDelta,
  readRequestCounts,
} from '../src/__testUtils__/apiServerMetrics';
import { SignalsClient } from '../src/__testUtils__/signalsClient';
import {
  startStatusBackend,
  statusPath,
  waitForStatus,
} from '../src/__testUtils__/statusBackend';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

const RESOURCES = option('resources', 200);
const ENTITIES = option('entities', 10);
const REQUESTS = option('requests', 1000);
const CONCURRENCY = option('concurrency', 20);
const CHANGES = option('changes', 50);
const NS = 'ml-models';

function percentile(sorted: number[], p: number): number {
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}

function summarize(latencies: number[], elapsedMs: number) {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    requests: latencies.length,
    perSecond: Math.round((latencies.length / elapsedMs) * 1000),
    p50: percentile(sorted, 50).toFixed(2),
    p99: percentile(sorted, 99).toFixed(2),
  };
}

async function main() {
  const started = performance.now();
  const log = (message: string) =>
    console.log(
      `[${((performance.now() - started) / 1000).toFixed(1)}s] ${message}`,
    );

  const cp = await startControlPlane();
  try {
    log(`control plane at ${cp.server}`);
    const entities = Array.from({ length: ENTITIES }, (_, i) =>
      componentEntity(`assistant-${i}`, {
        'backstage.io/kubernetes-id': `assistant-${i}`,
      }),
    );
    const manifests: Manifest[] = [namespace(NS)];
    for (let i = 0; i < RESOURCES; i++) {
      const resource = `models-${i}`;
      manifests.push(
        modelDownload({
          name: resource,
          namespace: NS,
          kubernetesId: `assistant-${i % ENTITIES}`,
          models: ['org/model-a', 'org/model-b'],
        }),
      );
      for (const model of ['org/model-a', 'org/model-b']) {
        const job = hfOperatorJob({
          resource,
          namespace: NS,
          model,
          status: jobStatus.active('2026-01-01T10:00:00Z'),
        });
        manifests.push(
          job,
          jobPod({
            job: job.metadata!.name!,
            namespace: NS,
            status: podStatus.running('2026-01-01T10:00:05Z'),
          }),
        );
      }
    }
    await applyManifests(cp.kubeConfig('admin'), manifests);
    log(
      `created ${RESOURCES} ModelDownloads, ${2 * RESOURCES} Jobs and ${
        2 * RESOURCES
      } pods`,
    );

    const backend = await startStatusBackend({
      clusters: [clusterConfig(cp, 'local')],
      entities,
      features: [signalsPlugin],
      // Production defaults, bar the two options the harness shortens for tests.
      status: { maxReconnectDelaySeconds: 10, crdRecheckIntervalSeconds: 60 },
    });
    const entity = entities[0];
    const perEntity = Math.ceil(RESOURCES / ENTITIES);
    await waitForStatus(
      backend,
      entity,
      s => s.clusters[0].state === 'ready' && s.resources.length === perEntity,
      60_000,
    );
    log(
      `backend ready; entity ${entity.metadata.name} has ${perEntity} resources`,
    );

    const url = `http://localhost:${backend.server.port()}${statusPath(
      entity,
    )}`;
    const headers = { Authorization: mockCredentials.user.header() };
    const timedRequest = async () => {
      const t0 = performance.now();
      const response = await fetch(url, { headers });
      const body = await response.json();
      const ms = performance.now() - t0;
      if (response.status !== 200 || body.resources.length !== perEntity) {
        throw new Error(`unexpected answer ${response.status}`);
      }
      return ms;
    };
    // Warm up the JIT and the connection pool; not measured.
    for (let i = 0; i < 50; i++) await timedRequest();

    const before = await readRequestCounts(cp);
    const sequential: number[] = [];
    let t0 = performance.now();
    for (let i = 0; i < REQUESTS; i++) sequential.push(await timedRequest());
    const sequentialStats = summarize(sequential, performance.now() - t0);

    const concurrent: number[] = [];
    let next = 0;
    t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < REQUESTS) {
          next++;
          concurrent.push(await timedRequest());
        }
      }),
    );
    const concurrentStats = summarize(concurrent, performance.now() - t0);
    const delta = countsDelta(before, await readRequestCounts(cp));
    log('status requests done');

    const client = await SignalsClient.connect(backend.server.port());
    const entityRef = `component:default/${entity.metadata.name}`;
    const channel = entitySignalChannel(entityRef);
    client.subscribe(channel);
    // A page views the entity: that is what subscribes it to change detection.
    await fetch(url, { headers });
    const job = hfOperatorJob({
      resource: 'models-0',
      namespace: NS,
      model: 'org/model-a',
    });
    const signalLatencies: number[] = [];
    for (let i = 0; i < CHANGES; i++) {
      // Each change moves the completion time, so each changes what the page shows.
      const completedAt = new Date(
        Date.UTC(2026, 0, 1, 11, 0, i),
      ).toISOString();
      const status = jobStatus.succeeded('2026-01-01T10:00:00Z', completedAt);
      const changedAt = Date.now();
      await applyManifests(cp.kubeConfig('admin'), [statusOf(job, status)]);
      const signal = await client.next(channel, changedAt, 10_000);
      signalLatencies.push(signal.receivedAt - changedAt);
      // Let the page's refetch happen, as it would.
      await fetch(url, { headers });
    }
    client.close();
    const signalSorted = [...signalLatencies].sort((a, b) => a - b);
    log('signal changes done');

    console.log('\nModel Delivery status backend: load benchmark');
    console.log(
      `  ${RESOURCES} ModelDownloads (${2 * RESOURCES} Jobs, ${
        2 * RESOURCES
      } pods) over ${ENTITIES} entities; each answer derives ${perEntity} resources`,
    );
    console.table({
      sequential: sequentialStats,
      [`concurrent (${CONCURRENCY} in flight)`]: concurrentStats,
    });
    console.log(
      `  latency in ms. API server requests for watched resources during the ${
        2 * REQUESTS
      } status requests: LIST ${delta.LIST ?? 0}, GET ${
        delta.GET ?? 0
      }, WATCH ${delta.WATCH ?? 0}`,
    );
    console.log(
      `  change → signal over ${CHANGES} Job status changes: p50 ${percentile(
        signalSorted,
        50,
      )} ms, p99 ${percentile(signalSorted, 99)} ms, max ${
        signalSorted[signalSorted.length - 1]
      } ms (debounce 250 ms included)`,
    );
    await backend.stop();
  } finally {
    await cp.stop();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
