import { groupEntity, teamComponent } from '@model-delivery/test-kit/fixtures';
import { TestBackend, mockCredentials } from '@backstage/backend-test-utils';
import { ControlPlane, startControlPlane } from '@internal/local-control-plane';
import { modelDeliveryStatusReadPermission } from '@model-delivery/plugin-model-delivery-common';
import { givenObjects, modelDownloadWithJob } from '@model-delivery/test-kit';
import request from 'supertest';
import {
  startPortalBackend,
  teamPolicy,
} from '@model-delivery/test-kit/portal';
import { statusPath } from '../__testUtils__/statusBackend';

jest.setTimeout(180_000);

const SECRET_MODEL = 'acme/vision-secret-model';
const FAILURE = 'fatal: repository acme/vision-secret-model not found';

const group = groupEntity;

const visionApi = teamComponent('vision-api', 'group:default/vision');

/**
 * An adopter's policy, decided by the real permission backend and applied by the real
 * catalog: `vic` and `olga` see only what the vision team owns (a conditional decision),
 * `olga` is in it; `rita` may read the catalog but not model delivery statuses; `hugo` may
 * read nothing; everyone else everything.
 */
const policy = teamPolicy({
  refused: {
    'user:default/hugo': '*',
    'user:default/rita': [modelDeliveryStatusReadPermission.name],
  },
  entitiesOf: {
    'user:default/vic': ['group:default/ml'],
    'user:default/olga': ['group:default/vision'],
  },
});

/*
 * The status endpoint asks the policy once per caller and reads an entity once for all
 * callers; these views check that, on the real catalog and permission backend, every
 * caller still gets exactly what the catalog would show them, also when their requests
 * arrive together with an allowed caller's.
 */
describe('who sees an entity status, decided by the real catalog and permission backend', () => {
  let cp: ControlPlane;
  let backend: TestBackend;

  beforeAll(async () => {
    cp = await startControlPlane();
    await givenObjects(
      cp.kubeConfig('admin'),
      ...modelDownloadWithJob({
        resource: 'vision-models',
        namespace: 'vision',
        kubernetesId: 'vision-api',
        models: [SECRET_MODEL],
        outcome: { state: 'failed', exitCode: 128, message: FAILURE },
      }).manifests,
    );
    backend = await startPortalBackend({
      plugin: '@model-delivery/plugin-model-delivery-backend',
      controlPlane: cp,
      entities: [group('ml'), group('vision'), visionApi],
      policy,
    });
    // The allowed user sees the failure, so the refusals below refuse real data.
    for (let attempt = 0; ; attempt++) {
      const view = await get('user:default/admin');
      if (view.status === 200 && JSON.stringify(view.body).includes(FAILURE)) {
        break;
      }
      if (attempt > 120) throw new Error(`no status: ${view.status}`);
      await new Promise(r => setTimeout(r, 500));
    }
  });

  afterAll(async () => {
    await backend?.stop();
    await cp?.stop();
  });

  function get(user: string) {
    return request(backend.server)
      .get(statusPath(visionApi))
      .set('Authorization', mockCredentials.user.header(user));
  }

  function expectNothingRevealed(body: unknown) {
    const text = JSON.stringify(body);
    for (const secret of [SECRET_MODEL, FAILURE, 'vision-models', 'hf-dl-']) {
      expect(text).not.toContain(secret);
    }
  }

  it('gives each caller what the catalog shows them, even in one burst of requests', async () => {
    const [admin, owner, outsider, nobody, noStatus, ownerAgain] =
      await Promise.all([
        get('user:default/admin'),
        get('user:default/olga'),
        get('user:default/vic'),
        get('user:default/hugo'),
        get('user:default/rita'),
        get('user:default/olga'),
      ]);

    expect(admin.status).toBe(200);
    expect(JSON.stringify(admin.body)).toContain(FAILURE);
    // A conditional decision: the owner sees it, resolved against the entity.
    expect(owner.status).toBe(200);
    expect(ownerAgain.status).toBe(200);
    expect(JSON.stringify(owner.body)).toContain(FAILURE);

    // Not the entity's owner: as if it did not exist.
    expect(outsider.status).toBe(404);
    expectNothingRevealed(outsider.body);
    // Denied the catalog read outright: the same.
    expect(nobody.status).toBe(404);
    expectNothingRevealed(nobody.body);
    // May see the entity, not its model delivery status.
    expect(noStatus.status).toBe(403);
    expect(noStatus.body.error.message).toContain(
      modelDeliveryStatusReadPermission.name,
    );
    expectNothingRevealed(noStatus.body);
  });

  it('answers an entity the catalog does not hold with 404, to allowed callers too', async () => {
    const response = await request(backend.server)
      .get('/api/model-delivery/entity/component/default/no-such-thing/status')
      .set('Authorization', mockCredentials.user.header('user:default/admin'));
    expect(response.status).toBe(404);
  });
});
