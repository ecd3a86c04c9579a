/* eslint-disable @backstage/no-mixed-plugin-imports -- test-only imports: the shared generators and the local API server run in node, never in the published package */
import fc from 'fast-check';
import {
  ControlPlane,
  applyManifests,
  objectPath,
  startControlPlane,
} from '@internal/local-control-plane';
import {
  DryRunCreator,
  mapConcurrently,
} from '@model-delivery/test-kit/validation';
import {
  ChangedInput,
  gemmaOnTPUServerInputChanges,
  localModelCacheInputChanges,
  modelDownloadInputChanges,
  propertySeed,
} from '@model-delivery/test-kit/validation';
import { ValidationIssue } from '../validation/issues';
import { gemmaOnTPUServerManifest } from './gemmaOnTpuServer/manifest';
import { validateGemmaOnTPUServerInput } from './gemmaOnTpuServer/validate';
import { localModelCacheManifest } from './localModelCache/manifest';
import { validateLocalModelCacheInput } from './localModelCache/validate';
import { modelDownloadManifest } from './modelDownload/manifest';
import { validateModelDownloadInput } from './modelDownload/validate';

/*
 * Each kind's whole input against the suite's CRDs on a real API server: whatever the server
 * refuses, the suite must refuse first, naming the field. Where the suite refuses what the
 * CRD admits, the field must be one the operator needs stricter, and the reason is listed
 * here and in docs/operators.md ("Validation: stricter than the CRDs, and why").
 *
 * The namespace is left out: a dry run in a missing namespace fails on the namespace, not on
 * the object; the Namespace-name rule is checked in validation/apiServerAgreement.test.ts.
 */

jest.setTimeout(600_000);

const RUNS = Number(process.env.VALIDATION_DIFF_RUNS ?? 2500);
const NS = 'validation-oracle';

interface KindRule {
  kind: string;
  changes: fc.Arbitrary<ChangedInput<any>>;
  validate: (input: unknown) => ValidationIssue[];
  manifest: (input: any) => {
    apiVersion?: string;
    kind?: string;
    metadata?: any;
  };
  /** Fields the suite checks beyond the CRD, each with the operator's reason. */
  stricter: Array<[RegExp, string]>;
}

const KINDS: KindRule[] = [
  {
    kind: 'ModelDownload',
    changes: modelDownloadInputChanges(),
    validate: validateModelDownloadInput,
    manifest: modelDownloadManifest,
    stricter: [
      [
        /^models\[\d+\]\.name$/,
        "a Hugging Face id by the Hub's rules, and hf-operator's Job name made from it must be a valid, distinct Job name",
      ],
      [/^storagePVC$/, 'names a PersistentVolumeClaim: an object name'],
      [/^hfTokenRef\.name$/, 'names a Secret: an object name'],
      [/^hfTokenRef\.key$/, 'a key of that Secret'],
      [/^nodePool$/, "becomes the pods' nodeSelector label value"],
      [
        /^settings\.(cpu|memory)$/,
        'hf-operator parses them with resource.MustParse, which panics on anything else',
      ],
    ],
  },
  {
    kind: 'GemmaOnTPUServer',
    changes: gemmaOnTPUServerInputChanges(),
    validate: validateGemmaOnTPUServerInput,
    manifest: gemmaOnTPUServerManifest,
    stricter: [
      [
        /^name$/,
        "the RGD names a Service after the instance (a DNS-1035 label) and a Google service account '<name>-gemma' (at most 30)",
      ],
      [/^kaggleSecret$/, 'names a Secret: an object name'],
      [/^replicas$/, 'a Deployment runs at least one replica'],
    ],
  },
  {
    kind: 'LocalModelCache',
    changes: localModelCacheInputChanges(),
    validate: validateLocalModelCacheInput,
    manifest: localModelCacheManifest,
    stricter: [
      [/^name$/, 'KServe labels its download Jobs model=<name>: a label value'],
      [/^sourceModelUri$/, "a URI KServe's storage initializer downloads from"],
      [
        /^modelSize$/,
        'KServe decodes it as a resource.Quantity and compares it with node storage; zero caches nothing; the actions take it as a string',
      ],
      [/^nodeGroups\[\d+\]$/, 'names a LocalModelNodeGroup: an object name'],
      [/^credentials\.serviceAccountName$/, 'names a ServiceAccount'],
      [/^credentials\.storageKey$/, 'a key of the storage-config Secret'],
    ],
  },
];

let controlPlane: ControlPlane;
let creator: DryRunCreator;

beforeAll(async () => {
  controlPlane = await startControlPlane({ rbac: false });
  await applyManifests(controlPlane.kubeConfig('admin'), [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } },
  ]);
  creator = new DryRunCreator(controlPlane);
});

afterAll(async () => {
  creator?.close();
  await controlPlane?.stop();
});

describe.each(KINDS.map(k => [k.kind, k] as const))(
  'the API server and the suite on generated %s inputs',
  (_, rule) => {
    it(`refuse together, or the suite is stricter for a documented reason (seed ${propertySeed()})`, async () => {
      const changes = fc
        .sample(rule.changes, { numRuns: RUNS * 2, seed: propertySeed() })
        .filter(change => change.field !== 'namespace')
        .map(change => ({
          ...change,
          input: { ...change.input, namespace: NS },
        }));
      const distinct = [
        ...new Map(changes.map(c => [JSON.stringify(c.input), c])).values(),
      ].slice(0, RUNS);
      const admin = controlPlane.kubeConfig('admin');
      const verdicts = await mapConcurrently(distinct, 12, async change => {
        const manifest = rule.manifest(change.input);
        const path = await objectPath(admin, {
          apiVersion: manifest.apiVersion!,
          kind: manifest.kind!,
          metadata: { namespace: manifest.metadata?.namespace },
        });
        return { change, server: await creator.verdict(path, manifest) };
      });

      const disagreements: string[] = [];
      let accepted = 0;
      let stricter = 0;
      for (const { change, server } of verdicts) {
        const issues = rule.validate(change.input);
        if (server.accepted) accepted++;
        const shown = `${change.field} = ${JSON.stringify(change.value)}`;
        if (!server.accepted && issues.length === 0) {
          disagreements.push(
            `${shown}: server refused (${server.message}), suite accepted`,
          );
        } else if (server.accepted && issues.length > 0) {
          const unexplained = issues.filter(
            issue => !rule.stricter.some(([field]) => field.test(issue.field)),
          );
          if (unexplained.length > 0) {
            disagreements.push(
              `${shown}: server accepted, suite refused ${unexplained
                .map(i => `${i.field}: ${i.message}`)
                .join('; ')}`,
            );
          } else {
            stricter++;
          }
        }
      }
      expect(distinct.length).toBeGreaterThanOrEqual(Math.min(RUNS, 1000));
      expect(disagreements).toEqual([]);
      // eslint-disable-next-line no-console
      console.log(
        `${rule.kind}: ${distinct.length} inputs, ${accepted} admitted by the server, ${stricter} refused by the suite for a documented operator rule`,
      );
    });
  },
);
