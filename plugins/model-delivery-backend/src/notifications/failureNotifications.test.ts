import { groupEntity } from '@model-delivery/test-kit/fixtures';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import signalsPlugin from '@backstage/plugin-signals-backend';
import { TestBackend, mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { PermissionPolicy } from '@backstage/plugin-permission-node';
import { ControlPlane, startControlPlane } from '@internal/local-control-plane';
import { KubeConfig } from '@kubernetes/client-node';
import { ANNOTATION_NOTIFICATIONS } from '@model-delivery/plugin-model-delivery-common';
import {
  givenObjects,
  modelDownloadNeeds,
  modelDownload,
  playHfOperator,
} from '@model-delivery/test-kit';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { startPortalBackend } from '@model-delivery/test-kit/portal';

jest.setTimeout(240_000);

const group = groupEntity;

const user = (name: string, team: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default' },
  spec: { memberOf: [`group:default/${team}`] },
});

const component = (
  name: string,
  owner: string,
  annotations: Record<string, string> = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': name, ...annotations },
  },
  spec: { type: 'service', lifecycle: 'production', owner },
});

/*
 * The ML team (alice) owns chat-assistant and quiet-api, which opted out of
 * notifications. The vision team (vic) owns two markers: each of their failures is
 * notified once the backend has evaluated everything that happened before it, so a
 * test can wait for a marker's notification instead of for time to pass. The tests share
 * the cluster: each starts from what the previous one left there.
 */
const ENTITIES = [
  group('ml'),
  group('vision'),
  user('alice', 'ml'),
  user('vic', 'vision'),
  component('chat-assistant', 'group:default/ml'),
  component('quiet-api', 'group:default/ml', {
    [ANNOTATION_NOTIFICATIONS]: 'off',
  }),
  component('marker-one', 'group:default/vision'),
  component('marker-two', 'group:default/vision'),
  component('marker-three', 'group:default/vision'),
  component('marker-four', 'group:default/vision'),
  component('marker-five', 'group:default/vision'),
  component('done-api', 'group:default/ml'),
];

const allowAll: PermissionPolicy = {
  async handle(): Promise<PolicyDecision> {
    return { result: AuthorizeResult.ALLOW };
  },
};

const FAILURE =
  'OSError: You are trying to access a gated repo. 401 Client Error: Unauthorized';

type Notification = {
  id: string;
  user: string;
  updated?: string | null;
  payload: {
    title: string;
    description?: string;
    link?: string;
    severity?: string;
  };
};

async function notificationsOf(
  backend: TestBackend,
  userRef: string,
): Promise<Notification[]> {
  const response = await request(backend.server)
    .get('/api/notifications/notifications')
    .set('Authorization', mockCredentials.user.header(userRef));
  expect(response.status).toBe(200);
  return response.body.notifications;
}

async function untilNotified(
  backend: TestBackend,
  userRef: string,
  count: number,
): Promise<Notification[]> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const found = await notificationsOf(backend, userRef);
    if (found.length >= count) return found;
    if (Date.now() > deadline) {
      throw new Error(
        `${userRef} never got ${count} notification(s): ${JSON.stringify(
          found,
        )}`,
      );
    }
    await new Promise(r => setTimeout(r, 250));
  }
}

async function untilTold(
  backend: TestBackend,
  userRef: string,
  title: string,
): Promise<Notification> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const found = (await notificationsOf(backend, userRef)).find(n =>
      n.payload.title.includes(title),
    );
    if (found) return found;
    if (Date.now() > deadline) {
      throw new Error(`${userRef} was never told '${title}'`);
    }
    await new Promise(r => setTimeout(r, 250));
  }
}

describe('notifications of failed downloads', () => {
  let cp: ControlPlane;
  let admin: KubeConfig;
  let backend: TestBackend | undefined;
  const databaseDir = mkdtempSync(join(tmpdir(), 'md-notifications-db-'));

  const start = () =>
    startPortalBackend({
      plugin: '@model-delivery/plugin-model-delivery-backend',
      controlPlane: cp,
      entities: ENTITIES,
      policy: allowAll,
      databaseDir,
      features: [notificationsPlugin, signalsPlugin],
      // No rate limit: only the ledger may keep a failure from being told twice.
      config: { modelDelivery: { notifications: { minIntervalMinutes: 0 } } },
    });

  async function failModel(entity: string, resource: string, model: string) {
    await givenObjects(
      admin,
      modelDownload({
        name: resource,
        namespace: 'ml',
        kubernetesId: entity,
        models: [model],
      }),
    );
    await playHfOperator(admin, 'ml', resource, {
      [model]: { state: 'failed', exitCode: 1, message: FAILURE },
    });
  }

  beforeAll(async () => {
    cp = await startControlPlane();
    admin = cp.kubeConfig('admin');
    await givenObjects(admin, ...modelDownloadNeeds('ml', 'models'));
  });

  afterAll(async () => {
    await backend?.stop();
    await cp?.stop();
  });

  it('tells the owner once, with the reason and a link to the tab; not again after a re-list or a restart', async () => {
    backend = await start();
    await failModel('quiet-api', 'quiet-models', 'org/quiet');
    await failModel('chat-assistant', 'chat-models', 'meta-llama/Llama-3.1-8B');

    const [told] = await untilNotified(backend, 'user:default/alice', 1);
    expect(told.payload).toMatchObject({
      title:
        "model 'meta-llama/Llama-3.1-8B' of ModelDownload ml/chat-models in cluster 'local' failed",
      link: '/catalog/default/component/chat-assistant/model-delivery',
      severity: 'high',
    });
    expect(told.payload.description).toContain(FAILURE);

    // A re-list: the API server goes away and comes back; every watch lists again.
    await cp.stopApiServer();
    await cp.startApiServer();
    await failModel('marker-one', 'marker-one-models', 'org/marker-one');
    await untilNotified(backend, 'user:default/vic', 1);
    expect(await notificationsOf(backend, 'user:default/alice')).toEqual([
      told,
    ]);

    // A restart on the same database: the new process starts from an empty cache.
    await backend.stop();
    backend = await start();
    await failModel('marker-two', 'marker-two-models', 'org/marker-two');
    await untilNotified(backend, 'user:default/vic', 2);
    // Not sent again: the same notification, never updated (a re-send with the same
    // scope would have updated it, so its `updated` stays unset).
    expect(await notificationsOf(backend, 'user:default/alice')).toEqual([
      told,
    ]);
    expect(told.updated ?? null).toBeNull();
  });

  it('tells an entity at most once per interval; what fails in between waits', async () => {
    await backend?.stop();
    // A fresh database: the failures already in the cluster are news to this portal.
    backend = await startPortalBackend({
      plugin: '@model-delivery/plugin-model-delivery-backend',
      controlPlane: cp,
      entities: ENTITIES,
      policy: allowAll,
      features: [notificationsPlugin, signalsPlugin],
      config: { modelDelivery: { notifications: { minIntervalMinutes: 60 } } },
    });
    // Everything that failed so far is told at once: one notification per entity.
    await failModel('marker-three', 'marker-three-models', 'org/marker-three');
    await untilNotified(backend, 'user:default/vic', 3);
    const [first] = await notificationsOf(backend, 'user:default/alice');
    expect(first.payload.title).toContain('chat-models');

    // chat-assistant was told less than an hour ago: its next failure waits.
    await failModel('chat-assistant', 'chat-more-models', 'org/second-failure');
    await failModel('marker-four', 'marker-four-models', 'org/marker-four');
    await untilNotified(backend, 'user:default/vic', 4);
    expect(await notificationsOf(backend, 'user:default/alice')).toEqual([
      first,
    ]);
  });

  it('tells the owner when a resource it saw unfinished completes, if configured', async () => {
    await backend?.stop();
    backend = await startPortalBackend({
      plugin: '@model-delivery/plugin-model-delivery-backend',
      controlPlane: cp,
      entities: ENTITIES,
      policy: allowAll,
      features: [notificationsPlugin, signalsPlugin],
      config: {
        modelDelivery: {
          notifications: { minIntervalMinutes: 0, onCompletion: true },
        },
      },
    });
    await givenObjects(
      admin,
      modelDownload({
        name: 'done-models',
        namespace: 'ml',
        kubernetesId: 'done-api',
        models: ['org/done'],
      }),
    );
    await playHfOperator(admin, 'ml', 'done-models', {
      'org/done': { state: 'running' },
    });
    // Once the marker is told, the portal has seen done-models downloading.
    await failModel('marker-five', 'marker-five-models', 'org/marker-five');
    await untilTold(backend, 'user:default/vic', 'marker-five-models');

    await playHfOperator(admin, 'ml', 'done-models', {
      'org/done': { state: 'completed' },
    });
    const done = await untilTold(
      backend,
      'user:default/alice',
      "ModelDownload ml/done-models in cluster 'local' completed",
    );
    expect(done.payload).toMatchObject({
      description: 'Every model completed: org/done',
      link: '/catalog/default/component/done-api/model-delivery',
      severity: 'normal',
    });
  });
});
