import { expect, test } from '@playwright/test';
import { ObjectRef, deleteIfExists, getObject } from './support/cluster';
import { waitForTask } from './support/scaffolder';
import { saveScreenshot } from './support/screenshots';
import {
  chooseOwner,
  create,
  next,
  openTemplate,
  stepError,
  textbox,
} from './support/templateForm';

/**
 * The four templates filled through their forms, with the pickers reading the local
 * control plane and the model list asking the stand-in Hugging Face Hub the portal starts:
 * each refuses a wrong input on the step where it was typed, then runs to a completed task.
 */

const NAMESPACE = 'ml-models';
const KUBERNETES_ID = 'backstage.io/kubernetes-id';

const DOWNLOAD: ObjectRef = {
  apiVersion: 'hfops.kamal.dev/v1alpha1',
  kind: 'ModelDownload',
  metadata: { name: 'e2e-form-models', namespace: NAMESPACE },
};
const GEMMA: ObjectRef = {
  apiVersion: 'kro.run/v1alpha1',
  kind: 'GemmaOnTPUServer',
  metadata: { name: 'e2e-form-gemma', namespace: NAMESPACE },
};
const CACHE: ObjectRef = {
  apiVersion: 'serving.kserve.io/v1alpha1',
  kind: 'LocalModelCache',
  metadata: { name: 'e2e-form-cache' },
};
// Another namespace than templates.spec.ts's: the SecretProviderClasses' names are fixed.
const TOKEN_NAMESPACE = 'default';
const TOKEN_READ: ObjectRef = {
  apiVersion: 'secrets-store.csi.x-k8s.io/v1',
  kind: 'SecretProviderClass',
  metadata: { name: 'huggingface-token-read', namespace: TOKEN_NAMESPACE },
};

const CREATED = [DOWNLOAD, GEMMA, CACHE, TOKEN_READ];
async function deleteCreated() {
  for (const ref of CREATED) await deleteIfExists(ref);
}
test.beforeAll(deleteCreated);
test.afterAll(deleteCreated);

/** The sample token's user has not accepted its terms (stand-in Hub). */
const GATED_MODEL = 'meta-llama/Llama-3.2-1B-Instruct';
/** About 642 GiB on the stand-in Hub, more than the sample PVC model-store (200Gi). */
const HUGE_MODEL = 'deepseek-ai/DeepSeek-R1';
const MODEL = 'Qwen/Qwen2.5-0.5B-Instruct';
/** A commit the stand-in Hub does not have for MODEL. */
const PINNED_SHA = '0123456789abcdef0123456789abcdef01234567';

test('"Cache Hugging Face models": pickers, a bad name, a gated model and a set too large for the PVC flagged in the form, then a completed task', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  await openTemplate(page, 'Cache Hugging Face models');
  await chooseOwner(page, 'chat-assistant');

  // The cluster picker lists the configured cluster with the suite's kinds it serves.
  const cluster = textbox(page, 'Cluster');
  await expect(cluster).toHaveValue('local');
  await cluster.click();
  await expect(page.getByRole('option', { name: /^local/ })).toContainText(
    'ModelDownload',
  );
  await page.keyboard.press('Escape');
  await expect(textbox(page, 'Namespace')).toHaveValue(NAMESPACE);

  // A name Kubernetes would refuse: flagged on this step, with the action's rule.
  const name = textbox(page, 'Name');
  await name.fill('E2E_Models');
  await next(page);
  await expect(stepError(page, /^name: /)).toBeVisible();
  await expect(name).toBeVisible();
  await saveScreenshot(page, testInfo, 'form-model-download-bad-name');
  await name.fill(DOWNLOAD.metadata.name);
  await next(page);

  // The token Secret, picked from the namespace's Secrets (names and keys only).
  const secretName = textbox(page, 'Secret name');
  await expect(secretName).toHaveValue('hf-token');
  await secretName.click();
  await expect(page.getByRole('option', { name: /^hf-token/ })).toContainText(
    'keys: token',
  );
  await page.keyboard.press('Escape');
  await expect(textbox(page, 'Key holding the token')).toHaveValue('token');
  await next(page);

  // A gated model whose terms the token's user has not accepted: flagged per row, and
  // the step refuses it before anything is submitted.
  const modelId = textbox(page, 'Hugging Face model id');
  await modelId.fill(GATED_MODEL);
  const hubRow = page.getByRole('status', { name: 'Hub: model 1' });
  await expect(hubRow).toContainText('Gated: accept the terms at');
  await expect(hubRow.getByRole('link')).toHaveAttribute(
    'href',
    new RegExp(`/${GATED_MODEL}$`),
  );
  await next(page);
  await expect(stepError(page, /^models\[0\]\.name: .*gated/)).toBeVisible();
  await expect(modelId).toBeVisible();
  await saveScreenshot(page, testInfo, 'form-model-download-gated');

  // Too large for the chosen PVC.
  await modelId.fill(HUGE_MODEL);
  await expect(
    page.getByText(
      /more than the 200Gi .* of PersistentVolumeClaim 'model-store'/,
    ),
  ).toBeVisible();
  await saveScreenshot(page, testInfo, 'form-model-download-too-large');

  // A model the token can read, that fits.
  await modelId.fill(MODEL);
  await expect(hubRow).toContainText('Found on the Hub');
  await expect(textbox(page, 'Storage PVC')).toHaveValue('model-store');
  await textbox(page, 'Node pool').fill('gpu-pool');
  await saveScreenshot(page, testInfo, 'form-model-download-models');

  // A sha, as someone who wants a pinned revision types it: the field says it is only
  // recorded, the row warns that the default branch is downloaded, and the Hub is asked
  // at that branch (this sha is no revision of the model: asked at it, the Hub would
  // answer RevisionNotFound and the step would refuse the model).
  const sha = textbox(page, 'sha (recorded only, not downloaded)');
  await sha.fill(PINNED_SHA);
  await expect(
    page.getByRole('note', { name: 'Warning: model 1' }),
  ).toContainText(
    `sha '${PINNED_SHA}' is not the revision downloaded: hf-operator downloads the default branch of ${MODEL}`,
  );
  await expect(hubRow).toContainText(
    /Found on the Hub at its default branch, the revision hf-operator downloads: \d+(\.\d)? MiB/,
  );
  await expect(hubRow).not.toContainText(PINNED_SHA);
  await saveScreenshot(page, testInfo, 'form-model-download-sha');
  await next(page);
  await next(page, 'Review');
  const taskId = await create(page);
  expect((await waitForTask(taskId)).status).toBe('completed');

  const created = await getObject(DOWNLOAD);
  expect(created!.metadata.labels?.[KUBERNETES_ID]).toBe('chat-assistant');
  expect(created!.spec).toMatchObject({
    // Recorded, as hf-operator records it.
    models: [{ name: MODEL, sha: PINNED_SHA }],
    storagePVC: 'model-store',
    hfTokenRef: { name: 'hf-token', key: 'token' },
  });
});

test('"Deploy Gemma on TPU": the name the issue tried is refused on its step, then a completed task', async ({
  page,
}, testInfo) => {
  await openTemplate(page, 'Deploy Gemma on TPU');
  await chooseOwner(page, 'chat-assistant');
  await textbox(page, 'Namespace').fill(NAMESPACE);
  const name = textbox(page, 'Name');
  await name.fill('Gemma_Server-with-a-very-long-name');
  await next(page);
  await expect(
    stepError(page, /^name: .*Gemma_Server-with-a-very-long-name/),
  ).toBeVisible();
  await expect(name).toBeVisible();
  await saveScreenshot(page, testInfo, 'form-gemma-bad-name');

  await name.fill(GEMMA.metadata.name);
  await next(page);
  await expect(textbox(page, 'Kaggle Secret')).toHaveValue(
    'kaggle-credentials',
  );
  await next(page);
  await next(page, 'Review');
  const taskId = await create(page);
  const task = await waitForTask(taskId);
  expect(task.status, task.log).toBe('completed');
  expect((await getObject(GEMMA))?.metadata.labels?.[KUBERNETES_ID]).toBe(
    'chat-assistant',
  );
});

test('"Cache a model on node groups": a bad model size is refused on its step, node groups are picked, then a completed task', async ({
  page,
}, testInfo) => {
  await openTemplate(page, 'Cache a model on node groups');
  await chooseOwner(page, 'chat-assistant');
  await textbox(page, 'Name').fill(CACHE.metadata.name);
  await next(page);

  await textbox(page, 'Model URI').fill(`hf://${MODEL}`);
  const modelSize = textbox(page, 'Model size');
  await modelSize.fill('20 GB');
  await textbox(page, 'Node groups').click();
  const group = page.getByRole('option', { name: /^gpu-a100/ });
  await expect(group).toContainText('storage limit 1Ti');
  await group.click();
  await next(page);
  await expect(stepError(page, /^modelSize: /)).toBeVisible();
  await expect(modelSize).toBeVisible();
  await saveScreenshot(page, testInfo, 'form-local-model-cache-bad-size');

  await modelSize.fill('20Gi');
  await next(page);
  await next(page);
  await next(page, 'Review');
  const taskId = await create(page);
  const task = await waitForTask(taskId);
  expect(task.status, task.log).toBe('completed');
  expect((await getObject(CACHE))?.spec).toMatchObject({
    sourceModelUri: `hf://${MODEL}`,
    modelSize: '20Gi',
    nodeGroups: ['gpu-a100'],
  });
});

test('"Hugging Face token from Secret Manager (GKE)": a bad project id is refused on its step, then a completed task', async ({
  page,
}, testInfo) => {
  await openTemplate(page, 'Hugging Face token from Secret Manager (GKE)');
  await chooseOwner(page, 'chat-assistant');
  const namespace = textbox(page, 'Workload namespace');
  await namespace.click();
  await page
    .getByRole('option', { name: new RegExp(`^${TOKEN_NAMESPACE}\\b`) })
    .click();
  await next(page);

  const project = textbox(page, 'Google Cloud project');
  await project.fill('My Project');
  await textbox(page, 'Read token secret').fill('e2e-hf-read-token');
  await next(page, 'Review');
  await expect(stepError(page, /^projectId: /)).toBeVisible();
  await expect(project).toBeVisible();
  await saveScreenshot(page, testInfo, 'form-gke-hf-token-bad-project');

  await project.fill('e2e-project');
  await next(page, 'Review');
  const taskId = await create(page);
  const task = await waitForTask(taskId);
  expect(task.status, task.log).toBe('completed');
  expect((await getObject(TOKEN_READ))?.metadata.labels?.[KUBERNETES_ID]).toBe(
    'chat-assistant',
  );
});
