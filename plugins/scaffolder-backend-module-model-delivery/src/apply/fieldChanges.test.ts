import { describeFieldChange, fieldChanges } from './fieldChanges';

describe('fieldChanges', () => {
  it('lists changed, added and removed fields, lists compared whole', () => {
    const changes = fieldChanges(
      'spec',
      { nodePool: 'a', models: [{ name: 'x' }], settings: { cpu: '1' } },
      {
        models: [{ name: 'x' }, { name: 'y' }],
        settings: { cpu: '2', memory: '4Gi' },
      },
    );

    expect(changes.map(c => describeFieldChange(c, { values: true }))).toEqual([
      'spec.models: [{"name":"x"}] → [{"name":"x"},{"name":"y"}]',
      "spec.nodePool: removed (was 'a')",
      "spec.settings.cpu: '1' → '2'",
      "spec.settings.memory: added '4Gi'",
    ]);
  });

  it('brackets keys with dots and slashes, as labels have', () => {
    const [change] = fieldChanges(
      'metadata.labels',
      {},
      { 'backstage.io/kubernetes-id': 'chat' },
    );
    expect(describeFieldChange(change, { values: true })).toBe(
      'metadata.labels["backstage.io/kubernetes-id"]: added \'chat\'',
    );
  });

  it('never shows values when asked not to', () => {
    const changes = fieldChanges(
      'data',
      { token: 'b2xk', gone: 'eA==' },
      {
        token: 'bmV3',
        added: 'eQ==',
      },
    );
    const lines = changes.map(c => describeFieldChange(c, { values: false }));
    expect(lines).toEqual([
      'data.added added',
      'data.gone removed',
      'data.token changed',
    ]);
  });

  it('finds nothing when nothing changed', () => {
    expect(
      fieldChanges('spec', { a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }),
    ).toEqual([]);
  });
});
