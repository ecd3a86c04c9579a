import { checkLabelValue, checkSecretKey } from './kubernetesNames';

describe('checkLabelValue', () => {
  it('accepts what Kubernetes accepts as a label value', () => {
    expect(checkLabelValue('kubernetesId', 'chat-assistant')).toEqual([]);
    expect(checkLabelValue('kubernetesId', 'Chat_Assistant.v2')).toEqual([]);
    expect(checkLabelValue('kubernetesId', 'a'.repeat(63))).toEqual([]);
  });

  it('names the field and the rule for what it rejects', () => {
    for (const bad of ['-leading', 'trailing.', 'has space', 'a'.repeat(64)]) {
      expect(checkLabelValue('kubernetesId', bad)).toEqual([
        {
          field: 'kubernetesId',
          message: expect.stringContaining('at most 63 letters, digits'),
        },
      ]);
    }
    expect(checkLabelValue('kubernetesId', '')).toEqual([
      { field: 'kubernetesId', message: 'a label value is required' },
    ]);
  });
});

// Found by the generated values of apiServerAgreement.test.ts (seed 20261202): the API
// server refuses these Secret keys, which became file names in a volume; the suite let them
// through.
describe('checkSecretKey', () => {
  it.each(['.', '..', '..a', '..-x', '...'])(
    "refuses '%s', as Kubernetes does (a key is a file name: not '.' or '..', not starting with '..')",
    key => {
      expect(checkSecretKey('hfTokenRef.key', key)).toEqual([
        {
          field: 'hfTokenRef.key',
          message: expect.stringContaining(
            `'${key}' is not a valid Secret key`,
          ),
        },
      ]);
    },
  );

  it.each(['.a', 'a..', '.env', 'a..b', 'HF_TOKEN', 'a'.repeat(253)])(
    "accepts '%s', as Kubernetes does",
    key => {
      expect(checkSecretKey('hfTokenRef.key', key)).toEqual([]);
    },
  );

  it('refuses a key of 254 characters', () => {
    expect(checkSecretKey('hfTokenRef.key', 'a'.repeat(254))).toHaveLength(1);
  });
});
