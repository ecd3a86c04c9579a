/* eslint-disable @backstage/no-mixed-plugin-imports -- test-only imports: the shared generators and the local API server run in node, never in the published package */
import fc from 'fast-check';
import {
  ChangedInput,
  gemmaOnTPUServerInputChanges,
  localModelCacheInputChanges,
  modelDownloadInputChanges,
  propertySeed,
  validGemmaOnTPUServerInput,
  validLocalModelCacheInput,
  validModelDownloadInput,
} from '@model-delivery/test-kit/validation';
import { checkHuggingFaceRepoId } from '../validation/huggingFace';
import { ValidationIssue } from '../validation/issues';
import {
  checkDnsLabel,
  checkDnsSubdomain,
  checkLabelValue,
  checkSecretKey,
} from '../validation/kubernetesNames';
import { checkQuantity } from '../validation/quantity';
import { validateGemmaOnTPUServerInput } from './gemmaOnTpuServer/validate';
import { validateLocalModelCacheInput } from './localModelCache/validate';
import { checkSourceModelUri } from './localModelCache/sourceModelUri';
import { validateModelDownloadInput } from './modelDownload/validate';

const runs = { seed: propertySeed(), numRuns: 2000 };

const optional =
  (check: (field: string, value: unknown) => ValidationIssue[]) =>
  (field: string, value: unknown) =>
    value === undefined || value === null || value === ''
      ? []
      : check(field, value);

interface KindUnderTest {
  kind: string;
  validate: (input: unknown) => ValidationIssue[];
  valid: fc.Arbitrary<unknown>;
  changes: fc.Arbitrary<ChangedInput<unknown>>;
  /** The shared rule each changed field must meet on its own. */
  fieldRules: Record<
    string,
    (field: string, value: unknown) => ValidationIssue[]
  >;
  /** Fields a change may also be reported on (derived names). */
  alsoReportedOn?: Record<string, RegExp>;
}

const KINDS: KindUnderTest[] = [
  {
    kind: 'ModelDownload',
    validate: validateModelDownloadInput,
    valid: validModelDownloadInput(),
    changes: modelDownloadInputChanges(),
    fieldRules: {
      name: (f, v) => checkDnsSubdomain(f, v),
      namespace: (f, v) => checkDnsLabel(f, v),
      'models[0].name': checkHuggingFaceRepoId,
      storagePVC: (f, v) => checkDnsSubdomain(f, v),
      'hfTokenRef.name': (f, v) => checkDnsSubdomain(f, v),
      'hfTokenRef.key': checkSecretKey,
      nodePool: optional((f, v) => checkLabelValue(f, v)),
      'settings.cpu': optional((f, v) => checkQuantity(f, v, 'CPU', '1')),
      'settings.memory': optional((f, v) => checkQuantity(f, v, 'memory', '1')),
    },
    // The resource name and each model id make up hf-operator's Job names, reported on the model.
    alsoReportedOn: {
      name: /^models\[\d+\]\.name$/,
      'models[0].name': /^models\[\d+\]\.name$/,
    },
  },
  {
    kind: 'GemmaOnTPUServer',
    validate: validateGemmaOnTPUServerInput,
    valid: validGemmaOnTPUServerInput(),
    changes: gemmaOnTPUServerInputChanges(),
    fieldRules: {
      name: (f, v) => checkDnsLabel(f, v),
      namespace: (f, v) => checkDnsLabel(f, v),
      kaggleSecret: optional((f, v) => checkDnsSubdomain(f, v)),
      replicas: (f, v) =>
        v === undefined ||
        v === null ||
        (typeof v === 'number' && Number.isInteger(v) && v >= 1)
          ? []
          : [{ field: f, message: 'not a whole number of at least 1' }],
    },
  },
  {
    kind: 'LocalModelCache',
    validate: validateLocalModelCacheInput,
    valid: validLocalModelCacheInput(),
    changes: localModelCacheInputChanges(),
    fieldRules: {
      name: (f, v) => checkDnsLabel(f, v),
      namespace: (f, v) => checkDnsLabel(f, v),
      sourceModelUri: checkSourceModelUri,
      modelSize: (f, v) => checkQuantity(f, v, 'size', '1Gi'),
      'nodeGroups[0]': (f, v) => checkDnsSubdomain(f, v),
      'credentials.serviceAccountName': (f, v) => checkDnsSubdomain(f, v),
      'credentials.storageKey': checkSecretKey,
    },
  },
];

describe.each(KINDS.map(k => [k.kind, k] as const))(
  'validate %s input',
  (_, kind) => {
    it('accepts every generated valid input', () => {
      fc.assert(
        fc.property(kind.valid, input => {
          expect(kind.validate(input)).toEqual([]);
        }),
        runs,
      );
    });

    it('reports a changed field by its name when its own rule refuses the value, and no other field', () => {
      fc.assert(
        fc.property(kind.changes, ({ input, field, value }) => {
          const issues = kind.validate(input);
          const alsoOn = kind.alsoReportedOn?.[field] ?? /^$/;
          expect(
            issues.filter(i => i.field !== field && !alsoOn.test(i.field)),
          ).toEqual([]);
          const refused = kind.fieldRules[field](field, value).length > 0;
          const reported = issues.some(i => i.field === field);
          // Refused by its own rule implies reported on its own name.
          expect({ refused, reported }).toEqual({
            refused,
            reported: reported || refused,
          });
        }),
        runs,
      );
    });

    it('never throws on anything, and every issue names a field', () => {
      fc.assert(
        fc.property(
          fc.oneof(
            fc.anything(),
            fc.dictionary(
              fc.constantFrom(
                'name',
                'namespace',
                'models',
                'scope',
                'settings',
                'nodeGroups',
              ),
              fc.anything(),
            ),
          ),
          input => {
            for (const issue of kind.validate(input)) {
              expect(issue.field.length).toBeGreaterThan(0);
              expect(issue.message.length).toBeGreaterThan(0);
            }
          },
        ),
        { ...runs, numRuns: 500 },
      );
    });
  },
);
