import { expect, Page, test } from '@playwright/test';
import {
  ObjectRef,
  deleteIfExists,
  getObject,
  listNames,
} from './support/cluster';
import {
  CHAT_ASSISTANT,
  rowOf,
  sectionOf,
  stateCellOf,
  tableOf,
} from './support/modelDeliveryTab';
import { BACKEND_URL } from './support/paths';
import { saveScreenshot } from './support/screenshots';
import { backendToken, signIn } from './support/portal';
import {
  dryRun,
  runTemplate,
  templateFile,
  waitForTask,
} from './support/scaffolder';

/**
 * The suite's four software templates: listed on the Create page, and each run against
 * the local control plane, creating its resources labelled for chat-assistant. Every
 * resource created here has a name of its own (e2e-...) and is deleted before and after,
 * so that the other tests see the seeded samples only.
 */

const NAMESPACE = 'ml-models';
const OWNER = CHAT_ASSISTANT.ref;
const KUBERNETES_ID = 'backstage.io/kubernetes-id';

const TEMPLATE_TITLES = [
  'Cache Hugging Face models',
  'Deploy Gemma on TPU',
  'Cache a model on node groups',
  'Hugging Face token from Secret Manager (GKE)',
];

const modelDownload = (name: string): ObjectRef => ({
  apiVersion: 'hfops.kamal.dev/v1alpha1',
  kind: 'ModelDownload',
  metadata: { name, namespace: NAMESPACE },
});
const gemmaServer = (name: string): ObjectRef => ({
  apiVersion: 'kro.run/v1alpha1',
  kind: 'GemmaOnTPUServer',
  metadata: { name, namespace: NAMESPACE },
});
const localModelCache = (name: string): ObjectRef => ({
  apiVersion: 'serving.kserve.io/v1alpha1',
  kind: 'LocalModelCache',
  metadata: { name },
});
const secretProviderClass = (name: string): ObjectRef => ({
  apiVersion: 'secrets-store.csi.x-k8s.io/v1',
  kind: 'SecretProviderClass',
  metadata: { name, namespace: NAMESPACE },
});

const FORM_DOWNLOAD = modelDownload('e2e-models');
/** On the stand-in Hub, and the sample token's user accepted its terms. */
const FORM_MODEL = 'meta-llama/Meta-Llama-3-8B-Instruct';
/** 40 characters: hf-dl-<this>-meta-llama-meta-llama-3-8b-instruct would be 82. */
const TOO_LONG_NAME = 'e2e-model-download-name-that-is-too-long';
const REFUSED_DOWNLOAD = modelDownload(TOO_LONG_NAME);
const DRY_RUN_DOWNLOAD = modelDownload('e2e-dry-run-models');
const GEMMA = gemmaServer('e2e-gemma');
const CACHE = localModelCache('e2e-qwen-cache');
const DUPLICATE_CACHE = localModelCache('e2e-duplicate-cache');
const TOKEN_READ = secretProviderClass('huggingface-token-read');
const TOKEN_WRITE = secretProviderClass('huggingface-token-write');

const CREATED = [
  FORM_DOWNLOAD,
  REFUSED_DOWNLOAD,
  DRY_RUN_DOWNLOAD,
  GEMMA,
  CACHE,
  DUPLICATE_CACHE,
  TOKEN_READ,
  TOKEN_WRITE,
];

async function deleteCreated() {
  for (const ref of CREATED) await deleteIfExists(ref);
}

test.beforeAll(deleteCreated);
test.afterAll(deleteCreated);

/** The names of chat-assistant's resources, as its Model delivery status API lists them. */
async function chatAssistantResources(): Promise<string[]> {
  const res = await fetch(`${BACKEND_URL}${CHAT_ASSISTANT.statusApi}`, {
    headers: { Authorization: `Bearer ${await backendToken()}` },
  });
  expect(res.status).toBe(200);
  const status = (await res.json()) as {
    resources: { kind: string; name: string }[];
  };
  return status.resources.map(r => `${r.kind} ${r.name}`);
}

/** A template's card on the Create page. */
function templateCard(page: Page, title: string) {
  return page
    .locator('div')
    .filter({ has: page.getByRole('heading', { name: title, level: 4 }) })
    .filter({ has: page.getByRole('button', { name: 'Choose' }) })
    .last();
}

test('the Create page lists the four Model Delivery templates', async ({
  page,
}) => {
  await page.goto('/create');
  await signIn(page);
  for (const title of TEMPLATE_TITLES) {
    await expect(templateCard(page, title)).toBeVisible();
  }
  await expect(
    page.getByRole('menuitem', { name: /^All\s*4$/ }),
    'the Model Delivery group counts 4 templates',
  ).toBeVisible();
});

test('"Cache Hugging Face models" through the form: refuses a too long name, then creates the ModelDownload for chat-assistant', async ({
  page,
}, testInfo) => {
  // A whole form, a refused task, the form again, a task and the tab: longer than one step.
  test.setTimeout(150_000);
  await page.goto('/create');
  await signIn(page);
  await templateCard(page, 'Cache Hugging Face models')
    .getByRole('button', { name: 'Choose' })
    .click();
  await expect(
    page.getByRole('heading', { name: 'Cache Hugging Face models' }),
  ).toBeVisible();

  // Owner and placement.
  const owner = page.getByRole('textbox', { name: 'Owner' });
  await owner.fill('chat-assistant');
  await page.getByRole('option', { name: 'chat-assistant' }).click();
  await expect(page.getByRole('textbox', { name: 'Cluster' })).toHaveValue(
    'local',
  );
  await expect(page.getByRole('textbox', { name: 'Namespace' })).toHaveValue(
    NAMESPACE,
  );
  const name = page.getByRole('textbox', { name: 'Name', exact: true });
  await name.fill(TOO_LONG_NAME);
  await page.getByRole('button', { name: 'Next' }).click();

  // Hugging Face token: the existing Secret hf-token, key token.
  await expect(
    page.getByRole('button', { name: 'Token Use an existing Secret' }),
  ).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Secret name' })).toHaveValue(
    'hf-token',
  );
  await expect(
    page.getByRole('textbox', { name: 'Key holding the token' }),
  ).toHaveValue('token');
  await page.getByRole('button', { name: 'Next' }).click();

  // Models: a model whose Job name would exceed what Kubernetes allows.
  const modelId = page.getByRole('textbox', { name: 'Hugging Face model id' });
  await modelId.fill(FORM_MODEL);
  await expect(page.getByRole('textbox', { name: 'Storage PVC' })).toHaveValue(
    'model-store',
  );
  await page.getByRole('textbox', { name: 'Node pool' }).fill('gpu-pool');
  await page.getByRole('button', { name: 'Next' }).click();

  const jobName = `hf-dl-${TOO_LONG_NAME}-meta-llama-meta-llama-3-8b-instruct`;
  const fieldError = page
    .getByRole('listitem')
    .filter({ hasText: /^models\[0\]\.name: / });
  await expect(fieldError).toHaveText(
    `models[0].name: hf-operator would name this model's Job '${jobName}' (82 characters) and Kubernetes allows 63: shorten the resource name '${TOO_LONG_NAME}' by at least 19 characters (to at most 21)`,
  );
  await expect(modelId).toHaveAttribute('aria-invalid', 'true');
  // Still on the Models step.
  await expect(page.getByRole('button', { name: 'Next' })).toBeVisible();
  await expect(
    page.getByRole('textbox', { name: 'Storage PVC' }),
  ).toBeVisible();
  await saveScreenshot(page, testInfo, 'template-model-download-form-error');

  // The action applies the same rule, in the same words, to the same values.
  const refused = await runTemplate('model-download', {
    entityRef: OWNER,
    cluster: 'local',
    namespace: NAMESPACE,
    name: TOO_LONG_NAME,
    models: [{ name: FORM_MODEL }],
    storagePVC: 'model-store',
    nodePool: 'gpu-pool',
    tokenSource: 'existing',
    hfTokenRef: { name: 'hf-token', key: 'token' },
  });
  expect(refused.status).toBe('failed');
  expect(refused.log).toContain(
    `hf-operator would name this model's Job '${jobName}' (82 characters) and Kubernetes allows 63`,
  );
  expect(await getObject(REFUSED_DOWNLOAD)).toBeUndefined();

  // A short name fixes it (back over the token step to the first).
  await page.getByRole('button', { name: 'Back' }).click();
  await page.getByRole('button', { name: 'Back' }).click();
  await name.fill(FORM_DOWNLOAD.metadata.name);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(modelId).toHaveValue(FORM_MODEL);
  await page.getByRole('button', { name: 'Next' }).click();

  // Advanced: defaults. Then the review.
  await expect(
    page.getByRole('checkbox', {
      name: 'Wait until every model is downloaded',
    }),
  ).not.toBeChecked();
  await page.getByRole('button', { name: 'Review' }).click();
  const review = page.getByRole('table');
  for (const [label, value] of [
    ['Owner', OWNER],
    ['Cluster', 'local'],
    ['Namespace', NAMESPACE],
    ['Name', FORM_DOWNLOAD.metadata.name],
    ['Models', `name: ${FORM_MODEL}`],
    ['Storage PVC', 'model-store'],
    ['Node pool', 'gpu-pool'],
    ['Secret name', 'hf-token'],
    ['Key holding the token', 'token'],
  ]) {
    await expect(
      review.getByRole('row', { name: `${label} ${value}`, exact: true }),
    ).toBeVisible();
  }
  await page.getByRole('button', { name: 'Create' }).click();

  // The task page: it finishes with the action's summary and a link to the tab.
  await expect(page).toHaveURL(/\/create\/tasks\/[0-9a-f-]+$/);
  const taskId = page.url().split('/').pop()!;
  await expect(
    page.getByRole('heading', { name: 'Download Jobs', level: 2 }),
  ).toBeVisible({ timeout: 45_000 });
  await expect(
    page.getByText(
      `Created ModelDownload ${NAMESPACE}/${FORM_DOWNLOAD.metadata.name} in cluster 'local'.`,
    ),
  ).toBeVisible();
  await expect(
    page.getByText(`Finished step Create the ModelDownload`),
  ).toBeVisible();
  expect((await waitForTask(taskId)).status).toBe('completed');
  await saveScreenshot(page, testInfo, 'template-model-download-task');

  // In the cluster, labelled for chat-assistant, as the form said.
  const created = await getObject(FORM_DOWNLOAD);
  expect(created, 'the ModelDownload exists').toBeDefined();
  expect(created!.metadata.labels?.[KUBERNETES_ID]).toBe('chat-assistant');
  expect(created!.spec).toMatchObject({
    models: [{ name: FORM_MODEL }],
    storagePVC: 'model-store',
    hfTokenRef: { name: 'hf-token', key: 'token' },
    nodePool: 'gpu-pool',
  });

  // The task's link leads to chat-assistant's tab, where it now shows, waiting for
  // hf-operator (none runs here).
  const tabLink = page.getByRole('link', { name: /Model delivery tab/ });
  await expect(tabLink).toHaveAttribute(
    'href',
    new RegExp(`${CHAT_ASSISTANT.tab}$`),
  );
  const [tab] = await Promise.all([
    page.context().waitForEvent('page'),
    tabLink.click(),
  ]);
  const section = sectionOf(tab, 'ModelDownload e2e-models');
  const row = rowOf(tableOf(section, 'models of e2e-models'), FORM_MODEL);
  // A new browser tab loads the whole app again before the entity.
  await expect(stateCellOf(row)).toHaveText('pending', { timeout: 60_000 });
  await expect(row).toContainText(
    'not started: no Job and no status from hf-operator yet',
  );
  await expect(sectionOf(tab, 'ModelDownload chat-models')).toBeVisible();
});

test('"Deploy Gemma on TPU" creates a GemmaOnTPUServer with the existing Kaggle Secret', async () => {
  const task = await runTemplate('gemma-on-tpu', {
    entityRef: OWNER,
    cluster: 'local',
    namespace: NAMESPACE,
    name: GEMMA.metadata.name,
    replicas: 1,
    kaggleSource: 'existing',
    kaggleSecret: 'kaggle-credentials',
  });
  expect(task.status, task.log).toBe('completed');

  const server = await getObject(GEMMA);
  expect(server, 'the GemmaOnTPUServer exists').toBeDefined();
  expect(server!.metadata.labels?.[KUBERNETES_ID]).toBe('chat-assistant');
  expect(server!.spec).toMatchObject({
    replicas: 1,
    kaggleSecret: 'kaggle-credentials',
  });
  await expect
    .poll(chatAssistantResources)
    .toContain(`GemmaOnTPUServer ${GEMMA.metadata.name}`);
});

test('"Cache a model on node groups" refuses a second cache of a model, and creates a cache of a new one', async () => {
  const values = {
    entityRef: OWNER,
    cluster: 'local',
    scope: 'cluster',
    modelSize: '20Gi',
    nodeGroups: ['gpu-a100'],
  };

  // The sample cache llama-3-8b-instruct already holds this model.
  const duplicate = await runTemplate('local-model-cache', {
    ...values,
    name: DUPLICATE_CACHE.metadata.name,
    sourceModelUri: 'hf://meta-llama/meta-llama-3-8b-instruct',
    credentials: { method: 'storageKey', storageKey: 'hf' },
  });
  expect(duplicate.status).toBe('failed');
  expect(duplicate.log).toContain(
    "LocalModelCache 'llama-3-8b-instruct' already caches 'hf://meta-llama/meta-llama-3-8b-instruct'",
  );
  expect(await getObject(DUPLICATE_CACHE)).toBeUndefined();

  const task = await runTemplate('local-model-cache', {
    ...values,
    name: CACHE.metadata.name,
    sourceModelUri: 'hf://Qwen/Qwen2.5-0.5B-Instruct',
    credentials: { method: 'serviceAccount', serviceAccountName: 'hf-reader' },
  });
  expect(task.status, task.log).toBe('completed');

  const cache = await getObject(CACHE);
  expect(cache, 'the LocalModelCache exists').toBeDefined();
  expect(cache!.metadata.labels?.[KUBERNETES_ID]).toBe('chat-assistant');
  expect(cache!.spec).toEqual({
    sourceModelUri: 'hf://Qwen/Qwen2.5-0.5B-Instruct',
    modelSize: '20Gi',
    nodeGroups: ['gpu-a100'],
    serviceAccountName: 'hf-reader',
  });
  await expect
    .poll(chatAssistantResources)
    .toContain(`LocalModelCache ${CACHE.metadata.name}`);
});

test('"Hugging Face token from Secret Manager (GKE)" creates the SecretProviderClasses', async () => {
  const task = await runTemplate('gke-hf-token', {
    entityRef: OWNER,
    cluster: 'local',
    namespace: NAMESPACE,
    workloadServiceAccount: 'default',
    projectId: 'e2e-project',
    readSecret: 'e2e-hf-read-token',
    writeSecret: 'e2e-hf-write-token',
  });
  expect(task.status, task.log).toBe('completed');

  for (const [ref, secret] of [
    [TOKEN_READ, 'e2e-hf-read-token'],
    [TOKEN_WRITE, 'e2e-hf-write-token'],
  ] as const) {
    const spc = await getObject(ref);
    expect(spc, `${ref.metadata.name} exists`).toBeDefined();
    expect(spc!.metadata.labels?.[KUBERNETES_ID]).toBe('chat-assistant');
    expect(spc!.spec.provider).toBe('gke');
    expect(spc!.spec.parameters.secrets).toContain(
      `projects/e2e-project/secrets/${secret}/versions/latest`,
    );
  }
});

test('a dry run of "Cache Hugging Face models" reports what it would do and creates nothing', async () => {
  const listDownloads = () =>
    listNames('hfops.kamal.dev/v1alpha1', 'ModelDownload', NAMESPACE);
  const before = await listDownloads();
  expect(before).not.toContain(DRY_RUN_DOWNLOAD.metadata.name);

  const result = await dryRun(templateFile('model-download'), {
    entityRef: OWNER,
    cluster: 'local',
    namespace: NAMESPACE,
    name: DRY_RUN_DOWNLOAD.metadata.name,
    models: [{ name: 'google/gemma-2-2b-it' }],
    storagePVC: 'model-store',
    nodePool: 'gpu-pool',
    tokenSource: 'existing',
    hfTokenRef: { name: 'hf-token', key: 'token' },
  });

  const log = result.log.map(l => l.body.message).join('\n');
  expect(log).toContain('Finished step Create the ModelDownload');
  const summary = (result.output.text as { title: string; content: string }[])
    .map(t => t.content)
    .join('\n');
  expect(summary).toMatch(/^Dry run:/);
  expect(summary).toContain(
    `ModelDownload ${NAMESPACE}/${DRY_RUN_DOWNLOAD.metadata.name} in cluster 'local' would be created (nothing was persisted)`,
  );
  expect(await getObject(DRY_RUN_DOWNLOAD)).toBeUndefined();
  expect(await listDownloads()).toEqual(before);
});
