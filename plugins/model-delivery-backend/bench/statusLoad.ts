/*
 * Side-by-side load benchmark: the stock Kubernetes backend and this plugin, in one
 * backend process, against a real local control plane. Run by hand (README, "Benchmark"):
 *
 *   cd plugins/model-delivery-backend
 *   node --expose-gc -r @backstage/cli/config/nodeTransform.cjs bench/statusLoad.ts \
 *     [--scale 1] [--resources 200] [--others 10000] [--other-entities 500] \
 *     [--levels 1,20,100,1000] [--sequential 50] [--requests 100] \
 *     [--budget-seconds 30] [--timeout-seconds 120] [--create-concurrency 32] [--changes 10] \
 *     [--settle-seconds 60] [--cpu-profile suite-100.cpuprofile] [--identity] [--one-user] \
 *     [--servers 100] [--without-server-kinds]
 *
 * 1. Starts etcd + kube-apiserver, and creates, through the API server, with the test
 *    kit's operator simulation, `resources` ModelDownloads of two models for one entity
 *    (a Job per model, a pod per Job; one in ten still downloading, two models failed).
 * 2. Starts one backend (startTestBackend) with the real catalog (every entity of the run
 *    from a file location), the real permission backend (allow-all policy), the stock
 *    Kubernetes backend (`kubernetes.customResources`: ModelDownloads) and this plugin,
 *    both reading the cluster as the `backstage` identity.
 * 3. Measures a view of that entity with each backend, from a separate load process over
 *    keep-alive connections: 1 viewer (`sequential` requests one after the other), then
 *    each level of concurrent viewers (`requests` in all, at least one per viewer). Also a
 *    view of an entity without resources and of one the catalog does not hold. Around each
 *    level it reads kube-apiserver's `apiserver_request_total` (LIST and GET per view).
 * 4. Grows the cluster by `others` ModelDownloads spread over `other-entities` entities,
 *    waits until this plugin has them, and measures again.
 * 5. Times `changes` Job status changes to the signal on a WebSocket.
 *
 * `servers` InferenceServices of other entities serve the measured entity's models from
 * its downloads' copies in the PVC (step 1), so its view lists them. With
 * `--without-server-kinds` the backend watches the kinds it watched before model servers
 * (no InferenceService, LLMInferenceService or Gemma Service): run it both ways on the
 * same machine to see what watching the servers costs.
 * Then prints the tables, the heap and RSS per 10,000 cached objects, and the load average.
 *
 * `--scale 0.1` shrinks the cluster (resources, others, other entities) for a quick run.
 * Every request goes to loopback; every loop is bounded; the run ends by itself.
 */
import { gzipSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  TestBackend,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import signalsPlugin from '@backstage/plugin-signals-backend';
import {
  ControlPlane,
  applyManifests,
  startControlPlane,
} from '@internal/local-control-plane';
import {
  KRO_CHILD_SERVICES,
  RESOURCE_KINDS,
  ResourceKindDefinition,
  entitySignalChannel,
  modelDownloadKind,
} from '@model-delivery/plugin-model-delivery-common';
import { modelDeliveryKindsServiceRef } from '@model-delivery/plugin-model-delivery-node';
import {
  clusterConfig,
  hfOperatorJob,
  statusOf,
} from '@model-delivery/test-kit';
import {
  RequestCounts,
  countsDelta,
  requestCounts,
} from '../src/__testUtils__/apiServerMetrics';
import {
  backendUrl,
  startPortalBackend,
} from '@model-delivery/test-kit/portal';
import { SignalsClient } from '../src/__testUtils__/signalsClient';
import { statusPath } from '../src/__testUtils__/statusBackend';
import {
  ClusterWriter,
  PlayedDownload,
  fleetEntity,
  forEachConcurrently,
  measuredDownloads,
  measuredServers,
  namespacesOf,
  otherDownloads,
  playDownload,
} from '@model-delivery/test-kit/portal';
import { LoadResult, LoadSpec, runLoad, stopLoad } from './loadGenerator';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isFinite(value) || value < 0) {
    throw new Error(`--${name} takes a number, not ${process.argv[index + 1]}`);
  }
  return value;
}

function listOption(name: string, fallback: number[]): number[] {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0) return fallback;
  const values = process.argv[index + 1].split(',').map(Number);
  if (values.some(v => !Number.isInteger(v) || v < 1)) {
    throw new Error(`--${name} takes numbers like 1,20,100`);
  }
  return values;
}

const SCALE = option('scale', 1);
const scaled = (n: number) => Math.max(1, Math.round(n * SCALE));
const RESOURCES = scaled(option('resources', 200));
const OTHERS =
  option('others', 10_000) === 0 ? 0 : scaled(option('others', 10_000));
const OTHER_ENTITIES = scaled(option('other-entities', 500));
const LEVELS = listOption('levels', [1, 20, 100, 1000]);
const SEQUENTIAL = option('sequential', 50);
const REQUESTS = option('requests', 100);
const BUDGET_MS = option('budget-seconds', 30) * 1000;
const TIMEOUT_MS = option('timeout-seconds', 120) * 1000;
const CREATE_CONCURRENCY = option('create-concurrency', 32);
const CHANGES = option('changes', 10);
const SETTLE_MS = option('settle-seconds', 60) * 1000;
const ONE_USER = process.argv.includes('--one-user');
const SERVERS = option('servers', 100);
const SERVER_KINDS = !process.argv.includes('--without-server-kinds');
/** A file for a CPU profile of the backend process while the suite serves 100 viewers. */
const CPU_PROFILE = (() => {
  const index = process.argv.indexOf('--cpu-profile');
  return index < 0 ? undefined : process.argv[index + 1];
})();

/** Runs `work` under the V8 profiler of this (the backend's) process, into CPU_PROFILE. */
async function profiled<T>(work: () => Promise<T>): Promise<T> {
  if (!CPU_PROFILE) return work();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(CPU_PROFILE, JSON.stringify(profile));
    session.disconnect();
    log(`CPU profile of the suite's 100 viewers in ${CPU_PROFILE}`);
  }
}

const MEASURED_NS = 'ml-fleet';
const OTHER_NAMESPACES = Array.from({ length: 20 }, (_, i) => `ml-team-${i}`);
/**
 * What every view sends: a user's token and, as a browser does, an offer of compressed
 * answers (the root router compresses what a plugin did not): `--identity` leaves it out.
 */
const USER: Record<string, string> = {
  Authorization: mockCredentials.user.header(),
  ...(process.argv.includes('--identity')
    ? {}
    : { 'Accept-Encoding': 'gzip, deflate, br, zstd' }),
};

const started = performance.now();
function log(message: string) {
  console.log(
    `[${((performance.now() - started) / 1000).toFixed(1)}s] ${message}`,
  );
}

const gc: (() => void) | undefined = (global as any).gc;

/**
 * The errors the stock backend's first view reported (object types this API server does
 * not serve): an answer with more failed to read something it should have.
 */
let stockBaselineErrors = 0;

// ---------------------------------------------------------------------------------
// The two endpoints

type Backend = 'stock' | 'suite';

/** A view of the entity, as each frontend requests it. */
function viewRequest(
  backend: TestBackend,
  which: Backend,
  entity: Entity,
): Pick<LoadSpec, 'url' | 'method' | 'headers' | 'body'> {
  const base = backendUrl(backend, '').replace('localhost', '127.0.0.1');
  if (which === 'suite') {
    return {
      url: `${base}${statusPath(entity)}`,
      method: 'GET',
      headers: USER,
    };
  }
  // The Kubernetes tab (`@backstage/plugin-kubernetes`) posts the entity it shows.
  return {
    url: `${base}/api/kubernetes/services/${entity.metadata.name}`,
    method: 'POST',
    headers: USER,
    body: JSON.stringify({ entity, auth: {} }),
  };
}

async function fetchView(
  backend: TestBackend,
  which: Backend,
  entity: Entity,
  extraHeaders: Record<string, string> = {},
) {
  const r = viewRequest(backend, which, entity);
  const response = await fetch(r.url, {
    method: r.method,
    headers: {
      ...r.headers,
      ...extraHeaders,
      ...(r.body ? { 'Content-Type': 'application/json' } : {}),
    },
    body: r.body,
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text };
}

/** What a view shows: the entity's ModelDownloads (and failed models, for the suite). */
function describeView(which: Backend, text: string) {
  const body = JSON.parse(text);
  if (which === 'suite') {
    const resources = body.resources as Array<{
      kind: string;
      items?: Array<{ state: string }>;
    }>;
    return {
      resources: resources.filter(r => r.kind === 'ModelDownload').length,
      failed: resources
        .flatMap(r => r.items ?? [])
        .filter(i => i.state === 'failed').length,
      errors: (body.clusters as Array<{ state: string }>).filter(
        c => c.state !== 'ready',
      ).length,
    };
  }
  const items = body.items as Array<{
    errors: unknown[];
    resources: Array<{ type: string; resources: unknown[] }>;
  }>;
  const custom = items
    .flatMap(i => i.resources)
    .filter(r => r.type === 'customresources');
  return {
    resources: custom.reduce((n, r) => n + r.resources.length, 0),
    failed: undefined,
    errors: items.reduce((n, i) => n + i.errors.length, 0),
    errorKinds: items.flatMap(i =>
      i.errors.map((e: any) =>
        `${e.errorType} ${e.resourcePath ?? ''} ${e.statusCode ?? ''}`.trim(),
      ),
    ),
  };
}

/**
 * The kinds the backend watched before model servers: no InferenceService or
 * LLMInferenceService, and the Gemma instance without its Service.
 */
function kindsWithoutServers(): ResourceKindDefinition<any>[] {
  return RESOURCE_KINDS.filter(
    k => !['InferenceService', 'LLMInferenceService'].includes(k.kind),
  ).map(k => ({
    ...k,
    related: k.related.filter(t => t !== KRO_CHILD_SERVICES),
  }));
}

/**
 * Polls a backend's view until it shows `resources` ModelDownloads and, when `servers` is
 * given and the suite watches the server kinds, that many servers of its models.
 */
async function waitForView(
  backend: TestBackend,
  which: Backend,
  entity: Entity,
  resources: number,
  timeoutMs: number,
  servers?: number,
) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    const view = await fetchView(backend, which, entity);
    if (view.status === 200) {
      const shown = describeView(which, view.text);
      // The stock backend also reports what the cluster cannot answer (pod metrics, without
      // a metrics-server): shown with its answer, not waited away.
      const clean = which === 'stock' || shown.errors === 0;
      const serversShown =
        which === 'suite' && SERVER_KINDS && servers !== undefined
          ? (JSON.parse(view.text).servers ?? []).length
          : servers;
      if (shown.resources === resources && clean && serversShown === servers) {
        return view;
      }
      last = JSON.stringify(shown);
    } else {
      last = `${view.status} ${view.text.slice(0, 300)}`;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${which}: ${stringifyEntityRef(
          entity,
        )} never showed ${resources} resources; last: ${last}`,
      );
    }
    await new Promise(r => setTimeout(r, 500));
  }
}

// ---------------------------------------------------------------------------------
// Measuring

/**
 * `apiserver_request_total` per verb over every resource, from JSON clients only: the
 * API server's own reconcilers (protobuf) read services, endpoints and namespaces every
 * few seconds, which is no view's doing. The stock backend lists many types, so every
 * resource counts.
 */
async function allRequestCounts(cp: ControlPlane): Promise<RequestCounts> {
  const metrics = (await cp.metrics())
    .split('\n')
    .filter(
      line =>
        !line.includes('contentType="application/vnd.kubernetes.protobuf"'),
    )
    .join('\n');
  const resources = new Set(
    [...metrics.matchAll(/resource="([^"]+)"/g)].map(m => m[1]),
  );
  return requestCounts(metrics, [...resources]);
}

/**
 * Waits until the API server's LIST and GET counts stay put for 3 s: a request is counted
 * once the API server is done with it, which under load lags the answer, and views a
 * viewer gave up on go on listing.
 */
async function untilApiServerQuiet(cp: ControlPlane, maxMs = 300_000) {
  const deadline = Date.now() + maxMs;
  const read = async () => {
    const counts = await allRequestCounts(cp);
    return `${counts.LIST ?? 0}/${counts.GET ?? 0}`;
  };
  let last = await read();
  while (Date.now() < deadline) {
    await new Promise(r => setTimeout(r, 3000));
    const now = await read();
    if (now === last) return;
    last = now;
  }
}

interface Measured {
  backend: Backend;
  /** Which entity's view. */
  view: string;
  viewers: number;
  result: LoadResult;
  p50: number;
  p99: number;
  perSecond: number;
  listPerView: number;
  getPerView: number;
  bytes: number;
  /** Answers that reported more errors than the stock backend's first view (stock only). */
  failedAnswers: number;
  /** Sent with the ETag of an earlier answer. */
  revalidation?: boolean;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

async function measure(
  cp: ControlPlane,
  backend: TestBackend,
  which: Backend,
  entity: Entity,
  viewers: number,
  extraHeaders: Record<string, string> = {},
): Promise<Measured> {
  gc?.();
  const request = viewRequest(backend, which, entity);
  const before = await allRequestCounts(cp);
  const result = await runLoad({
    ...request,
    headers: { ...request.headers, ...extraHeaders },
    viewers,
    requests: viewers === 1 ? SEQUENTIAL : Math.max(REQUESTS, viewers),
    budgetMs: BUDGET_MS,
    timeoutMs: TIMEOUT_MS,
    // Each viewer a different user, as on a portal: nothing either backend keeps per
    // caller serves another viewer. `--one-user`: every viewer the same user, as the
    // issue's first measurement was made.
    viewerHeaders: ONE_USER
      ? undefined
      : Array.from({ length: viewers }, (_, i) => ({
          Authorization: mockCredentials.user.header(
            `user:default/viewer-${i}`,
          ),
        })),
    countInBody: which === 'stock' ? '"errorType"' : undefined,
  });
  await untilApiServerQuiet(cp);
  const delta = countsDelta(before, await allRequestCounts(cp));
  const views = result.latencies.length + result.timeouts;
  const sorted = [...result.latencies].sort((a, b) => a - b);
  const sizes = [...result.sizes].sort((a, b) => a - b);
  const measured: Measured = {
    backend: which,
    view: entity.metadata.name,
    viewers,
    result,
    p50: percentile(sorted, 50),
    // A timed-out view took at least the timeout: p99 counts it so.
    p99: percentile(
      [...sorted, ...Array(result.timeouts).fill(TIMEOUT_MS)].sort(
        (a, b) => a - b,
      ),
      99,
    ),
    perSecond: (result.latencies.length / result.elapsedMs) * 1000,
    listPerView: (delta.LIST ?? 0) / views,
    getPerView: (delta.GET ?? 0) / views,
    bytes: percentile(sizes, 50),
    failedAnswers: result.counted.filter(n => n > stockBaselineErrors).length,
  };
  log(
    `  ${which} ${entity.metadata.name}, ${
      viewers === 1
        ? `1 viewer (${SEQUENTIAL} sequential)`
        : `${viewers} viewers`
    }: ${result.latencies.length} answered ${JSON.stringify(
      result.statuses,
    )}, ${result.timeouts} timed out, ${
      result.errors
    } connection errors, p50 ${ms(measured.p50)}, p99 ${ms(
      measured.p99,
    )}, LIST/view ${measured.listPerView.toFixed(
      1,
    )}, GET/view ${measured.getPerView.toFixed(1)}, ${measured.bytes} bytes`,
  );
  return measured;
}

function ms(value: number): string {
  if (!Number.isFinite(value)) return '—';
  if (value >= 1000) return `${(value / 1000).toFixed(2)} s`;
  if (value >= 100) return `${Math.round(value)} ms`;
  return `${value.toFixed(1)} ms`;
}

function kb(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
  return `${(bytes / 1024).toFixed(1)} KB`;
}

interface Phase {
  title: string;
  suite: Measured[];
  stock: Measured[];
  sizes: Record<Backend, { json: number; gzip: number }>;
}

/**
 * One phase: the suite's views first (the entity without resources, the one the catalog
 * does not hold, then every level, and a revalidation with the ETag if answers carry
 * one), `between`, then the stock backend's. The stock backend's views run last because
 * views it could not answer in time go on listing from the API server after the viewer
 * gave up; a stock level with timeouts is followed by a wait for the API server to go
 * quiet (not after the phase's last level: the caller decides).
 */
async function measurePhase(
  title: string,
  cp: ControlPlane,
  backend: TestBackend,
  entities: { measured: Entity; empty: Entity; unknown: Entity },
  options: { stockBaselines: boolean; between?: () => Promise<void> },
): Promise<Phase> {
  log(`measuring: ${title}`);
  const sizes = {} as Phase['sizes'];
  let etag: string | null = null;
  for (const which of ['suite', 'stock'] as const) {
    const view = await fetchView(backend, which, entities.measured);
    sizes[which] = {
      json: Buffer.byteLength(view.text),
      gzip: gzipSync(view.text).length,
    };
    if (which === 'suite') etag = view.headers.get('etag');
  }
  const phase: Phase = { title, suite: [], stock: [], sizes };
  for (const which of ['suite', 'stock'] as const) {
    if (which === 'stock') await options.between?.();
    // Warm-up (JIT, connections), not measured.
    for (let i = 0; i < 5; i++)
      await fetchView(backend, which, entities.measured);
    const results = phase[which];
    if (which === 'suite' || options.stockBaselines) {
      results.push(await measure(cp, backend, which, entities.empty, 1));
      results.push(await measure(cp, backend, which, entities.unknown, 1));
    }
    for (const viewers of LEVELS) {
      const m =
        which === 'suite' && viewers === 100
          ? await profiled(() =>
              measure(cp, backend, which, entities.measured, viewers),
            )
          : await measure(cp, backend, which, entities.measured, viewers);
      results.push(m);
      if (which === 'suite' && etag && viewers === 100) {
        const revalidated = await measure(
          cp,
          backend,
          which,
          entities.measured,
          viewers,
          { 'If-None-Match': etag },
        );
        results.push({ ...revalidated, revalidation: true });
      }
    }
  }
  return phase;
}

const viewersLabel = (n: number) =>
  n === 1 ? `1 (${SEQUENTIAL} sequential)` : String(n);

function printPhase(phase: Phase, measuredName: string) {
  const level = (which: Backend, viewers: number) =>
    phase[which].find(
      m => m.view === measuredName && m.viewers === viewers && !m.revalidation,
    );
  console.log(`\n### ${phase.title}\n`);
  console.log(
    '| concurrent viewers | stock p50 / p99 | suite p50 / p99 | ratio (stock ÷ suite) p50 / p99 |',
  );
  console.log('|---|---|---|---|');
  for (const viewers of LEVELS) {
    const stock = level('stock', viewers);
    const suite = level('suite', viewers);
    if (!stock || !suite) continue;
    console.log(
      `| ${viewersLabel(viewers)} | ${ms(stock.p50)} / ${ms(stock.p99)} | ${ms(
        suite.p50,
      )} / ${ms(suite.p99)} | ${(stock.p50 / suite.p50).toFixed(1)}× / ${(
        stock.p99 / suite.p99
      ).toFixed(1)}× |`,
    );
  }
  console.log(
    '\n| backend | view | viewers | answered (status) | timed out / connection errors | views/s | p50 / p99 | LIST / view | GET / view | response | answers with more errors |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const m of [...phase.stock, ...phase.suite]) {
    const revalidation = m.revalidation ? ', If-None-Match' : '';
    console.log(
      `| ${m.backend} | ${m.view}${revalidation} | ${viewersLabel(
        m.viewers,
      )} | ${m.result.latencies.length} (${Object.entries(m.result.statuses)
        .map(([s, n]) => `${n}× ${s}`)
        .join(', ')}) | ${m.result.timeouts} / ${
        m.result.errors
      } | ${m.perSecond.toFixed(1)} | ${ms(m.p50)} / ${ms(
        m.p99,
      )} | ${m.listPerView.toFixed(1)} | ${m.getPerView.toFixed(1)} | ${kb(
        m.bytes,
      )} | ${m.backend === 'stock' ? m.failedAnswers : '—'} |`,
    );
  }
  console.log('');
  for (const which of ['stock', 'suite'] as const) {
    console.log(
      `- ${which} answer for ${measuredName}: ${
        phase.sizes[which].json
      } bytes of JSON (${kb(phase.sizes[which].json)}), ${kb(
        phase.sizes[which].gzip,
      )} gzipped`,
    );
  }
}

// ---------------------------------------------------------------------------------
// Memory

interface MemorySample {
  heapUsed: number;
  rss: number;
}

function memory(): MemorySample {
  gc?.();
  gc?.();
  const { heapUsed, rss } = process.memoryUsage();
  return { heapUsed, rss };
}

const objectsOf = (downloads: PlayedDownload[]) =>
  downloads.reduce((n, d) => n + 1 + 2 * Object.keys(d.outcomes).length, 0);

// ---------------------------------------------------------------------------------

async function createDownloads(
  cp: ControlPlane,
  downloads: PlayedDownload[],
  what: string,
) {
  await applyManifests(cp.kubeConfig('admin'), namespacesOf(downloads));
  const writer = new ClusterWriter(cp, CREATE_CONCURRENCY);
  const t0 = performance.now();
  try {
    await forEachConcurrently(
      downloads,
      CREATE_CONCURRENCY,
      d => playDownload(writer, d),
      done => {
        if (done % 1000 === 0) log(`  ${done} of ${downloads.length} ${what}`);
      },
    );
  } finally {
    writer.close();
  }
  log(
    `created ${downloads.length} ${what} (${objectsOf(
      downloads,
    )} objects) in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
  );
}

async function signalLatencies(
  cp: ControlPlane,
  backend: TestBackend,
  entity: Entity,
  download: PlayedDownload,
) {
  const port = backend.server.port();
  const client = await SignalsClient.connect(port);
  const channel = entitySignalChannel(stringifyEntityRef(entity));
  client.subscribe(channel);
  // A page views the entity: that is what subscribes it to change detection.
  await fetchView(backend, 'suite', entity);
  const [model] = Object.keys(download.outcomes);
  const job = hfOperatorJob({
    resource: download.name,
    namespace: download.namespace,
    model,
  });
  const latencies: number[] = [];
  for (let i = 0; i < CHANGES; i++) {
    // Each change moves the completion time, so each changes what the page shows.
    const completedAt = new Date(
      Date.UTC(2026, 10, 21, 11, 0, i),
    ).toISOString();
    const changedAt = Date.now();
    // The Job completed long ago: the Job controller leaves a finished Job alone, so the
    // benchmark moves its completion time itself to make a change the page shows.
    await applyManifests(cp.kubeConfig('admin'), [
      statusOf(job, {
        completionTime: completedAt,
        conditions: [
          {
            type: 'Complete',
            status: 'True',
            lastProbeTime: completedAt,
            lastTransitionTime: completedAt,
          },
        ],
      }),
    ]);
    const signal = await client.next(channel, changedAt, 10_000);
    latencies.push(signal.receivedAt - changedAt);
    // The page's refetch, as it would happen.
    await fetchView(backend, 'suite', entity);
  }
  client.close();
  return latencies.sort((a, b) => a - b);
}

async function main() {
  const loadBefore = loadavg();
  log(
    `load average at start: ${loadBefore.map(l => l.toFixed(2)).join(', ')}; ` +
      `${RESOURCES} resources for the measured entity, ${OTHERS} more over ${OTHER_ENTITIES} entities; ` +
      `levels ${LEVELS.join(', ')}${
        gc ? '' : ' (no --expose-gc: memory figures include garbage)'
      }`,
  );
  const measuredEntity = fleetEntity('fleet-assistant');
  const emptyEntity = fleetEntity('idle-service');
  const unknownEntity = fleetEntity('not-in-catalog');
  const otherEntities = Array.from({ length: OTHER_ENTITIES }, (_, i) =>
    fleetEntity(`team-${String(i).padStart(3, '0')}`),
  );
  const measured = measuredDownloads(
    measuredEntity.metadata.name,
    MEASURED_NS,
    RESOURCES,
  );
  const others =
    OTHERS > 0
      ? otherDownloads(
          otherEntities.map(e => e.metadata.name),
          Math.ceil(OTHERS / OTHER_ENTITIES),
          OTHER_NAMESPACES,
        ).slice(0, OTHERS)
      : [];

  const cp = await startControlPlane();
  let backend: TestBackend | undefined;
  try {
    log(`control plane at ${cp.server}`);
    await createDownloads(
      cp,
      measured,
      `ModelDownloads of ${measuredEntity.metadata.name}`,
    );
    if (SERVERS > 0) {
      const writer = new ClusterWriter(cp, CREATE_CONCURRENCY);
      try {
        await Promise.all(
          measuredServers(
            measured,
            otherEntities.map(e => e.metadata.name),
            SERVERS,
          ).map(s => writer.create(s)),
        );
      } finally {
        writer.close();
      }
      log(
        `created ${SERVERS} InferenceServices of the measured entity's models`,
      );
    }

    // One event bus for the whole backend, as in production, so the plugin's signals
    // reach the signals plugin (mockServices' default gives each plugin its own).
    const events = mockServices.events();
    const modelDownloads = modelDownloadKind.resource;
    const [group, apiVersion] = modelDownloads.apiVersion.split('/');
    backend = await startPortalBackend({
      plugin: '@model-delivery/plugin-model-delivery-backend',
      controlPlane: cp,
      entities: [measuredEntity, emptyEntity, ...otherEntities],
      policy: { handle: async () => ({ result: AuthorizeResult.ALLOW }) },
      features: [
        kubernetesPlugin,
        signalsPlugin,
        createServiceFactory({
          service: mockServices.events.factory().service,
          deps: {},
          factory: () => events,
        }),
        ...(SERVER_KINDS
          ? []
          : [
              createServiceFactory({
                service: modelDeliveryKindsServiceRef,
                deps: {},
                factory: () => {
                  const kinds = kindsWithoutServers();
                  return { list: () => kinds, add: () => {} };
                },
              }),
            ]),
      ],
      config: {
        kubernetes: {
          serviceLocatorMethod: { type: 'multiTenant' },
          clusterLocatorMethods: [
            { type: 'config', clusters: [clusterConfig(cp, 'local')] },
          ],
          customResources: [
            { group, apiVersion, plural: modelDownloads.plural },
          ],
        },
        // Production defaults for the status caches; no notifications (no notifications backend).
        modelDelivery: { notifications: { enabled: false } },
      },
    });
    log(`backend on ${backendUrl(backend, '')}`);
    for (const which of ['suite', 'stock'] as const) {
      const view = await waitForView(
        backend,
        which,
        measuredEntity,
        RESOURCES,
        120_000,
        SERVERS,
      );
      const shown = describeView(which, view.text);
      if (which === 'stock') stockBaselineErrors = shown.errors;
      log(`${which} view: ${JSON.stringify(shown)}`);
    }
    // The catalog goes on processing and stitching the run's entities for a while after it
    // serves them: the first phase should not measure that.
    log(`settling for ${SETTLE_MS / 1000} s`);
    await new Promise(r => setTimeout(r, SETTLE_MS));
    const memoryBefore = memory();
    log(
      `backend after settling: heap ${(memoryBefore.heapUsed / 1048576).toFixed(
        0,
      )} MB, RSS ${(memoryBefore.rss / 1048576).toFixed(0)} MB`,
    );
    const entities = {
      measured: measuredEntity,
      empty: emptyEntity,
      unknown: unknownEntity,
    };
    const phases = [
      await measurePhase(
        `${RESOURCES} ModelDownloads in the cluster (${2 * RESOURCES} Jobs, ${
          2 * RESOURCES
        } pods), all the measured entity's`,
        cp,
        backend,
        entities,
        { stockBaselines: true },
      ),
    ];

    let memoryAfter: MemorySample | undefined;
    let signals: number[] = [];
    const measureSignals = async () => {
      if (CHANGES > 0) {
        signals = await signalLatencies(
          cp,
          backend!,
          measuredEntity,
          measured[1],
        );
      }
    };
    if (others.length > 0) {
      log(`growing the cluster by ${others.length} ModelDownloads`);
      await createDownloads(cp, others, 'other ModelDownloads');
      const lastOwner = otherEntities.find(
        e => e.metadata.name === others[others.length - 1].kubernetesId,
      )!;
      const lastCount = others.filter(
        d => d.kubernetesId === lastOwner.metadata.name,
      ).length;
      await waitForView(backend, 'suite', lastOwner, lastCount, 600_000);
      log(
        'the suite has every other ModelDownload; waiting for the API server to go quiet',
      );
      await untilApiServerQuiet(cp);
      memoryAfter = memory();
      phases.push(
        await measurePhase(
          `The same entity with ${others.length} other ModelDownloads (${
            objectsOf(others) - others.length
          } Jobs and pods) of ${OTHER_ENTITIES} other entities in the cluster`,
          cp,
          backend,
          entities,
          // The stock backend's baselines list the whole grown cluster too; the phase
          // before has them.
          { stockBaselines: false, between: measureSignals },
        ),
      );
    } else {
      await measureSignals();
    }
    const loadAfter = loadavg();

    console.log(
      '\n## Model Delivery: the stock Kubernetes backend and the suite, side by side\n',
    );
    console.log(
      `Model servers: ${SERVERS} InferenceServices of other entities serve the measured entity's models from its downloads' PVC; ` +
        `the server kinds are ${
          SERVER_KINDS ? 'watched' : 'not watched (--without-server-kinds)'
        }.\n`,
    );
    console.log(
      `One backend process (catalog, permission backend with an allow-all policy, stock Kubernetes backend ` +
        `with ModelDownloads as customResources, the suite's status backend, signals), a local kube-apiserver 1.20; ` +
        `the measured entity ${measuredEntity.metadata.name} owns ${RESOURCES} ModelDownloads of 2 models (2 failed). ` +
        `Load from a separate process over keep-alive connections; latency to the last byte; ` +
        `p99 counts a timed-out view (> ${TIMEOUT_MS / 1000} s) as ${
          TIMEOUT_MS / 1000
        } s; ` +
        `no request starts after ${
          BUDGET_MS / 1000
        } s in a level. The stock backend's answers carry ${stockBaselineErrors} errors on this ` +
        `API server (it asks for autoscaling/v2 HorizontalPodAutoscalers and batch/v1 CronJobs, which ` +
        `1.20 does not serve); "answers with more errors" counts those that failed to read more.`,
    );
    phases.forEach(p => printPhase(p, measuredEntity.metadata.name));

    console.log("\n### The issue's checks\n");
    const find = (p: Phase, which: Backend, view: string, viewers: number) =>
      p[which].find(
        m => m.view === view && m.viewers === viewers && !m.revalidation,
      );
    const [first, grown] = phases;
    const at100 = [
      find(first, 'stock', measuredEntity.metadata.name, 100),
      find(first, 'suite', measuredEntity.metadata.name, 100),
    ];
    if (at100[0] && at100[1]) {
      console.log(
        `- 100 viewers: suite p99 ${ms(at100[1].p99)}, stock p99 ${ms(
          at100[0].p99,
        )}: ${(at100[0].p99 / at100[1].p99).toFixed(
          1,
        )}× lower (wanted ≥ 20×); the suite's LIST / GET per view ${at100[1].listPerView.toFixed(
          2,
        )} / ${at100[1].getPerView.toFixed(2)} (wanted 0 / 0)`,
      );
    }
    for (const p of phases) {
      const view = find(p, 'suite', measuredEntity.metadata.name, 1);
      const empty = find(p, 'suite', emptyEntity.metadata.name, 1);
      const unknown = find(p, 'suite', unknownEntity.metadata.name, 1);
      if (view && empty && unknown) {
        console.log(
          `- ${
            p === first ? 'before growing' : 'grown'
          }, 1 viewer, suite p50: the ${RESOURCES}-resource view ${ms(
            view.p50,
          )}, an entity without resources ${ms(empty.p50)} (${(
            view.p50 / empty.p50
          ).toFixed(
            2,
          )}×, wanted ≤ 2×), an entity the catalog does not hold ${ms(
            unknown.p50,
          )}`,
        );
      }
    }
    if (grown) {
      const before = find(first, 'suite', measuredEntity.metadata.name, 1);
      const after = find(grown, 'suite', measuredEntity.metadata.name, 1);
      if (before && after) {
        const change = (after.p50 / before.p50 - 1) * 100;
        console.log(
          `- suite, 1 viewer, p50 with ${
            others.length
          } other ModelDownloads: ${ms(after.p50)} against ${ms(
            before.p50,
          )} without (${change >= 0 ? '+' : ''}${change.toFixed(
            0,
          )} %, wanted within 20 %)`,
        );
      }
    }
    console.log(
      `\n- backend memory after settling, before growing (after a full GC): heap ${(
        memoryBefore.heapUsed / 1048576
      ).toFixed(0)} MB, RSS ${(memoryBefore.rss / 1048576).toFixed(0)} MB`,
    );
    if (memoryAfter) {
      const objects = objectsOf(others);
      const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
      const per10k = (a: number, b: number) =>
        `${((((b - a) / objects) * 10_000) / 1024 / 1024).toFixed(1)} MB`;
      console.log(
        `\n### Backend memory (after a full GC${
          gc ? '' : ': not available, run with --expose-gc'
        })\n\n` +
          `| objects in the cluster | heap used | RSS |\n|---|---|---|\n` +
          `| ${objectsOf(measured)} | ${mb(memoryBefore.heapUsed)} | ${mb(
            memoryBefore.rss,
          )} |\n` +
          `| ${objectsOf(measured) + objects} | ${mb(
            memoryAfter.heapUsed,
          )} | ${mb(memoryAfter.rss)} |\n` +
          `| per 10,000 cached objects | ${per10k(
            memoryBefore.heapUsed,
            memoryAfter.heapUsed,
          )} | ${per10k(memoryBefore.rss, memoryAfter.rss)} |`,
      );
    }
    console.log('');
    if (signals.length > 0) {
      console.log(
        `- change → signal over ${signals.length} Job status changes${
          others.length > 0 ? ' (grown cluster)' : ''
        }: p50 ${percentile(signals, 50)} ms, p99 ${percentile(
          signals,
          99,
        )} ms, max ${signals[signals.length - 1]} ms`,
      );
    }
    console.log(
      `- load average (1, 5, 15 min): at start ${loadBefore
        .map(l => l.toFixed(2))
        .join(', ')}; at the end ${loadAfter
        .map(l => l.toFixed(2))
        .join(', ')} (2 CPUs shared with other work: figures are noisy)`,
    );
  } finally {
    stopLoad();
    await backend?.stop();
    await cp.stop();
  }
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    stopLoad();
    process.exit(1);
  },
);
