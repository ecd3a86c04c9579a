/* eslint-disable @backstage/no-mixed-plugin-imports -- test-only imports: the shared generators and the local API server run in node, never in the published package */
import fc from 'fast-check';
import {
  ControlPlane,
  applyManifests,
  startControlPlane,
} from '@internal/local-control-plane';
import {
  DryRunCreator,
  ServerVerdict,
  mapConcurrently,
} from '@model-delivery/test-kit/validation';
import {
  configKeyCandidates,
  dnsLabelCandidates,
  dnsSubdomainCandidates,
  labelValueCandidates,
  propertySeed,
  quantityCandidates,
} from '@model-delivery/test-kit/validation';
import { ValidationIssue } from './issues';
import {
  checkDnsLabel,
  checkDnsSubdomain,
  checkLabelValue,
  checkSecretKey,
} from './kubernetesNames';
import { checkQuantity } from './quantity';

/*
 * The API server is the oracle: each generated value goes where Kubernetes itself validates
 * it, in a server-side dry-run create, and the suite's verdict must be the server's. Where
 * the suite is stricter on purpose, the rule says so and why (the same reason is in the
 * validator's doc comment and docs/operators.md).
 *
 * VALIDATION_SEED picks other values; VALIDATION_DIFF_RUNS sets how many per rule.
 */

jest.setTimeout(600_000);

const RUNS = Number(process.env.VALIDATION_DIFF_RUNS ?? 2500);
const NS = 'validation-oracle';

interface Rule {
  name: string;
  candidates: fc.Arbitrary<string>;
  check: (value: string) => ValidationIssue[];
  /** The collection path and the object carrying the value where Kubernetes validates it. */
  carrier: (value: string, index: number) => { path: string; body: unknown };
  /** Why the suite refuses a value the server admits, when that is on purpose. */
  deliberatelyStricter?: (value: string) => string | undefined;
  /** Values not sent, since the server cannot answer them in time; the suite must refuse them. */
  unanswerable?: (value: string) => boolean;
  /** Values Kubernetes' own rule is known to differ on; each must be handled, never silently. */
  examples: string[];
}

const configMap = (name: string, extra: object = {}) => ({
  path: `/api/v1/namespaces/${NS}/configmaps`,
  body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...extra } },
});

const RULES: Rule[] = [
  {
    name: 'DNS label (a Namespace name)',
    candidates: dnsLabelCandidates(),
    check: v => checkDnsLabel('field', v),
    carrier: v => ({
      path: '/api/v1/namespaces',
      body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: v } },
    }),
    examples: ['default', 'a', `${'a'.repeat(63)}`, `${'a'.repeat(64)}`],
  },
  {
    name: 'DNS subdomain (a ConfigMap name)',
    candidates: dnsSubdomainCandidates(),
    check: v => checkDnsSubdomain('field', v),
    carrier: v => configMap(v),
    examples: ['a.b', 'a..b', `${'a'.repeat(253)}`, `${'a'.repeat(254)}`],
  },
  {
    name: 'Secret and ConfigMap data key (a Secret key)',
    candidates: configKeyCandidates(),
    check: v => checkSecretKey('field', v),
    carrier: (v, i) => ({
      path: `/api/v1/namespaces/${NS}/secrets`,
      body: {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: `key-${i}` },
        data: { [v]: 'eA==' },
      },
    }),
    examples: ['.', '..', '..a', '.a', 'a..', '...'],
  },
  {
    name: 'label value (a ConfigMap label)',
    candidates: labelValueCandidates(),
    check: v => checkLabelValue('field', v),
    carrier: (v, i) =>
      configMap(`label-${i}`, { labels: { 'model-delivery.test/value': v } }),
    deliberatelyStricter: v =>
      v === ''
        ? 'an empty label value is valid for Kubernetes, but every field checked as one needs a value: an empty backstage.io/kubernetes-id selects nothing, and an empty nodePool is handled (with a warning) before the check'
        : undefined,
    examples: ['', 'A', 'a_', `${'a'.repeat(63)}`, `${'a'.repeat(64)}`],
  },
  {
    name: 'positive quantity (a PersistentVolumeClaim storage request)',
    candidates: quantityCandidates(),
    check: v => checkQuantity('field', v, 'size', '1Gi'),
    carrier: (v, i) => ({
      path: `/api/v1/namespaces/${NS}/persistentvolumeclaims`,
      body: {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: `quantity-${i}` },
        spec: {
          accessModes: ['ReadWriteOnce'],
          resources: { requests: { storage: v } },
        },
      },
    }),
    deliberatelyStricter: v => {
      if (v !== v.trim()) {
        return "the API server trims spaces around a quantity; hf-operator parses cpu and memory with resource.MustParse, which does not, and panics, and KServe's CRD pattern refuses them";
      }
      if (/[eE][+-]?0*[0-9]{4,}$/.test(v)) {
        return "Kubernetes' parser takes time proportional to the exponent (1e10000000: 30 s in the API server); no size needs more than three digits of it";
      }
      return undefined;
    },
    // 1e10000000 takes the API server 30 s; 1e2147483647 never finishes (504 after 34 s).
    unanswerable: v => /[eE][+-]?0*[0-9]{7,}$/.test(v.trim()),
    examples: [
      '1e1.5',
      '1e-1000',
      '1e99999999999999999999',
      '1e1000',
      '1e-1000000',
      '1e2147483647',
      ' 1Gi',
      '1Gi\n',
      '+',
      '.',
      '0.5n',
    ],
  },
];

let controlPlane: ControlPlane;
let creator: DryRunCreator;

beforeAll(async () => {
  controlPlane = await startControlPlane({ crds: false, rbac: false });
  await applyManifests(controlPlane.kubeConfig('admin'), [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } },
  ]);
  creator = new DryRunCreator(controlPlane);
});

afterAll(async () => {
  creator?.close();
  await controlPlane?.stop();
});

/** Distinct generated values of a rule, its fixed examples first. */
function valuesOf(rule: Rule): string[] {
  const generated = fc.sample(rule.candidates, {
    numRuns: Math.ceil(RUNS * 1.6),
    seed: propertySeed(),
  });
  return [...new Set([...rule.examples, ...generated])].slice(0, RUNS);
}

interface Disagreement {
  value: string;
  suite: string;
  server: ServerVerdict;
}

describe.each(RULES.map(rule => [rule.name, rule] as const))(
  'the suite agrees with the API server on every generated %s',
  (_, rule) => {
    it(`(${RUNS} distinct values, seed ${propertySeed()})`, async () => {
      const generated = valuesOf(rule);
      const unanswerable = generated.filter(v => rule.unanswerable?.(v));
      for (const value of unanswerable) {
        expect([value, rule.check(value).length]).toEqual([value, 1]);
      }
      const values = generated.filter(v => !unanswerable.includes(v));
      const verdicts = await mapConcurrently(
        values.map((value, index) => ({ value, index })),
        12,
        async ({ value, index }) => {
          const { path, body } = rule.carrier(value, index);
          return { value, server: await creator.verdict(path, body) };
        },
      );
      const disagreements: Disagreement[] = [];
      let accepted = 0;
      let stricter = 0;
      for (const { value, server } of verdicts) {
        const issues = rule.check(value);
        const suiteAccepts = issues.length === 0;
        if (server.accepted) accepted++;
        if (suiteAccepts === server.accepted) continue;
        if (!suiteAccepts && rule.deliberatelyStricter?.(value)) {
          stricter++;
          continue;
        }
        disagreements.push({
          value,
          suite: suiteAccepts ? 'accepted' : issues[0].message,
          server,
        });
      }
      // Both verdicts must occur often, or the generator tests nothing.
      expect(accepted).toBeGreaterThan(values.length / 20);
      expect(values.length - accepted).toBeGreaterThan(values.length / 20);
      expect(values.length).toBeGreaterThanOrEqual(Math.min(RUNS, 1000));
      expect(
        disagreements.map(
          d =>
            `${JSON.stringify(d.value)}: suite ${d.suite}; server ${
              d.server.accepted ? 'accepted' : `refused (${d.server.message})`
            }`,
        ),
      ).toEqual([]);
      // eslint-disable-next-line no-console
      console.log(
        `${rule.name}: ${values.length} values sent, ${accepted} admitted by the server, ${stricter} refused on purpose by the suite; ${unanswerable.length} not sent (the server cannot answer in time), all refused by the suite`,
      );
    });
  },
);
