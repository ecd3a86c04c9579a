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
  dnsLabelCandidates,
  gemmaOnTPUServerInputChanges,
  hfOperatorJobInputs,
  localModelCacheInputChanges,
  modelDownloadInputChanges,
  propertySeed,
} from '@model-delivery/test-kit/validation';
import { checkHuggingFaceRepoId } from '../validation/huggingFace';
import { ValidationIssue } from '../validation/issues';
import { checkDnsSubdomain } from '../validation/kubernetesNames';
import { gemmaOnTPUServerManifest } from './gemmaOnTpuServer/manifest';
import { validateGemmaOnTPUServerInput } from './gemmaOnTpuServer/validate';
import { localModelCacheManifest } from './localModelCache/manifest';
import { validateLocalModelCacheInput } from './localModelCache/validate';
import {
  hfOperatorJobLabels,
  hfOperatorJobName,
} from './modelDownload/jobNames';
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
  /**
   * Fields the suite checks beyond the CRD, each with the operator's reason, and, where the
   * reason covers only some values, which.
   */
  stricter: Array<[RegExp, string, ((input: any) => boolean)?]>;
}

const KINDS: KindRule[] = [
  {
    kind: 'ModelDownload',
    changes: modelDownloadInputChanges(),
    validate: validateModelDownloadInput,
    manifest: modelDownloadManifest,
    stricter: [
      [
        /^name$/,
        "hf-operator labels each of its Jobs 'parent=<name>', raw: a label value of at most 63 characters",
        input => String(input.name).length > 63,
      ],
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
            issue =>
              !rule.stricter.some(
                ([field, , applies]) =>
                  field.test(issue.field) && (applies?.(change.input) ?? true),
              ),
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

/*
 * Names the operators make from the input, created where Kubernetes validates them: the Job
 * hf-operator creates per model (its name and labels, as the operator writes them), and the
 * Service kro's Gemma RGD names after the instance.
 */
describe('names the operators derive from the input', () => {
  async function verdicts<T>(
    items: T[],
    carrier: (item: T, index: number) => { path: string; body: unknown },
  ) {
    return mapConcurrently(
      items.map((item, index) => ({ item, index })),
      12,
      async ({ item, index }) => {
        const { path, body } = carrier(item, index);
        return { item, server: await creator.verdict(path, body) };
      },
    );
  }

  it(`hf-operator's Job for each model: refused by the suite exactly when Kubernetes refuses the Job (seed ${propertySeed()})`, async () => {
    // Names and ids valid by their own rules, so that a refusal can only be the Job's.
    const pairs = fc
      .sample(hfOperatorJobInputs(), {
        numRuns: RUNS * 2,
        seed: propertySeed(),
      })
      .filter(
        ([name, model]) =>
          checkDnsSubdomain('name', name).length === 0 &&
          checkHuggingFaceRepoId('model', model).length === 0,
      );
    const distinct = [
      ...new Map(pairs.map(p => [hfOperatorJobName(p[0], p[1]), p])).values(),
    ].slice(0, RUNS);
    const results = await verdicts(distinct, ([name, model]) => ({
      path: `/apis/batch/v1/namespaces/${NS}/jobs`,
      body: {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: {
          name: hfOperatorJobName(name, model),
          labels: hfOperatorJobLabels(name, model),
        },
        spec: {
          backoffLimit: 0,
          template: {
            spec: {
              restartPolicy: 'Never',
              containers: [{ name: 'download', image: 'hf-downloader' }],
            },
          },
        },
      },
    }));
    const disagreements: string[] = [];
    let accepted = 0;
    for (const { item, server } of results) {
      const [name, model] = item;
      const issues = validateModelDownloadInput({
        name,
        namespace: NS,
        models: [{ name: model }],
        storagePVC: 'models',
        hfTokenRef: { name: 'hf-token', key: 'token' },
      });
      if (server.accepted) accepted++;
      if (server.accepted !== (issues.length === 0)) {
        disagreements.push(
          `${name} + ${model} → Job ${hfOperatorJobName(name, model)}: server ${
            server.accepted ? 'accepted' : `refused (${server.message})`
          }; suite ${
            issues.map(i => `${i.field}: ${i.message}`).join('; ') || 'accepted'
          }`,
        );
      }
    }
    expect(distinct.length).toBeGreaterThanOrEqual(Math.min(RUNS, 1000));
    expect(accepted).toBeGreaterThan(distinct.length / 20);
    expect(distinct.length - accepted).toBeGreaterThan(distinct.length / 20);
    expect(disagreements).toEqual([]);
    // eslint-disable-next-line no-console
    console.log(
      `hf-operator Jobs: ${distinct.length} (name, model) pairs, ${accepted} Jobs admitted by the server`,
    );
  });

  it(`the Gemma RGD's Service: the suite refuses what Kubernetes refuses, and more only for the service account's 30 characters (seed ${propertySeed()})`, async () => {
    const names = [
      ...new Set(
        fc.sample(dnsLabelCandidates(), {
          numRuns: Math.ceil(RUNS * 1.6),
          seed: propertySeed(),
        }),
      ),
    ].slice(0, RUNS);
    const results = await verdicts(names, name => ({
      path: `/api/v1/namespaces/${NS}/services`,
      body: {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name },
        spec: { ports: [{ name: 'http', port: 8000 }] },
      },
    }));
    const disagreements: string[] = [];
    let accepted = 0;
    let stricter = 0;
    for (const { item: name, server } of results) {
      const issues = validateGemmaOnTPUServerInput({ name, namespace: NS });
      if (server.accepted) accepted++;
      const suiteAccepts = issues.length === 0;
      if (server.accepted === suiteAccepts) continue;
      // '<name>-gemma' is a Google service account id: at most 30 characters.
      if (server.accepted && name.length > 24) {
        stricter++;
        continue;
      }
      disagreements.push(
        `${JSON.stringify(name)}: server ${
          server.accepted ? 'accepted' : `refused (${server.message})`
        }; suite ${issues.map(i => i.message).join('; ') || 'accepted'}`,
      );
    }
    expect(accepted).toBeGreaterThan(names.length / 20);
    expect(disagreements).toEqual([]);
    // eslint-disable-next-line no-console
    console.log(
      `Gemma Service names: ${names.length} names, ${accepted} admitted by the server, ${stricter} refused by the suite for the service account id`,
    );
  });
});
