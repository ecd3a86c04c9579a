import fc from 'fast-check';
import {
  InputValidationError,
  ValidationIssue,
  checkDnsLabel,
  checkDnsSubdomain,
  checkLabelValue,
  checkSecretKey,
  validateGemmaOnTPUServerInput,
  validateLocalModelCacheInput,
  validateModelDownloadInput,
} from '@model-delivery/plugin-model-delivery-common';
import {
  CHAT_ASSISTANT_REF,
  TestCluster,
  actionRunner,
  startTestCluster,
} from '@model-delivery/test-kit';
import * as generated from '@model-delivery/test-kit/validation';
import { createModelDeliveryActions } from '../actions/createModelDeliveryActions';
import { GEMMA_ON_TPU_CREATE_ACTION_ID } from '../actions/gemmaOnTpu/createGemmaOnTpuAction';
import { KAGGLE_CREDENTIALS_CREATE_ACTION_ID } from '../actions/gemmaOnTpu/createKaggleCredentialsAction';
import { HF_TOKEN_CREATE_ACTION_ID } from '../actions/hfToken/createHfTokenAction';
import { HF_TOKEN_SECRET_MANAGER_ACTION_ID } from '../actions/hfToken/createSecretManagerTokenAction';
import { LOCAL_MODEL_CACHE_CREATE_ACTION_ID } from '../actions/localModelCache/createLocalModelCacheAction';
import { MODEL_DOWNLOAD_CREATE_ACTION_ID } from '../actions/modelDownload/createModelDownloadAction';
import { RESOURCE_DELETE_ACTION_ID } from '../actions/lifecycle/deleteResourceAction';
import { MODEL_DOWNLOAD_REDOWNLOAD_ACTION_ID } from '../actions/lifecycle/redownloadAction';

/*
 * The generators of the validation rules' own tests, driving every action end to end in a
 * dry run against a real API server: each generated bad input must fail before anything
 * reaches the cluster, with an error naming the field, and the API server must count no
 * write at all (dry-run or not: validation comes first).
 */

jest.setTimeout(300_000);

const BASE = { cluster: 'local', entityRef: CHAT_ASSISTANT_REF };

type Check = (field: string, value: unknown) => ValidationIssue[];

/** Values of one field that its rule refuses; `defaulted` fields take '' and null as "not given". */
function refused(
  candidates: fc.Arbitrary<unknown>,
  check: Check,
  defaulted = false,
): fc.Arbitrary<unknown> {
  return fc
    .oneof(
      { weight: 9, arbitrary: candidates },
      { weight: 1, arbitrary: generated.wrongTypes() },
    )
    .filter(
      value =>
        !(
          defaulted &&
          (value === '' || value === undefined || value === null)
        ) && check('field', value).length > 0,
    );
}

/** One generated bad value in one of the given fields of `base`. */
function oneBadField(
  base: object,
  fields: Record<string, fc.Arbitrary<unknown>>,
): fc.Arbitrary<generated.ChangedInput<object>> {
  return fc.oneof(
    ...Object.entries(fields).map(([field, values]) =>
      values.map(value => ({
        input: { ...base, [field]: value },
        field,
        value,
      })),
    ),
  );
}

/** A kind's generated changes that its validator refuses in the changed field. */
function refusedChanges(
  changes: fc.Arbitrary<generated.ChangedInput<any>>,
  validate: (input: unknown) => ValidationIssue[],
): fc.Arbitrary<generated.ChangedInput<object>> {
  return changes
    .filter(({ input, field }) => validate(input).some(i => i.field === field))
    .map(change => ({ ...change, input: { ...BASE, ...change.input } }));
}

/** Inputs every action takes: the cluster, the owner, its kubernetes-id. */
const ownerFields = {
  cluster: fc.constantFrom('', 0, null, true),
  entityRef: fc.constantFrom('', ':', 'component:', 0, null, []),
  kubernetesId: refused(
    generated.labelValueCandidates(),
    (f, v) => checkLabelValue(f, v),
    true,
  ),
};

const NS = 'ml-models';

/** Inputs of the actions that act on one resource of an entity (delete, re-download). */
const entityResourceFields = {
  cluster: ownerFields.cluster,
  entityRef: ownerFields.entityRef,
  namespace: refused(generated.dnsLabelCandidates(), (f, v) =>
    checkDnsLabel(f, v),
  ),
  name: refused(generated.dnsSubdomainCandidates(), (f, v) =>
    checkDnsSubdomain(f, v),
  ),
};

const CASES: Array<{
  action: string;
  runs: number;
  badInputs: fc.Arbitrary<generated.ChangedInput<object>>;
  secrets?: Record<string, string>;
}> = [
  {
    action: MODEL_DOWNLOAD_CREATE_ACTION_ID,
    runs: 60,
    badInputs: fc.oneof(
      {
        weight: 4,
        arbitrary: refusedChanges(
          generated.modelDownloadInputChanges(),
          validateModelDownloadInput,
        ),
      },
      {
        weight: 1,
        arbitrary: generated
          .validModelDownloadInput()
          .chain(valid => oneBadField({ ...BASE, ...valid }, ownerFields)),
      },
    ),
  },
  {
    action: GEMMA_ON_TPU_CREATE_ACTION_ID,
    runs: 40,
    badInputs: fc.oneof(
      {
        weight: 4,
        arbitrary: refusedChanges(
          generated.gemmaOnTPUServerInputChanges(),
          validateGemmaOnTPUServerInput,
        ),
      },
      {
        weight: 1,
        arbitrary: generated
          .validGemmaOnTPUServerInput()
          .chain(valid => oneBadField({ ...BASE, ...valid }, ownerFields)),
      },
    ),
  },
  {
    action: LOCAL_MODEL_CACHE_CREATE_ACTION_ID,
    runs: 50,
    badInputs: fc.oneof(
      {
        weight: 4,
        arbitrary: refusedChanges(
          generated.localModelCacheInputChanges(),
          validateLocalModelCacheInput,
        ),
      },
      {
        weight: 1,
        arbitrary: generated.validLocalModelCacheInput().chain(valid =>
          oneBadField(
            { ...BASE, ...valid },
            {
              ...ownerFields,
              jobsNamespace: refused(
                generated.dnsLabelCandidates(),
                (f, v) => checkDnsLabel(f, v),
                true,
              ),
            },
          ),
        ),
      },
    ),
  },
  {
    action: HF_TOKEN_CREATE_ACTION_ID,
    runs: 30,
    secrets: { hfToken: 'hf_GeneratedInputsTestToken' },
    badInputs: oneBadField(
      { ...BASE, namespace: NS },
      {
        ...ownerFields,
        namespace: refused(generated.dnsLabelCandidates(), (f, v) =>
          checkDnsLabel(f, v),
        ),
        name: refused(
          generated.dnsSubdomainCandidates(),
          (f, v) => checkDnsSubdomain(f, v),
          true,
        ),
        key: refused(generated.configKeyCandidates(), checkSecretKey, true),
      },
    ),
  },
  {
    action: KAGGLE_CREDENTIALS_CREATE_ACTION_ID,
    runs: 20,
    secrets: { kaggleUsername: 'someone', kaggleKey: 'GeneratedInputsTestKey' },
    badInputs: oneBadField(
      { ...BASE, namespace: NS },
      {
        ...ownerFields,
        namespace: refused(generated.dnsLabelCandidates(), (f, v) =>
          checkDnsLabel(f, v),
        ),
        name: refused(
          generated.dnsSubdomainCandidates(),
          (f, v) => checkDnsSubdomain(f, v),
          true,
        ),
      },
    ),
  },
  {
    action: HF_TOKEN_SECRET_MANAGER_ACTION_ID,
    runs: 20,
    badInputs: oneBadField(
      {
        ...BASE,
        namespace: NS,
        projectId: 'my-project-123',
        readSecret: 'hf-token',
      },
      {
        ...ownerFields,
        namespace: refused(generated.dnsLabelCandidates(), (f, v) =>
          checkDnsLabel(f, v),
        ),
        workloadServiceAccount: refused(
          generated.dnsSubdomainCandidates(),
          (f, v) => checkDnsSubdomain(f, v),
          true,
        ),
      },
    ),
  },
  {
    action: RESOURCE_DELETE_ACTION_ID,
    runs: 20,
    badInputs: oneBadField(
      { ...BASE, kind: 'ModelDownload', namespace: NS, name: 'chat-models' },
      {
        ...entityResourceFields,
        kind: fc.constantFrom('', 'Deployment', 'modeldownload', 0, null),
      },
    ),
  },
  {
    action: MODEL_DOWNLOAD_REDOWNLOAD_ACTION_ID,
    runs: 20,
    badInputs: oneBadField(
      { ...BASE, namespace: NS, name: 'chat-models' },
      {
        ...entityResourceFields,
        models: fc.constantFrom('org/a', [''], [1], {}),
      },
    ),
  },
];

/** Writes the API server counted (`apiserver_request_total`), dry runs excluded. */
function writesOf(metrics: string): number {
  let writes = 0;
  for (const line of metrics.split('\n')) {
    if (!line.startsWith('apiserver_request_total{')) continue;
    const labels = Object.fromEntries(
      [...line.matchAll(/(\w+)="([^"]*)"/g)].map(m => [m[1], m[2]]),
    );
    if (!['POST', 'PUT', 'PATCH', 'DELETE', 'APPLY'].includes(labels.verb))
      continue;
    if (labels.dry_run) continue;
    writes += Number(line.split(' ').pop());
  }
  return writes;
}

let cluster: TestCluster;

beforeAll(async () => {
  cluster = await startTestCluster();
});

afterAll(async () => {
  await cluster?.stop();
});

it('covers every action of the module', () => {
  expect(
    createModelDeliveryActions(cluster.options)
      .map(a => a.id)
      .sort(),
  ).toEqual(CASES.map(c => c.action).sort());
});

it('rejects every generated bad input in a dry run, naming its field, and writes nothing', async () => {
  const actions = new Map(
    createModelDeliveryActions(cluster.options).map(a => [a.id, a]),
  );
  const writesBefore = writesOf(await cluster.controlPlane.metrics());
  const failures: string[] = [];
  let total = 0;
  for (const c of CASES) {
    const { run } = actionRunner(() => actions.get(c.action)!, {
      dryRun: true,
      secrets: c.secrets,
    });
    const samples = fc.sample(c.badInputs, {
      numRuns: c.runs,
      seed: generated.propertySeed(),
    });
    for (const { input, field, value } of samples) {
      total++;
      const { error } = await run(input);
      const shown = `${c.action} ${field} = ${JSON.stringify(value)}`;
      if (!(error instanceof InputValidationError)) {
        failures.push(`${shown}: ${error ? error.message : 'no error'}`);
      } else if (
        !error.issues.some(i => i.field === field) ||
        !error.message.includes(`\n${field}: `)
      ) {
        failures.push(
          `${shown}: the error does not name ${field}: ${error.message}`,
        );
      }
    }
  }
  const writesAfter = writesOf(await cluster.controlPlane.metrics());

  expect(failures).toEqual([]);
  expect(total).toBeGreaterThanOrEqual(200);
  // The count is real: starting the cluster (CRDs, RBAC) wrote through the same counter.
  expect(writesBefore).toBeGreaterThan(0);
  expect(writesAfter - writesBefore).toBe(0);
});
