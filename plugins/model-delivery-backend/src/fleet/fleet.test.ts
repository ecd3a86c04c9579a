import { groupEntity, teamComponent } from '@model-delivery/test-kit/fixtures';
import { TestBackend, mockCredentials } from '@backstage/backend-test-utils';
import { ControlPlane, startControlPlane } from '@internal/local-control-plane';
import {
  FleetResponse,
  modelDeliveryStatusReadPermission,
} from '@model-delivery/plugin-model-delivery-common';
import {
  givenObjects,
  modelDownload,
  modelDownloadNeeds,
  playHfOperator,
} from '@model-delivery/test-kit';
import request from 'supertest';
import {
  startPortalBackend,
  teamPolicy,
  ownedByDecision,
} from '@model-delivery/test-kit/portal';

jest.setTimeout(180_000);

const group = groupEntity;

const component = teamComponent;

const SHARED = 'google/gemma-2-2b-it';
const ALPHA_ONLY = 'org/alpha-model';
const BETA_SECRET = 'acme/beta-internal-model';
const BETA_FAILURE = 'OSError: acme/beta-internal-model is a gated repo';

/**
 * `alice` (team A) may see only team A's entities in the catalog; `carol` may see every
 * entity but read the model delivery status of team A's only; `dora` may read no model
 * delivery status; `root` may do everything.
 */
const policy = teamPolicy({
  refused: { 'user:default/dora': [modelDeliveryStatusReadPermission.name] },
  decide: (query, user) =>
    user?.info.userEntityRef === 'user:default/carol' &&
    query.permission.name === modelDeliveryStatusReadPermission.name
      ? ownedByDecision(query, ['group:default/team-a'])
      : undefined,
  entitiesOf: { 'user:default/alice': ['group:default/team-a'] },
});

describe('GET /fleet', () => {
  let cp: ControlPlane;
  let backend: TestBackend;

  async function fleet(user: string, query: Record<string, string> = {}) {
    return request(backend.server)
      .get('/api/model-delivery/fleet')
      .query(query)
      .set('Authorization', mockCredentials.user.header(user));
  }

  beforeAll(async () => {
    cp = await startControlPlane();
    const admin = cp.kubeConfig('admin');
    await givenObjects(
      admin,
      ...modelDownloadNeeds('team-a', 'models'),
      ...modelDownloadNeeds('team-b', 'models'),
      modelDownload({
        name: 'alpha-models',
        namespace: 'team-a',
        kubernetesId: 'alpha-app',
        models: [SHARED, ALPHA_ONLY],
      }),
      modelDownload({
        name: 'beta-models',
        namespace: 'team-b',
        kubernetesId: 'beta-app',
        models: [SHARED, BETA_SECRET],
      }),
    );
    await playHfOperator(admin, 'team-a', 'alpha-models', {
      [SHARED]: { state: 'completed' },
      [ALPHA_ONLY]: { state: 'completed' },
    });
    await playHfOperator(admin, 'team-b', 'beta-models', {
      [SHARED]: { state: 'completed' },
      [BETA_SECRET]: { state: 'failed', exitCode: 1, message: BETA_FAILURE },
    });

    backend = await startPortalBackend({
      plugin: '@model-delivery/plugin-model-delivery-backend',
      controlPlane: cp,
      entities: [
        group('team-a'),
        group('team-b'),
        component('alpha-app', 'group:default/team-a'),
        component('beta-app', 'group:default/team-b'),
      ],
      policy,
    });

    // The caches follow the cluster: wait until root sees all four rows, settled.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const response = await fleet('user:default/root');
      const body = response.body as FleetResponse;
      if (
        body.total === 4 &&
        body.rows?.some(r => r.state === 'failed') &&
        body.rows.filter(r => r.state === 'completed').length === 3
      ) {
        break;
      }
      if (Date.now() > deadline) {
        throw new Error(`Never saw the fleet: ${JSON.stringify(body)}`);
      }
      await new Promise(r => setTimeout(r, 250));
    }
  });

  afterAll(async () => {
    await backend?.stop();
    await cp?.stop();
  });

  function expectNothingOfTeamB(body: unknown) {
    const text = JSON.stringify(body);
    for (const secret of [
      'beta-app',
      'beta-models',
      'team-b',
      BETA_SECRET,
      BETA_FAILURE,
    ]) {
      expect(text).not.toContain(secret);
    }
  }

  it('lists every model at every place, with its owner, state and reason', async () => {
    const response = await fleet('user:default/root', { sort: 'state' });
    expect(response.status).toBe(200);
    const body = response.body as FleetResponse;
    expect(body.view).toBe('places');
    expect(body.rows![0]).toEqual(
      expect.objectContaining({
        modelId: BETA_SECRET,
        state: 'failed',
        entityRef: 'component:default/beta-app',
        owner: 'group:default/team-b',
        cluster: 'local',
        namespace: 'team-b',
        kind: 'ModelDownload',
        name: 'beta-models',
        operator: 'hf-operator',
        storage: 'PVC models',
      }),
    );
    expect(body.rows![0].reason).toContain(BETA_FAILURE);
    expect(body.rows![0].modelEntityRef).toMatch(/^resource:default\//);
    expect(body.filterOptions.owners).toEqual([
      'group:default/team-a',
      'group:default/team-b',
    ]);
  });

  it("shows a caller who may not read team B's component none of team B's rows", async () => {
    const response = await fleet('user:default/alice');
    expect(response.status).toBe(200);
    const body = response.body as FleetResponse;
    expect(body.total).toBe(2);
    expect(body.rows!.map(r => r.modelId).sort()).toEqual(
      [ALPHA_ONLY, SHARED].sort(),
    );
    expect(
      body.rows!.every(r => r.entityRef === 'component:default/alpha-app'),
    ).toBe(true);
    expect(body.filterOptions.owners).toEqual(['group:default/team-a']);
    expectNothingOfTeamB(body);

    // Searching or filtering for team B's data finds nothing either.
    const narrowings: Record<string, string>[] = [
      { search: 'beta' },
      { state: 'failed' },
      { owner: 'group:default/team-b' },
    ];
    for (const query of narrowings) {
      const narrowed = await fleet('user:default/alice', query);
      expect(narrowed.status).toBe(200);
      expect(narrowed.body.total).toBe(0);
      expectNothingOfTeamB(narrowed.body);
    }
  });

  it("does not count team B's copy as a duplicate for that caller", async () => {
    const forRoot = await fleet('user:default/root', { view: 'duplicates' });
    expect(forRoot.body.duplicates).toEqual([
      expect.objectContaining({
        modelId: SHARED,
        copies: 2,
        owners: ['group:default/team-a', 'group:default/team-b'],
        namespaces: ['local/team-a', 'local/team-b'],
        counts: { pending: 0, completed: 2, failed: 0 },
      }),
    ]);

    const forAlice = await fleet('user:default/alice', { view: 'duplicates' });
    expect(forAlice.status).toBe(200);
    expect(forAlice.body.duplicates).toEqual([]);
    expect(forAlice.body.total).toBe(0);
    expectNothingOfTeamB(forAlice.body);
  });

  it("hides team B's rows from a caller who may read the component but not its model delivery status", async () => {
    const response = await fleet('user:default/carol');
    expect(response.status).toBe(200);
    expect(response.body.total).toBe(2);
    expectNothingOfTeamB(response.body);
  });

  it('shows a caller denied model-delivery.status.read nothing at all', async () => {
    const response = await fleet('user:default/dora');
    expect(response.status).toBe(200);
    expect(response.body.total).toBe(0);
    expect(response.body.filterOptions.owners).toEqual([]);
    expectNothingOfTeamB(response.body);
  });

  it('never hands the list an allowed caller shares to a conditionally allowed one', async () => {
    const [root, alice, again] = await Promise.all([
      fleet('user:default/root'),
      fleet('user:default/alice'),
      fleet('user:default/root'),
    ]);
    expect(root.body.total).toBe(4);
    expect(again.body.total).toBe(4);
    expect(alice.body.total).toBe(2);
    expectNothingOfTeamB(alice.body);
  });

  it('filters to failed models, and pages', async () => {
    const failed = await fleet('user:default/root', { state: 'failed' });
    expect(failed.body.total).toBe(1);
    expect(failed.body.rows.map((r: any) => r.modelId)).toEqual([BETA_SECRET]);

    const second = await fleet('user:default/root', {
      sort: 'model',
      pageSize: '1',
      page: '2',
    });
    expect(second.status).toBe(200);
    expect(second.body).toEqual(
      expect.objectContaining({ total: 4, page: 2, pageSize: 1 }),
    );
    expect(second.body.rows).toHaveLength(1);
    expect(second.body.rows[0].modelId).toBe(SHARED);
  });

  it('refuses bad input with the parameter and the rule', async () => {
    const tooBig = await fleet('user:default/root', { pageSize: '100000' });
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.error.message).toContain('pageSize');

    const badState = await fleet('user:default/root', { state: 'broken' });
    expect(badState.status).toBe(400);
    expect(badState.body.error.message).toContain('state');
  });

  it('refuses unauthenticated callers', async () => {
    const response = await request(backend.server)
      .get('/api/model-delivery/fleet')
      .set('Authorization', mockCredentials.none.header());
    expect(response.status).toBe(401);
    expectNothingOfTeamB(response.body);
  });
});
