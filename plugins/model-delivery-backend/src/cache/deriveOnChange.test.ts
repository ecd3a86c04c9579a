import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { KubeConfig } from '@kubernetes/client-node';
import { rawRequest, watchObjects } from '@internal/local-control-plane';
import {
  RESOURCE_KINDS,
  ResourceStatus,
  entityResourceSelector,
} from '@model-delivery/plugin-model-delivery-common';
import { ConfigModelDeliveryClusters } from '@model-delivery/plugin-model-delivery-node';
import {
  chatAssistant,
  clusterConfig,
  componentEntity,
  ObjectRef,
  deleteIfExists,
  givenObjects,
  jobPodsGo,
  modelDownload,
  modelDownloadWithJob,
  untilQuiet,
} from '@model-delivery/test-kit';
import request from 'supertest';
import {
  getStatus,
  statusPath,
  statusScene,
  waitForStatus,
} from '../__testUtils__/statusBackend';
import { mockCredentials } from '@backstage/backend-test-utils';
import { DEFAULT_STATUS_OPTIONS } from '../options';
import { StatusCache } from './StatusCache';

jest.setTimeout(120_000);

const NS = 'ml';
const first = modelDownloadWithJob({
  resource: 'first-models',
  namespace: NS,
  kubernetesId: 'chat-assistant',
  models: ['org/first'],
});
const second = modelDownloadWithJob({
  resource: 'second-models',
  namespace: NS,
  kubernetesId: 'chat-assistant',
  models: ['org/second'],
  // Its pod's container is being created (ContainerCreating): still "starting".
  outcome: { state: 'waiting', reason: 'ContainerCreating' },
});
// No status and no Job: "waiting for the operator", which turns into "silent" after 60 s.
// Another entity's, so that the time moving on does not derive it in the tests counting.
const unstarted = modelDownload({
  name: 'unstarted-models',
  namespace: NS,
  kubernetesId: 'quiet-assistant',
  models: ['org/unstarted'],
});
const selector = entityResourceSelector(chatAssistant)!;
const quietSelector = entityResourceSelector(
  componentEntity('quiet-assistant', {
    'backstage.io/kubernetes-id': 'quiet-assistant',
  }),
)!;

const named = (resources: ResourceStatus[], name: string) =>
  resources.find(r => r.name === name);

/**
 * Counts, from now on, the changes the cluster makes to one Job and its pods: what a
 * change of a download amounts to is the controllers' business (the kubelet reports the
 * pod, then the Job controller the Job), each one a watch event for the cache.
 */
async function countChanges(admin: KubeConfig, job: string) {
  const list = await rawRequest(admin, 'GET', `/api/v1/namespaces/${NS}/pods`);
  const since = Number(list.body.metadata.resourceVersion);
  let changes = 0;
  const count = (_type: string, object: any) => {
    if (Number(object?.metadata?.resourceVersion) > since) changes++;
  };
  const watches = [
    watchObjects(
      admin,
      `/apis/batch/v1/namespaces/${NS}/jobs`,
      { fieldSelector: `metadata.name=${job}` },
      count,
    ),
    watchObjects(
      admin,
      `/api/v1/namespaces/${NS}/pods`,
      { labelSelector: `job-name=${job}` },
      count,
    ),
  ];
  return {
    count: () => changes,
    stop: () => watches.forEach(w => w.stop()),
  };
}

/** Lets the controllers' trailing writes (and the cache's derivations) land. */
const quiet = () => new Promise(r => setTimeout(r, 2000));

async function until<T>(read: () => T, check: (value: T) => boolean) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = read();
    if (check(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(`never satisfied: ${JSON.stringify(value, null, 2)}`);
    }
    await new Promise(r => setTimeout(r, 100));
  }
}

describe('statuses derived on change', () => {
  const scene = statusScene({
    manifests: () => [...first.manifests, ...second.manifests, unstarted],
    entities: [chatAssistant],
  });
  let cache: StatusCache;

  beforeAll(async () => {
    const config = new ConfigReader({
      kubernetes: {
        clusterLocatorMethods: [
          { type: 'config', clusters: [clusterConfig(scene.cp, 'local')] },
        ],
      },
    });
    const logger = mockServices.logger.mock();
    cache = new StatusCache({
      clusters: ConfigModelDeliveryClusters.fromConfig(config, {
        logger,
      }).listClusters(),
      kinds: RESOURCE_KINDS,
      logger,
      crdRecheckIntervalMs: 1000,
      maxReconnectDelayMs: 1000,
      requestTimeoutMs: 5000,
      // Only the reads below move the time on: no derivation but those the events cause.
      timeSweepIntervalMs: 3_600_000,
      livenessIntervalMs: DEFAULT_STATUS_OPTIONS.livenessIntervalMs,
      livenessTimeoutMs: DEFAULT_STATUS_OPTIONS.livenessTimeoutMs,
    });
    await cache.start();
    await until(
      () => cache.resourcesOf(selector, new Date()),
      resources =>
        named(resources, 'first-models')?.items[0]?.phase === 'downloading' &&
        named(resources, 'second-models')?.items[0]?.phase === 'downloading',
    );
    await until(
      () => cache.resourcesOf(quietSelector, new Date()),
      resources => named(resources, 'unstarted-models') !== undefined,
    );
    // The controllers' last writes about the scene (on a busy machine, seconds after it
    // looks ready) land before a test counts: no derivation for 2 s.
    await untilQuiet(() => cache.derivationCounts().total);
  });

  afterAll(async () => {
    await cache?.stop();
  });

  const countsOf = () => {
    const { total, byResource } = cache.derivationCounts();
    return {
      total,
      first: byResource[`local/ModelDownload/${NS}/first-models`],
      second: byResource[`local/ModelDownload/${NS}/second-models`],
    };
  };

  it('derives again only the resource whose Job changed, once per event at most', async () => {
    const before = countsOf();
    const changes = await countChanges(scene.admin, first.job.metadata!.name!);
    // The download finishes: the pod succeeds, then the Job controller completes the Job.
    await givenObjects(
      scene.admin,
      jobPodsGo(NS, first.job.metadata!.name!, { state: 'completed' }),
      first.job,
    );
    await until(
      () => cache.resourcesOf(selector, new Date()),
      resources =>
        named(resources, 'first-models')?.items[0]?.state === 'completed',
    );
    await quiet();
    changes.stop();
    const after = countsOf();
    expect(changes.count()).toBeGreaterThanOrEqual(2);
    expect(after.first - before.first).toBeGreaterThanOrEqual(1);
    expect(after.first - before.first).toBeLessThanOrEqual(changes.count());
    expect(after.total - before.total).toBe(after.first - before.first);
    expect(after.second).toBe(before.second);
  });

  it('derives again only the resource whose pod changed, found through its Job', async () => {
    const before = countsOf();
    const changes = await countChanges(scene.admin, second.job.metadata!.name!);
    // The kubelet cannot pull the image: only the pod changes (the Job controller counts
    // phases, and the pod is still Pending).
    await givenObjects(
      scene.admin,
      jobPodsGo(NS, second.job.metadata!.name!, {
        state: 'waiting',
        reason: 'ImagePullBackOff',
        message: 'Back-off pulling image "alpine/git:2.45.2"',
      }),
    );
    const resources = await until(
      () => cache.resourcesOf(selector, new Date()),
      found =>
        named(found, 'second-models')?.items[0]?.phase === 'image-pull-error',
    );
    await quiet();
    changes.stop();
    const after = countsOf();
    expect(changes.count()).toBe(1);
    expect(named(resources, 'first-models')?.items[0]?.state).toBe('completed');
    expect(after.total - before.total).toBe(1);
    expect(after.second - before.second).toBe(1);
    expect(after.first).toBe(before.first);
  });

  it('still turns a status that depends on the time when the time comes', () => {
    const waiting = named(
      cache.resourcesOf(quietSelector, new Date()),
      'unstarted-models',
    );
    expect(waiting?.items[0]?.phase).toBe('waiting-for-operator');
    expect(waiting?.items[0]?.reason).toBeUndefined();

    const later = new Date(Date.now() + 5 * 60_000);
    const silent = named(
      cache.resourcesOf(quietSelector, later),
      'unstarted-models',
    );
    expect(silent?.items[0]?.phase).toBe('waiting-for-operator');
    expect(silent?.items[0]?.reason).toContain('hf-operator writes no status');
  });

  it('answers a repeated view with If-None-Match by 304, and a changed one by 200 with a new ETag', async () => {
    const seen = await waitForStatus(scene.backend, chatAssistant, s =>
      s.resources.some(r => r.name === 'first-models'),
    );
    expect(seen.resources).toHaveLength(2);
    const firstView = await getStatus(scene.backend, chatAssistant);
    const etag = firstView.headers.etag;
    expect(etag).toMatch(/^W\/".+"$/);

    const repeated = await request(scene.backend.server)
      .get(statusPath(chatAssistant))
      .set('Authorization', mockCredentials.user.header())
      .set('If-None-Match', etag);
    expect(repeated.status).toBe(304);
    expect(repeated.text).toBe('');
    expect(repeated.headers.etag).toBe(etag);

    // The image arrives and the download finishes: the Job controller completes the Job.
    await givenObjects(
      scene.admin,
      jobPodsGo(NS, second.job.metadata!.name!, { state: 'completed' }),
      second.job,
    );
    await waitForStatus(scene.backend, chatAssistant, s =>
      s.resources.some(
        r => r.name === 'second-models' && r.items[0]?.state === 'completed',
      ),
    );
    const changed = await request(scene.backend.server)
      .get(statusPath(chatAssistant))
      .set('Authorization', mockCredentials.user.header())
      .set('If-None-Match', etag);
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(
      changed.body.resources.find(
        (r: ResourceStatus) => r.name === 'second-models',
      ).items[0].state,
    ).toBe('completed');
  });
  it('serves a browser the same answer gzipped, and a change as soon as its ETag shows it', async () => {
    const view = (encoding: string) =>
      request(scene.backend.server)
        .get(statusPath(chatAssistant))
        .set('Authorization', mockCredentials.user.header())
        .set('Accept-Encoding', encoding);
    await waitForStatus(scene.backend, chatAssistant, s =>
      s.resources.some(r => r.name === 'first-models'),
    );
    // Two views of one answer (none changed in between).
    let [plain, gzipped] = [await view('identity'), await view('gzip')];
    while (plain.headers.etag !== gzipped.headers.etag) {
      [plain, gzipped] = [await view('identity'), await view('gzip')];
    }
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.headers.vary).toContain('Accept-Encoding');
    expect(gzipped.body.resources).toEqual(plain.body.resources);

    // Rendered bodies are shared for a second: one rendered before a change must not be
    // served under the ETag of the changed answer, nor keep the change from a page.
    const before = plain.headers.etag;
    // A change of the first resource: its Job (complete since the first test) is deleted,
    // as its TTL would; with no Job and no status lists, the model waits for the operator.
    expect(named(plain.body.resources, 'first-models')?.items[0]?.state).toBe(
      'completed',
    );
    await deleteIfExists(scene.admin, first.job as ObjectRef);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const [g, p] = await Promise.all([view('gzip'), view('identity')]);
      for (const response of [g, p]) {
        const state = named(response.body.resources, 'first-models')?.items[0]
          ?.state;
        // Every answer agrees with its ETag: the old one with the old state.
        expect(state !== 'completed').toBe(response.headers.etag !== before);
      }
      if (g.headers.etag !== before && p.headers.etag !== before) break;
      if (Date.now() > deadline) throw new Error('the change never showed');
      await new Promise(r => setTimeout(r, 5));
    }
  });
});
