/* eslint-disable @backstage/no-mixed-plugin-imports -- test-only imports: the shared generators and the local API server run in node, never in the published package */
import fc from 'fast-check';
import {
  configKeyCandidates,
  dnsLabelCandidates,
  dnsSubdomainCandidates,
  labelValueCandidates,
  propertySeed,
} from '@model-delivery/test-kit/validation';
import {
  checkDnsLabel,
  checkDnsSubdomain,
  checkLabelValue,
  checkSecretKey,
} from './kubernetesNames';

const runs = { seed: propertySeed(), numRuns: 3000 };

// Kubernetes counts bytes; every accepted value is ASCII, where bytes and characters agree.
const ASCII_PRINTABLE = /^[\x21-\x7e]*$/;

describe('checkDnsLabel', () => {
  it('accepts only lowercase alphanumerics and inner dashes, at most 63', () => {
    fc.assert(
      fc.property(dnsLabelCandidates(), value => {
        const accepted = checkDnsLabel('namespace', value).length === 0;
        expect(accepted).toBe(
          value.length >= 1 &&
            value.length <= 63 &&
            /^[a-z0-9-]+$/.test(value) &&
            !value.startsWith('-') &&
            !value.endsWith('-'),
        );
      }),
      runs,
    );
  });

  it('is a subdomain and a label value whenever it is a label', () => {
    fc.assert(
      fc.property(dnsLabelCandidates(), value => {
        fc.pre(checkDnsLabel('f', value).length === 0);
        expect(checkDnsSubdomain('f', value)).toEqual([]);
        expect(checkLabelValue('f', value)).toEqual([]);
      }),
      runs,
    );
  });
});

describe('checkDnsSubdomain', () => {
  it('accepts exactly the labels joined by dots, at most 253', () => {
    fc.assert(
      fc.property(dnsSubdomainCandidates(), value => {
        const accepted = checkDnsSubdomain('name', value).length === 0;
        const labels = value.split('.');
        expect(accepted).toBe(
          value.length <= 253 &&
            labels.every(
              label =>
                label.length > 0 &&
                /^[a-z0-9-]+$/.test(label) &&
                !label.startsWith('-') &&
                !label.endsWith('-'),
            ),
        );
      }),
      runs,
    );
  });
});

describe('checkLabelValue', () => {
  it('accepts only printable ASCII of at most 63, starting and ending alphanumeric', () => {
    fc.assert(
      fc.property(labelValueCandidates(), value => {
        fc.pre(checkLabelValue('nodePool', value).length === 0);
        expect(value.length).toBeGreaterThanOrEqual(1);
        expect(value.length).toBeLessThanOrEqual(63);
        expect(value).toMatch(ASCII_PRINTABLE);
        expect(value).toMatch(/^[A-Za-z0-9](.*[A-Za-z0-9])?$/);
      }),
      runs,
    );
  });
});

describe('checkSecretKey', () => {
  it("accepts what a Secret's data can hold as a file name: never '.', '..' or a '..' prefix", () => {
    fc.assert(
      fc.property(configKeyCandidates(), value => {
        const accepted = checkSecretKey('hfTokenRef.key', value).length === 0;
        expect(accepted).toBe(
          value.length >= 1 &&
            value.length <= 253 &&
            /^[-._a-zA-Z0-9]+$/.test(value) &&
            value !== '.' &&
            !value.startsWith('..'),
        );
      }),
      runs,
    );
  });
});

describe.each([
  ['checkDnsLabel', checkDnsLabel],
  ['checkDnsSubdomain', checkDnsSubdomain],
  ['checkLabelValue', checkLabelValue],
  ['checkSecretKey', checkSecretKey],
] as const)('%s', (_, check) => {
  it('never throws, and names the field with a message for what it refuses', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.string()), value => {
        for (const issue of check('models[3].name', value)) {
          expect(issue.field).toBe('models[3].name');
          expect(issue.message.length).toBeGreaterThan(0);
        }
      }),
      { ...runs, numRuns: 500 },
    );
  });
});
