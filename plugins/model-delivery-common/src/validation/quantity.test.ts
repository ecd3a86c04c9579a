import { checkQuantity, parseQuantity } from './quantity';

describe('parseQuantity', () => {
  it.each([
    ['1', 1],
    ['500m', 0.5],
    ['4Gi', 4 * 2 ** 30],
    ['1.5k', 1500],
    ['2e3', 2000],
    ['.5', 0.5],
  ])('%s is %d', (text, value) => {
    expect(parseQuantity(text)).toBeCloseTo(value);
  });

  it.each(['4GB', 'one', '1 Gi', '', 'Gi'])('%s is not a quantity', text => {
    expect(parseQuantity(text)).toBeUndefined();
  });
});

// Found by the generated values of quantity.property.test.ts and apiServerAgreement.test.ts
// (seed 20261202), checked against the API server's own parser.
describe('quantities Kubernetes reads differently from a regular expression', () => {
  it.each([
    '1e1.5',
    '9999999999999999999e1.5',
    '1e.5',
    '1e99999999999999999999',
  ])(
    '%s is not a quantity: the exponent must be a whole number that fits 64 bits',
    text => {
      expect(parseQuantity(text)).toBeUndefined();
      expect(checkQuantity('settings.cpu', text, 'CPU', '1')).toEqual([
        {
          field: 'settings.cpu',
          message: expect.stringContaining('is not a Kubernetes quantity'),
        },
      ]);
    },
  );

  it.each(['1e-999', '0.0000000001', '1e-10', '0.5n'])(
    '%s is greater than zero: Kubernetes rounds it up to one nano',
    text => {
      expect(parseQuantity(text)).toBe(1e-9);
      expect(checkQuantity('modelSize', text, 'model size', '10Gi')).toEqual(
        [],
      );
    },
  );

  it.each(['-1e-1000', '0e5', '-0', '+', '.'])(
    '%s is not greater than zero',
    text => {
      expect(
        checkQuantity('modelSize', text, 'model size', '10Gi'),
      ).toHaveLength(1);
    },
  );

  it.each([' 1Gi', '1Gi ', '\t1'])(
    "'%s' is refused, although the API server trims it: hf-operator's parser does not",
    text => {
      expect(
        checkQuantity('settings.memory', text, 'memory', '4Gi'),
      ).toHaveLength(1);
    },
  );

  it.each(['1e1000', '1e-1000', '1e10000000', '1e2147483647', '1e+0001000'])(
    '%s is refused: Kubernetes takes ever longer to read a larger exponent (1e2147483647 timed the API server out)',
    text => {
      expect(checkQuantity('modelSize', text, 'model size', '10Gi')).toEqual([
        {
          field: 'modelSize',
          message: expect.stringContaining('use at most 3'),
        },
      ]);
    },
  );

  it('accepts an exponent of three digits, with leading zeros or not', () => {
    expect(checkQuantity('modelSize', '1e999', 'model size', '10Gi')).toEqual(
      [],
    );
    expect(checkQuantity('modelSize', '1e+0009', 'model size', '10Gi')).toEqual(
      [],
    );
  });
});
