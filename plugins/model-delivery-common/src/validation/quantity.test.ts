import { parseQuantity } from './quantity';

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
