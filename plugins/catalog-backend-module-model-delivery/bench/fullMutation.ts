/*
 * The model entity provider's cost with a big cluster, run by hand (README, "Benchmark"):
 *
 *   cd plugins/catalog-backend-module-model-delivery
 *   node --expose-gc -r @backstage/cli/config/nodeTransform.cjs bench/fullMutation.ts \
 *     [--downloads 10000] [--entities 500] [--shared 200]
 *
 * 1. Starts etcd + kube-apiserver and creates `downloads` ModelDownloads of two models,
 *    spread over `entities` entities and 10 namespaces: one model of their own, and one of
 *    `shared` models many teams download (so models have several holders).
 * 2. Starts one backend with the real catalog (the entities from a file location), the
 *    real permission backend and the Model Delivery plugin, plus a bench module that
 *    registers the provider without scheduling it, so the bench calls `run()` itself.
 * 3. Once the caches hold every download: times the provider's first run (full
 *    mutation: reading the models from the backend, building the entities, applying),
 *    the catalog's processing of them until it serves them all, and a second run (delta
 *    against the catalog, nothing changed). Prints the heap and RSS around them.
 */
import { performance } from 'node:perf_hooks';
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  catalogProcessingExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { startControlPlane } from '@internal/local-control-plane';
import { modelDownload } from '@model-delivery/test-kit';
import {
  backendUrl,
  startPortalBackend,
} from '@model-delivery/test-kit/portal';
import {
  ClusterWriter,
  fleetEntity,
  forEachConcurrently,
  namespacesOf,
} from '@model-delivery/test-kit/portal';
import { ModelEntityProvider } from '../src/ModelEntityProvider';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const DOWNLOADS = arg('downloads', 10_000);
const ENTITIES = arg('entities', 500);
const SHARED = arg('shared', 200);

function memory(label: string) {
  (global as any).gc?.();
  const { heapUsed, rss } = process.memoryUsage();
  console.log(
    `${label}: heap ${(heapUsed / 2 ** 20).toFixed(0)} MiB, RSS ${(
      rss /
      2 ** 20
    ).toFixed(0)} MiB`,
  );
}

async function main() {
  const cp = await startControlPlane();
  const writer = new ClusterWriter(cp, 16);
  try {
    const entities: Entity[] = Array.from({ length: ENTITIES }, (_, i) =>
      fleetEntity(`team-${String(i).padStart(3, '0')}`),
    );
    const downloads = Array.from({ length: DOWNLOADS }, (_, i) => ({
      name: `models-${i}`,
      namespace: `ns-${i % 10}`,
      kubernetesId: entities[i % ENTITIES].metadata.name,
      models: [`fleet/model-${i}`, `shared/Model-${i % SHARED}`],
    }));
    for (const ns of namespacesOf(downloads)) await writer.create(ns);
    const seedStart = performance.now();
    await forEachConcurrently(
      downloads,
      32,
      async d => {
        await writer.create(modelDownload(d));
      },
      done => done % 2000 === 0 && console.log(`  ${done} ModelDownloads`),
    );
    console.log(
      `Seeded ${DOWNLOADS} ModelDownloads in ${(
        (performance.now() - seedStart) /
        1000
      ).toFixed(0)} s`,
    );

    let provider: ModelEntityProvider | undefined;
    const benchModule = createBackendModule({
      pluginId: 'catalog',
      moduleId: 'bench-model-entities',
      register(env) {
        env.registerInit({
          deps: {
            processing: catalogProcessingExtensionPoint,
            discovery: coreServices.discovery,
            auth: coreServices.auth,
            logger: coreServices.logger,
            catalog: catalogServiceRef,
          },
          async init({ processing, ...deps }) {
            provider = new ModelEntityProvider({
              ...deps,
              owner: 'group:default/platform-team',
              // No schedule: the bench runs the provider itself and times each run.
              taskRunner: { run: async () => {} },
            });
            processing.addEntityProvider(provider);
          },
        });
      },
    });
    const backend = await startPortalBackend({
      plugin: '@model-delivery/plugin-model-delivery-backend',
      controlPlane: cp,
      entities,
      policy: { handle: async () => ({ result: AuthorizeResult.ALLOW }) },
      features: [benchModule],
    });
    const expectedModels = DOWNLOADS + Math.min(SHARED, DOWNLOADS);

    // Until the caches hold every download (the endpoint answers 503 until filled).
    for (;;) {
      const response = await fetch(
        backendUrl(backend, '/api/model-delivery/internal/catalog-models'),
        { headers: { authorization: mockCredentials.service.header() } },
      );
      if (response.status === 200) {
        const body = await response.json();
        if (body.models.length >= expectedModels) break;
      }
      await new Promise(r => setTimeout(r, 1000));
    }
    // What the backend's answer alone costs: computing it from the caches, and its size.
    let t = performance.now();
    const answer = await fetch(
      backendUrl(backend, '/api/model-delivery/internal/catalog-models'),
      { headers: { authorization: mockCredentials.service.header() } },
    ).then(r => r.text());
    console.log(
      `The backend's models answer: ${(performance.now() - t).toFixed(
        0,
      )} ms, ${(answer.length / 2 ** 20).toFixed(1)} MiB`,
    );

    memory('Before the first run');
    let peak = 0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }, 20);
    t = performance.now();
    const full = await provider!.run();
    const fullMs = performance.now() - t;
    clearInterval(sampler);
    console.log(
      `Full mutation: ${full.entities} model entities in ${fullMs.toFixed(
        0,
      )} ms (heap peak during the run ${(peak / 2 ** 20).toFixed(0)} MiB)`,
    );
    memory('After the first run');

    t = performance.now();
    for (;;) {
      const response = await fetch(
        backendUrl(
          backend,
          '/api/catalog/entities/by-query?filter=kind=resource,spec.type=ai-model&limit=1',
        ),
        { headers: { authorization: mockCredentials.service.header() } },
      );
      const body = await response.json();
      if (body.totalItems >= expectedModels) break;
      await new Promise(r => setTimeout(r, 1000));
    }
    console.log(
      `The catalog served all ${expectedModels} model entities ${(
        (performance.now() - t) /
        1000
      ).toFixed(0)} s after the mutation`,
    );
    memory('After the catalog processed them');

    t = performance.now();
    const delta = await provider!.run();
    console.log(
      `Second run (${delta.mutation}, ${delta.added} added, ${
        delta.removed
      } removed): ${(performance.now() - t).toFixed(0)} ms`,
    );
    await backend.stop();
  } finally {
    writer.close();
    await cp.stop();
  }
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
