import { FleetRow } from '@model-delivery/plugin-model-delivery-common';
import { queryFleet } from './fleetQuery';

function row(overrides: Partial<FleetRow>): FleetRow {
  return {
    modelId: 'org/model',
    modelEntityRef: 'resource:default/org_model',
    state: 'completed',
    phase: 'completed',
    detail: 'completed',
    entityRef: 'component:default/app',
    owner: 'group:default/team-a',
    cluster: 'prod',
    namespace: 'ml',
    kind: 'ModelDownload',
    name: 'models',
    operator: 'hf-operator',
    served: 'not-served',
    ...overrides,
  };
}

const ROWS: FleetRow[] = [
  row({ modelId: 'b/model', name: 'one' }),
  row({
    modelId: 'a/model',
    state: 'failed',
    reason: 'disk full',
    owner: 'group:default/team-b',
    cluster: 'dev',
  }),
  row({
    modelId: 'hf://c/model',
    kind: 'LocalModelCache',
    namespace: undefined,
    name: 'c-cache',
    operator: 'KServe',
    size: '20Gi',
    state: 'pending',
  }),
  row({
    modelId: 'd/model',
    kind: 'LocalModelCache',
    namespace: undefined,
    name: 'd-cache',
    operator: 'KServe',
    size: '500Mi',
    served: 'ready',
  }),
];

describe('queryFleet', () => {
  it('sorts failures first by state, and each field either way with a stable tie-break', () => {
    expect(
      queryFleet(ROWS, { sort: 'state' }).rows!.map(r => r.modelId),
    ).toEqual(['a/model', 'hf://c/model', 'b/model', 'd/model']);
    expect(
      queryFleet(ROWS, { sort: 'model', order: 'desc' }).rows!.map(
        r => r.modelId,
      ),
    ).toEqual(['hf://c/model', 'd/model', 'b/model', 'a/model']);
    // By size in bytes, not as text; unknown sizes last.
    expect(
      queryFleet(ROWS, { sort: 'size' }).rows!.map(r => r.modelId),
    ).toEqual(['d/model', 'hf://c/model', 'a/model', 'b/model']);
  });

  it('narrows by every filter and searches the reason, the owner and the model', () => {
    expect(queryFleet(ROWS, { operator: 'KServe' }).total).toBe(2);
    expect(queryFleet(ROWS, { cluster: 'dev' }).rows![0].modelId).toBe(
      'a/model',
    );
    expect(queryFleet(ROWS, { owner: 'group:default/team-b' }).total).toBe(1);
    expect(queryFleet(ROWS, { search: 'DISK' }).rows![0].modelId).toBe(
      'a/model',
    );
    expect(
      queryFleet(ROWS, { state: 'failed', operator: 'KServe' }).total,
    ).toBe(0);
    expect(
      queryFleet(ROWS, { served: 'ready' }).rows!.map(r => r.modelId),
    ).toEqual(['d/model']);
    expect(queryFleet(ROWS, { served: 'not-served' }).total).toBe(3);
    expect(queryFleet(ROWS, { served: 'not-ready' }).total).toBe(0);
  });

  it('offers the values of every row as filter options, whatever the filters', () => {
    const answer = queryFleet(ROWS, { state: 'failed' });
    expect(answer.filterOptions).toEqual({
      states: ['pending', 'completed', 'failed'],
      clusters: ['dev', 'prod'],
      operators: ['KServe', 'hf-operator'],
      owners: ['group:default/team-a', 'group:default/team-b'],
      served: ['ready', 'not-served'],
    });
  });

  it('pages', () => {
    const answer = queryFleet(ROWS, { sort: 'model', page: 2, pageSize: 3 });
    expect(answer.total).toBe(4);
    expect(answer.rows!.map(r => r.modelId)).toEqual(['hf://c/model']);
  });

  describe('duplicates', () => {
    const copies = [
      row({ modelId: 'x/m', namespace: 'a', owner: 'group:default/a' }),
      row({ modelId: 'x/m', namespace: 'b', owner: 'group:default/b' }),
      // The same resource selected by a second entity: the same copy.
      row({
        modelId: 'x/m',
        namespace: 'b',
        owner: 'group:default/b',
        entityRef: 'component:default/other',
      }),
      // One team, one namespace, two resources: not a duplicate across teams or namespaces.
      row({ modelId: 'y/m', name: 'first' }),
      row({ modelId: 'y/m', name: 'second' }),
      row({ modelId: 'z/m', namespace: 'a', state: 'failed' }),
      row({ modelId: 'z/m', namespace: 'b' }),
      row({ modelId: 'z/m', namespace: 'c' }),
    ];

    it('lists models held by several teams or namespaces, counting each place once', () => {
      const answer = queryFleet(copies, { view: 'duplicates', sort: 'copies' });
      expect(answer.duplicates).toEqual([
        expect.objectContaining({
          modelId: 'x/m',
          copies: 2,
          owners: ['group:default/a', 'group:default/b'],
          namespaces: ['prod/a', 'prod/b'],
          entityRefs: ['component:default/app', 'component:default/other'],
        }),
        expect.objectContaining({
          modelId: 'z/m',
          copies: 3,
          counts: { pending: 0, completed: 2, failed: 1 },
        }),
      ]);
      expect(answer.total).toBe(2);
    });

    it('keeps a duplicated model whose copies match the filters, with all its copies', () => {
      const answer = queryFleet(copies, {
        view: 'duplicates',
        state: 'failed',
      });
      expect(answer.duplicates!.map(d => [d.modelId, d.copies])).toEqual([
        ['z/m', 3],
      ]);
    });
  });
});
