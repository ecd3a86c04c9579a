import { TestBackend, mockCredentials } from '@backstage/backend-test-utils';
import { BatchV1Api } from '@kubernetes/client-node';
import {
  RetryRequest,
  modelDeliveryRetryPermission,
  modelDeliveryStatusReadPermission,
} from '@model-delivery/plugin-model-delivery-common';
import request from 'supertest';
import { Manifest } from '@internal/local-control-plane';
import {
  chatAssistant,
  componentEntity,
  eventually,
  hfOperatorJob,
  jobWithOutcome,
  listObjects,
  modelDownload,
  optedInNamespace,
} from '@model-delivery/test-kit';
import { waitForStatus, statusScene } from '../__testUtils__/statusBackend';

jest.setTimeout(90_000);

const NS = 'ml';
const entity = chatAssistant;
const other = componentEntity('other-assistant', {
  'backstage.io/kubernetes-id': 'other-assistant',
});

/** A Job as hf-operator names it, whose pod fails (the Job controller then fails it). */
const failedJob = (resource: string, model: string) =>
  jobWithOutcome(hfOperatorJob({ resource, namespace: NS, model }), {
    state: 'failed',
    exitCode: 1,
    message: 'download failed',
  });

const jobs: Record<string, Manifest[]> = {
  forAlice: failedJob('chat-models', 'org/fails-first'),
  forBob: failedJob('chat-models', 'org/fails-second'),
  otherEntity: failedJob('other-models', 'org/theirs'),
  running: jobWithOutcome(
    hfOperatorJob({
      resource: 'chat-models',
      namespace: NS,
      model: 'org/running',
    }),
    { state: 'running' },
  ),
};
const nameOf = (given: Manifest[]) =>
  given.find(m => m.kind === 'Job')!.metadata!.name!;

function retryAs(
  backend: TestBackend,
  user: string,
  body: Partial<RetryRequest>,
) {
  return request(backend.server)
    .post('/api/model-delivery/retry')
    .set('Authorization', mockCredentials.user.header(user))
    .send(body);
}

const retryOf = (model: string, resource = 'chat-models'): RetryRequest => ({
  entityRef: 'component:default/chat-assistant',
  cluster: 'local',
  kind: 'ModelDownload',
  namespace: NS,
  name: resource,
  item: model,
});

describe('POST /retry', () => {
  let batch: BatchV1Api;

  const jobExists = async (name: string) => {
    try {
      await batch.readNamespacedJob({ name, namespace: NS });
      return true;
    } catch (error) {
      if ((error as { code?: number }).code === 404) return false;
      throw error;
    }
  };

  const scene = statusScene({
    manifests: () => [
      ...optedInNamespace(NS),
      modelDownload({
        name: 'chat-models',
        namespace: NS,
        kubernetesId: 'chat-assistant',
        models: ['org/fails-first', 'org/fails-second', 'org/running'],
      }),
      modelDownload({
        name: 'other-models',
        namespace: NS,
        kubernetesId: 'other-assistant',
        models: ['org/theirs'],
      }),
      ...Object.values(jobs).flat(),
    ],
    entities: [entity, other],
    access: {
      hiddenFrom: ['user:default/outsider'],
      deny: {
        'user:default/bob': [modelDeliveryRetryPermission.name],
        'user:default/viewer': [modelDeliveryStatusReadPermission.name],
      },
    },
  });

  beforeAll(async () => {
    batch = scene.admin.makeApiClient(BatchV1Api);
    await waitForStatus(scene.backend, entity, s =>
      s.resources.some(r => r.counts.failed === 2),
    );
    await waitForStatus(scene.backend, other, s =>
      s.resources.some(r => r.counts.failed === 1),
    );
  });

  it('deletes the failed Job when allowed, so that the operator recreates it', async () => {
    const name = nameOf(jobs.forAlice);
    expect(await jobExists(name)).toBe(true);
    const podsOf = () =>
      listObjects(scene.admin, {
        apiVersion: 'v1',
        kind: 'Pod',
        namespace: NS,
        labelSelector: `job-name=${name}`,
      });
    expect(await podsOf()).toHaveLength(1);

    const response = await retryAs(
      scene.backend,
      'user:default/alice',
      retryOf('org/fails-first'),
    );

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ deletedJob: name, namespace: NS });
    expect(await jobExists(name)).toBe(false);
    // The garbage collector removes the failed pod with its Job (propagation Background).
    await eventually(
      async () => ((await podsOf()).length === 0 ? true : undefined),
      `the pods of ${name} removed by the garbage collector`,
    );
    // The page then sees the Job gone, waiting for the operator to recreate it.
    await waitForStatus(scene.backend, entity, s =>
      s.resources.some(r =>
        r.items.some(
          i => i.name === 'org/fails-first' && i.retryable === false,
        ),
      ),
    );
  });

  it('answers 403 and leaves the Job alone when the retry permission is denied', async () => {
    const name = nameOf(jobs.forBob);
    const response = await retryAs(
      scene.backend,
      'user:default/bob',
      retryOf('org/fails-second'),
    );

    expect(response.status).toBe(403);
    expect(response.body.error.message).toContain('model-delivery.model.retry');
    expect(await jobExists(name)).toBe(true);
  });

  it('answers 403 when reading the entity status is denied, and 404 when the entity is not visible', async () => {
    const name = nameOf(jobs.forBob);
    const denied = await retryAs(
      scene.backend,
      'user:default/viewer',
      retryOf('org/fails-second'),
    );
    expect(denied.status).toBe(403);
    const hidden = await retryAs(
      scene.backend,
      'user:default/outsider',
      retryOf('org/fails-second'),
    );
    expect(hidden.status).toBe(404);
    expect(JSON.stringify(hidden.body)).not.toContain('chat-models');
    expect(await jobExists(name)).toBe(true);
  });

  it('answers 409, saying why, when the model has no failed Job', async () => {
    const response = await retryAs(
      scene.backend,
      'user:default/alice',
      retryOf('org/running'),
    );

    expect(response.status).toBe(409);
    expect(response.body.error.name).toBe('ConflictError');
    expect(response.body.error.message).toContain('downloading');
    expect(response.body.error.message).toContain('no failed Job');
    expect(await jobExists(nameOf(jobs.running))).toBe(true);
  });

  it("answers 404 for a resource that is not the entity's, and leaves its Job alone", async () => {
    const response = await retryAs(
      scene.backend,
      'user:default/alice',
      retryOf('org/theirs', 'other-models'),
    );

    expect(response.status).toBe(404);
    expect(response.body.error.message).toContain(
      'is not a resource of component:default/chat-assistant',
    );
    expect(await jobExists(nameOf(jobs.otherEntity))).toBe(true);
  });

  it('rejects a request without the item to retry', async () => {
    const { item: _item, ...incomplete } = retryOf('org/fails-second');
    const response = await retryAs(
      scene.backend,
      'user:default/alice',
      incomplete,
    );

    expect(response.status).toBe(400);
    expect(await jobExists(nameOf(jobs.forBob))).toBe(true);
  });
});
