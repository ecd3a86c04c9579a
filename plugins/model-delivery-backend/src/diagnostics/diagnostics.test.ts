import { TestBackend, mockCredentials } from '@backstage/backend-test-utils';
import {
  FakeKubelet,
  IDENTITIES,
  Manifest,
  applyManifests,
  clusterConfig,
  readManifests,
  startFakeKubelet,
} from '@internal/local-control-plane';
import {
  ItemDiagnostics,
  modelDeliveryLogsReadPermission,
} from '@model-delivery/plugin-model-delivery-common';
import { REDACTED } from '@model-delivery/plugin-model-delivery-node';
import {
  KubeObject,
  chatAssistant,
  eventAbout,
  hfOperatorJob,
  jobWithOutcome,
  modelDownload,
  optedInNamespace,
  podsOfJob,
} from '@model-delivery/test-kit';
import { resolve } from 'node:path';
import request from 'supertest';
import { statusScene, waitForStatus } from '../__testUtils__/statusBackend';

jest.setTimeout(120_000);

const NS = 'ml';
const NODE = 'gpu-node-1';
const TOKEN = 'hf_AbCdEfGhIjKlMnOpQrStUvWxYz01234567';

const jobOf = (model: string) =>
  hfOperatorJob({ resource: 'chat-models', namespace: NS, model });

const jobs = {
  failed: jobOf('org/throttled'),
  starting: jobOf('org/starting'),
  unschedulable: jobOf('org/unschedulable'),
  evicted: jobOf('org/evicted'),
};

/** What each Job's pod does on the node (the stand-in kubelet plays it). */
const scene = [
  ...jobWithOutcome(jobs.failed, {
    state: 'failed',
    exitCode: 128,
    message: 'git-lfs: HTTP 429',
    node: NODE,
  }),
  ...jobWithOutcome(jobs.starting, {
    state: 'waiting',
    reason: 'ContainerCreating',
    node: NODE,
  }),
  ...jobWithOutcome(jobs.unschedulable, {
    state: 'unschedulable',
    message:
      "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.",
  }),
  // Bound to the node, but the kubelet no longer has it (the node was recycled).
  ...jobWithOutcome(jobs.evicted, {
    state: 'failed',
    exitCode: 137,
    reason: 'OOMKilled',
    message: 'OOMKilled',
    node: NODE,
  }),
];

/** The pods the Job controller created, by the Job's key above (read once they exist). */
const pods = {} as Record<keyof typeof jobs, KubeObject>;

/** 300 lines of a throttled download; the command line with the token is the last but one. */
const LOG = [
  ...Array.from(
    { length: 297 },
    (_, i) => `Filtering content: ${i % 100}% (${i}/300), 1.2 GiB | 30 MiB/s`,
  ),
  `+ git clone https://user:${TOKEN}@huggingface.co/org/throttled /models/org/throttled`,
  `+ HF_TOKEN=${TOKEN} git lfs pull`,
  'error: RPC failed; HTTP 429 curl 22 The requested URL returned error: 429',
]
  .map(line => `${line}\n`)
  .join('');

describe('GET /entity/{kind}/{namespace}/{name}/diagnostics', () => {
  let kubelet: FakeKubelet;

  const status = statusScene({
    prepare: async admin => {
      kubelet = await startFakeKubelet(status.cp);
      await kubelet.registerNode(admin, NODE);
      // An identity that may watch everything the status needs, but not events, and
      // bound to no namespace Role (so no pods/log): the cluster itself answers 403 to
      // those reads.
      const suiteRole = readManifests([
        resolve(
          __dirname,
          '../../../../manifests/rbac/model-delivery-clusterrole.yaml',
        ),
      ])[0] as Manifest & { rules: Array<{ resources: string[] }> };
      await applyManifests(admin, [
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRole',
          metadata: { name: 'status-without-logs' },
          rules: suiteRole.rules.filter(
            r => !r.resources.some(x => x === 'pods/log' || x === 'events'),
          ),
        },
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRoleBinding',
          metadata: { name: 'developer-status-without-logs' },
          roleRef: {
            apiGroup: 'rbac.authorization.k8s.io',
            kind: 'ClusterRole',
            name: 'status-without-logs',
          },
          subjects: [
            {
              apiGroup: 'rbac.authorization.k8s.io',
              kind: 'User',
              name: IDENTITIES.developer.user,
            },
          ],
        },
      ]);
    },
    manifests: () => [
      ...optedInNamespace(NS),
      modelDownload({
        name: 'chat-models',
        namespace: NS,
        kubernetesId: 'chat-assistant',
        models: [
          'org/throttled',
          'org/starting',
          'org/unschedulable',
          'org/evicted',
          'org/no-job-yet',
        ],
      }),
      ...scene,
    ],
    clusters: cp => [
      clusterConfig(cp, 'local'),
      clusterConfig(cp, 'local-without-logs', 'developer'),
    ],
    entities: [chatAssistant],
    access: {
      hiddenFrom: ['user:default/outsider'],
      deny: {
        'user:default/status-only': [modelDeliveryLogsReadPermission.name],
      },
    },
  });

  const get = (
    backend: TestBackend,
    item: string,
    options: {
      user?: string;
      cluster?: string;
      tailLines?: number | string;
    } = {},
  ) =>
    request(backend.server)
      .get(
        '/api/model-delivery/entity/Component/default/chat-assistant/diagnostics',
      )
      .query({
        cluster: options.cluster ?? 'local',
        resourceKind: 'ModelDownload',
        resourceNamespace: NS,
        resourceName: 'chat-models',
        item,
        ...(options.tailLines !== undefined
          ? { tailLines: options.tailLines }
          : {}),
      })
      .set(
        'Authorization',
        mockCredentials.user.header(options.user ?? 'user:default/mock'),
      );

  beforeAll(async () => {
    for (const key of Object.keys(jobs) as Array<keyof typeof jobs>) {
      [pods[key]] = await podsOfJob(
        status.admin,
        NS,
        jobs[key].metadata!.name!,
      );
    }
    kubelet.setLog(NS, pods.failed.metadata.name, 'downloader', LOG);
    kubelet.setWaiting(
      NS,
      pods.starting.metadata.name,
      'downloader',
      'ContainerCreating',
    );
    // The events the kubelet and the scheduler record (the Job controller records its
    // own): written here, as neither runs.
    const startedAt =
      pods.failed.status.containerStatuses[0].state.terminated.startedAt;
    await applyManifests(status.admin, [
      eventAbout(pods.failed, {
        reason: 'Started',
        message: `Started container downloader with args --token ${TOKEN}`,
        at: startedAt,
      }),
      eventAbout(pods.unschedulable, {
        type: 'Warning',
        reason: 'FailedScheduling',
        message:
          "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.",
        count: 12,
        at: pods.unschedulable.status.conditions[0].lastTransitionTime,
      }),
    ]);
    await waitForStatus(status.backend, chatAssistant, s =>
      s.resources.some(r => r.cluster === 'local' && r.counts.failed === 2),
    );
  });
  afterAll(async () => {
    await kubelet?.stop();
  });

  it("shows a failed model's log tail, read through the API server from the node's kubelet, with the token redacted", async () => {
    const response = await get(status.backend, 'org/throttled', {
      tailLines: 3,
    });
    expect(response.status).toBe(200);
    const body: ItemDiagnostics = response.body;
    expect(body).toMatchObject({
      cluster: 'local',
      kind: 'ModelDownload',
      item: 'org/throttled',
      jobName: jobs.failed.metadata!.name,
      podName: pods.failed.metadata.name,
      tailLines: 3,
    });
    expect(body.containers).toEqual([
      {
        name: 'downloader',
        init: false,
        state: 'terminated: Error, exit code 128',
        log: [
          `+ git clone https://${REDACTED}@huggingface.co/org/throttled /models/org/throttled`,
          `+ HF_TOKEN=${REDACTED} git lfs pull`,
          'error: RPC failed; HTTP 429 curl 22 The requested URL returned error: 429',
          '',
        ].join('\n'),
      },
    ]);
    expect(JSON.stringify(response.body)).not.toContain(TOKEN.slice(3));
    // The API server asked the kubelet for exactly the tail.
    expect(kubelet.requests).toContain(
      `/containerLogs/${NS}/${pods.failed.metadata.name}/downloader?tailLines=3`,
    );
  });

  it('lists the events of the Job and of its pod, oldest first, redacted', async () => {
    const { body } = await get(status.backend, 'org/throttled');
    const startedAt = new Date(
      pods.failed.status.containerStatuses[0].state.terminated.startedAt,
    );
    // The kubelet's event (written by the test) and the real Job controller's own.
    expect(body.events).toEqual(
      expect.arrayContaining([
        {
          object: `Pod/${pods.failed.metadata.name}`,
          type: 'Normal',
          reason: 'Started',
          message: `Started container downloader with args --token ${REDACTED}`,
          count: 1,
          firstSeen: new Date(startedAt.getTime() - 60_000).toISOString(),
          lastSeen: startedAt.toISOString(),
        },
        expect.objectContaining({
          object: `Job/${jobs.failed.metadata!.name}`,
          type: 'Normal',
          reason: 'SuccessfulCreate',
          message: `Created pod: ${pods.failed.metadata.name}`,
        }),
        expect.objectContaining({
          object: `Job/${jobs.failed.metadata!.name}`,
          type: 'Warning',
          reason: 'BackoffLimitExceeded',
          message: 'Job has reached the specified backoff limit',
          count: 1,
        }),
      ]),
    );
    expect(body.events).toHaveLength(3);
    const seen = body.events.map((e: { lastSeen: string }) => e.lastSeen);
    expect(seen).toEqual([...seen].sort());
    expect(body.eventsProblem).toBeUndefined();
  });

  it('answers 403 and no log text to a caller without the logs permission, and does not read the log', async () => {
    const before = kubelet.requests.length;
    const response = await get(status.backend, 'org/throttled', {
      user: 'user:default/status-only',
    });
    expect(response.status).toBe(403);
    expect(response.body.error.message).toContain('model-delivery.logs.read');
    expect(JSON.stringify(response.body)).not.toMatch(
      /Filtering content|git clone|RPC failed/,
    );
    expect(kubelet.requests.length).toBe(before);
  });

  it('answers 404 to a caller the catalog hides the entity from, as if it did not exist', async () => {
    const response = await get(status.backend, 'org/throttled', {
      user: 'user:default/outsider',
    });
    expect(response.status).toBe(404);
    expect(response.body.error.message).toBe(
      'No entity component:default/chat-assistant',
    );
  });

  it("says a container has not started, from the pod's status, without asking the kubelet", async () => {
    const before = kubelet.requests.length;
    const { body } = await get(status.backend, 'org/starting');
    expect(body.containers).toEqual([
      {
        name: 'downloader',
        init: false,
        state: 'waiting: ContainerCreating',
        problem: 'not started (ContainerCreating): no log yet',
      },
    ]);
    expect(kubelet.requests.length).toBe(before);
  });

  it("says an unscheduled pod has no log, and shows the scheduler's events", async () => {
    const { body } = await get(status.backend, 'org/unschedulable');
    expect(body.problem).toBe(
      `Pod ${NS}/${pods.unschedulable.metadata.name} is not scheduled on a node yet, so no container has run: see its events for why`,
    );
    expect(body.events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          object: `Pod/${pods.unschedulable.metadata.name}`,
          type: 'Warning',
          reason: 'FailedScheduling',
          count: 12,
        }),
      ]),
    );
  });

  it("says the pod is gone when the node's kubelet no longer has it", async () => {
    const { body } = await get(status.backend, 'org/evicted');
    expect(body.containers).toEqual([
      expect.objectContaining({
        name: 'downloader',
        problem: expect.stringMatching(
          new RegExp(
            // The API server turns the kubelet's 404 into its generic not-found.
            `^Pod ${NS}/${pods.evicted.metadata.name} or its container is gone from the node \\(the server could not find the requested resource .*\\): no log to read$`,
          ),
        ),
      }),
    ]);
    expect(body.containers[0].log).toBeUndefined();
  });

  it('says there is no Job yet for a model hf-operator has not reached', async () => {
    const { body } = await get(status.backend, 'org/no-job-yet');
    expect(body.problem).toMatch(
      /^hf-operator has not created Job ml\/hf-dl-chat-models-org-no-job-yet yet \(.*\): there is no pod and no log yet$/,
    );
    expect(body.containers).toEqual([]);
  });

  it('names the field and the rule for a bad tailLines, and 404s an unknown item', async () => {
    const bad = await get(status.backend, 'org/throttled', { tailLines: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/tailLines/);
    const unknown = await get(status.backend, 'org/unknown');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe(
      "ModelDownload ml/chat-models in cluster 'local' has no model 'org/unknown'",
    );
  });

  it("reports the cluster's own 403 for logs and events, naming the Role and the ClusterRole to grant", async () => {
    await waitForStatus(status.backend, chatAssistant, s =>
      s.resources.some(
        r => r.cluster === 'local-without-logs' && r.counts.failed === 2,
      ),
    );
    const response = await get(status.backend, 'org/throttled', {
      cluster: 'local-without-logs',
    });
    expect(response.status).toBe(200);
    expect(response.body.containers[0].problem).toMatch(
      /^The Backstage identity for cluster 'local-without-logs' may not get pods\/log of ml\/.*\. Namespace 'ml' is not opted in for Model Delivery\. A cluster admin of 'local-without-logs' opts it in by binding the Role backstage-model-delivery-writer/,
    );
    expect(response.body.eventsProblem).toMatch(
      /^The Backstage identity for cluster 'local-without-logs' may not list events in namespace ml\. Grant it the ClusterRole backstage-model-delivery in manifests\/rbac\/model-delivery-clusterrole.yaml/,
    );
  });

  it('answers 503 naming the cluster when its API server cannot be reached', async () => {
    await status.cp.stopApiServer();
    const response = await get(status.backend, 'org/throttled');
    expect(response.status).toBe(503);
    expect(response.body.error.message).toMatch(
      /^Cannot reach cluster 'local' at https:\/\/127\.0\.0\.1:\d+ to get Job ml\//,
    );
  });
});
