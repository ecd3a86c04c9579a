import { validateLocalModelCacheInput } from './validate';

const valid = {
  name: 'llama-3-8b',
  scope: 'cluster',
  sourceModelUri: 'hf://meta-llama/meta-llama-3-8b-instruct',
  modelSize: '10Gi',
  nodeGroups: ['gpu-nodes'],
};

// Found by validateInputs.property.test.ts (seed 20261202): the storage key had a rule of its
// own, without Kubernetes' length limit or its '..' rule for Secret keys.
describe('credentials.storageKey', () => {
  it.each(['a'.repeat(254), '..', '..hf', '.'])(
    "refuses '%s', which cannot be a key of the storage-config Secret",
    storageKey => {
      expect(
        validateLocalModelCacheInput({
          ...valid,
          credentials: { method: 'storageKey', storageKey },
        }),
      ).toEqual([
        {
          field: 'credentials.storageKey',
          message: expect.stringContaining('is not a valid Secret key'),
        },
      ]);
    },
  );

  it('requires a key with the storageKey method', () => {
    expect(
      validateLocalModelCacheInput({
        ...valid,
        credentials: { method: 'storageKey' },
      }),
    ).toEqual([
      { field: 'credentials.storageKey', message: 'a Secret key is required' },
    ]);
  });

  it('accepts a key Kubernetes accepts', () => {
    expect(
      validateLocalModelCacheInput({
        ...valid,
        credentials: { method: 'storageKey', storageKey: 'hf.token' },
      }),
    ).toEqual([]);
  });
});
