/* eslint-disable @backstage/no-mixed-plugin-imports -- test-only imports: the shared generators and the local API server run in node, never in the published package */
import fc from 'fast-check';
import {
  propertySeed,
  quantityCandidates,
} from '@model-delivery/test-kit/validation';
import { checkQuantity, parseQuantity } from './quantity';

const runs = { seed: propertySeed(), numRuns: 3000 };

const BINARY = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
const DECIMAL = { n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12 };

describe('parseQuantity', () => {
  it('reads a whole number with any suffix as that number times the suffix', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 100_000 }),
        fc.constantFrom(...Object.entries({ '': 1, ...BINARY, ...DECIMAL })),
        (n, [suffix, factor]) => {
          expect(parseQuantity(`${n}${suffix}`)).toBeCloseTo(n * factor, 12);
        },
      ),
      runs,
    );
  });

  it('reads an exponent as a power of ten', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 999 }),
        fc.integer({ min: -9, max: 12 }),
        (n, exponent) => {
          expect(parseQuantity(`${n}e${exponent}`)).toBeCloseTo(
            n * 10 ** exponent,
            12,
          );
        },
      ),
      runs,
    );
  });

  it('counts any non-zero amount below a nano as one nano, as Kubernetes rounds it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 10, max: 100_000 }), exponent => {
        expect(parseQuantity(`1e-${exponent}`)).toBe(1e-9);
        expect(parseQuantity(`-1e-${exponent}`)).toBe(-1e-9);
        expect(parseQuantity(`0e-${exponent}`)).toBe(0);
      }),
      runs,
    );
  });
});

describe('checkQuantity', () => {
  it('accepts only what parses to a number greater than zero', () => {
    fc.assert(
      fc.property(quantityCandidates(), value => {
        fc.pre(checkQuantity('settings.cpu', value, 'CPU', '1').length === 0);
        const parsed = parseQuantity(value);
        expect(parsed).toBeDefined();
        expect(parsed).toBeGreaterThan(0);
        // No whitespace or sign games: what the operator's strict parser reads.
        expect(value).toMatch(/^\+?[0-9.]/);
      }),
      runs,
    );
  });

  it('never throws, and names the field with a message for what it refuses', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), quantityCandidates()), value => {
        for (const issue of checkQuantity('modelSize', value, 'size', '1Gi')) {
          expect(issue.field).toBe('modelSize');
          expect(issue.message.length).toBeGreaterThan(0);
        }
      }),
      { ...runs, numRuns: 500 },
    );
  });
});
