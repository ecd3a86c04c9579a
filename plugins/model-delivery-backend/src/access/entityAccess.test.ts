import { mockCredentials } from '@backstage/backend-test-utils';
import { modelDeliveryStatusReadPermission } from '@model-delivery/plugin-model-delivery-common';
import request from 'supertest';
import {
  componentEntity,
  modelDownloadWithJob,
} from '@model-delivery/test-kit';
import {
  getStatus,
  statusScene,
  waitForStatus,
} from '../__testUtils__/statusBackend';

jest.setTimeout(90_000);

const SECRET_MODEL = 'acme/internal-model';
const FAILURE = 'fatal: repository acme/internal-model not found';

const entity = componentEntity('private-assistant', {
  'backstage.io/kubernetes-id': 'private-assistant',
});

describe('who may read an entity status', () => {
  const scene = statusScene({
    manifests: () =>
      modelDownloadWithJob({
        resource: 'private-models',
        namespace: 'ml',
        kubernetesId: 'private-assistant',
        models: [SECRET_MODEL],
        outcome: { state: 'failed', exitCode: 128, message: FAILURE },
      }).manifests,
    entities: [entity],
    access: {
      hiddenFrom: ['user:default/outsider'],
      deny: {
        'user:default/viewer': [modelDeliveryStatusReadPermission.name],
      },
    },
  });

  beforeAll(async () => {
    // The allowed user sees everything, so the refusals below refuse real data.
    await waitForStatus(
      scene.backend,
      entity,
      s =>
        s.resources.some(r => r.items[0]?.state === 'failed') &&
        JSON.stringify(s).includes(FAILURE),
    );
  });

  function expectNothingRevealed(body: unknown) {
    const text = JSON.stringify(body);
    for (const secret of [
      'private-models',
      SECRET_MODEL,
      FAILURE,
      'hf-dl-',
      'local',
    ]) {
      expect(text).not.toContain(secret);
    }
  }

  it('answers 404 when the catalog does not show the entity to the caller, revealing nothing', async () => {
    const response = await getStatus(
      scene.backend,
      entity,
      'user:default/outsider',
    );
    expect(response.status).toBe(404);
    expect(response.body.error.name).toBe('NotFoundError');
    expectNothingRevealed(response.body);
  });

  it('answers 404 for an entity that does not exist, the same way', async () => {
    const response = await request(scene.backend.server)
      .get('/api/model-delivery/entity/component/default/no-such-thing/status')
      .set(
        'Authorization',
        mockCredentials.user.header('user:default/outsider'),
      );
    expect(response.status).toBe(404);
    expect(response.body.error.name).toBe('NotFoundError');
  });

  it('answers 403 when the policy denies model-delivery.status.read on the entity, revealing nothing', async () => {
    const response = await getStatus(
      scene.backend,
      entity,
      'user:default/viewer',
    );
    expect(response.status).toBe(403);
    expect(response.body.error.name).toBe('NotAllowedError');
    expect(response.body.error.message).toContain('model-delivery.status.read');
    expectNothingRevealed(response.body);
  });

  it("refuses the others at the very moment an allowed caller's read is reused", async () => {
    // The allowed caller's verdict is fresh (and shared by its concurrent requests):
    // neither the hidden caller nor the denied one may get anything from it.
    const [allowed, again, outsider, viewer] = await Promise.all([
      getStatus(scene.backend, entity),
      getStatus(scene.backend, entity),
      getStatus(scene.backend, entity, 'user:default/outsider'),
      getStatus(scene.backend, entity, 'user:default/viewer'),
    ]);
    expect(allowed.status).toBe(200);
    expect(again.status).toBe(200);
    expect(JSON.stringify(allowed.body)).toContain(FAILURE);
    expect(outsider.status).toBe(404);
    expectNothingRevealed(outsider.body);
    expect(viewer.status).toBe(403);
    expectNothingRevealed(viewer.body);

    const outsiderAfter = await getStatus(
      scene.backend,
      entity,
      'user:default/outsider',
    );
    expect(outsiderAfter.status).toBe(404);
    expectNothingRevealed(outsiderAfter.body);
    const viewerAfter = await getStatus(
      scene.backend,
      entity,
      'user:default/viewer',
    );
    expect(viewerAfter.status).toBe(403);
    expectNothingRevealed(viewerAfter.body);
  });

  it("registers the suite's permissions, so that the permission backend and policies know them", async () => {
    const response = await request(scene.backend.server)
      .get('/api/model-delivery/.well-known/backstage/permissions/metadata')
      .set('Authorization', mockCredentials.service.header());
    expect(response.status).toBe(200);
    expect(response.body.permissions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: 'model-delivery.status.read',
          resourceType: 'catalog-entity',
        }),
        expect.objectContaining({
          name: 'model-delivery.model.retry',
          resourceType: 'catalog-entity',
        }),
      ]),
    );
  });

  it('refuses unauthenticated callers', async () => {
    const response = await request(scene.backend.server)
      .get(
        '/api/model-delivery/entity/component/default/private-assistant/status',
      )
      .set('Authorization', mockCredentials.none.header());
    expect(response.status).toBe(401);
    expectNothingRevealed(response.body);
  });
});
