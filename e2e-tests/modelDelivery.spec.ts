import { expect, test } from '@playwright/test';
import {
  podScriptName,
  POD_SCRIPT_NAMESPACE,
  reconcileModelDownloadOnce,
} from '@internal/local-control-plane';
import { jobPodsGo } from '@model-delivery/test-kit/operators';
import {
  givenObjects,
  jobSettled,
  podsOfJob,
} from '@model-delivery/test-kit/objects';
import { ObjectRef, admin, getObject, snapshot } from './support/cluster';
import {
  CHAT_ASSISTANT,
  CHAT_ASSISTANT_CHANNEL,
  modelDeliveryCardOf,
  openModelDeliveryTab,
  rowOf,
  sectionOf,
  stateCellOf,
  summaryOf,
  tableOf,
  watchForNavigation,
  watchSignalSubscription,
} from './support/modelDeliveryTab';
import { saveScreenshot } from './support/screenshots';
import { signIn } from './support/portal';

/**
 * Issue "per-model status on entity pages": chat-assistant's Model delivery tab shows
 * each model of its ModelDownload with its own state and reason, follows the cluster
 * live, and retries a failed model; its overview card sums it up.
 */

const NAMESPACE = 'ml-models';
const CHAT_MODELS: ObjectRef = {
  apiVersion: 'hfops.kamal.dev/v1alpha1',
  kind: 'ModelDownload',
  metadata: { name: 'chat-models', namespace: NAMESPACE },
};
const job = (name: string): ObjectRef => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name, namespace: NAMESPACE },
});
/** The stand-in kubelet's script for a Job's pods (samples/20-hf-operator-downloads.yaml). */
const scriptOf = (ref: ObjectRef): ObjectRef => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: {
    name: podScriptName(NAMESPACE, ref.metadata.name),
    namespace: POD_SCRIPT_NAMESPACE,
  },
});
/** The name the Job controller gave the Job's pod. */
const podOf = async (ref: ObjectRef) =>
  (await podsOfJob(admin(), NAMESPACE, ref.metadata.name))[0].metadata.name;

const GEMMA = 'google/gemma-2-2b-it';
const LLAMA = 'meta-llama/Llama-3.2-1B-Instruct';
const QWEN = 'Qwen/Qwen2.5-0.5B-Instruct';
const MISTRAL = 'mistralai/Mistral-7B-Instruct-v0.3';

const LLAMA_JOB = job('hf-dl-chat-models-meta-llama-llama-3-2-1b-instruct');
const QWEN_JOB = job('hf-dl-chat-models-qwen-qwen2-5-0-5b-instruct');

/** The failed download's reason as the container reported it (samples/20-...yaml). */
const LLAMA_REASON =
  'container downloader: Error, exit code 128: remote: Access to model meta-llama/Llama-3.2-1B-Instruct is restricted. You must have access to it and be authenticated to access it.\n' +
  "fatal: Authentication failed for 'https://huggingface.co/meta-llama/Llama-3.2-1B-Instruct/'";
const SCHEDULER_MESSAGE =
  "0/4 nodes are available: 4 node(s) didn't match Pod's node affinity/selector. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.";

test('the tab shows each model of chat-models in its own state, with the reasons in full', async ({
  page,
}, testInfo) => {
  await openModelDeliveryTab(page);

  // Counts across the three seeded resources: ModelDownload (1 completed, 1 failed,
  // 2 pending), GemmaOnTPUServer (1 pending), LocalModelCache (1 of each).
  const summary = summaryOf(page);
  await expect(summary).toContainText('3 resources in 1 cluster:');
  await expect(summary.getByText('4 pending', { exact: true })).toBeVisible();
  await expect(summary.getByText('2 completed', { exact: true })).toBeVisible();
  await expect(summary.getByText('2 failed', { exact: true })).toBeVisible();

  const section = sectionOf(page, 'ModelDownload chat-models');
  await expect(
    section.getByRole('heading', { name: 'ModelDownload chat-models' }),
  ).toBeVisible();
  await expect(section).toContainText(
    'cluster local · namespace ml-models · age',
  );
  const models = tableOf(section, 'models of chat-models');
  await expect(models.getByRole('row')).toHaveCount(5); // header + 4 models

  const gemma = rowOf(models, GEMMA);
  await expect(stateCellOf(gemma)).toHaveText('completed');
  await expect(gemma).toContainText('hf-dl-chat-models-google-gemma-2-2b-it');

  const llama = rowOf(models, LLAMA);
  await expect(stateCellOf(llama)).toHaveText('failed');
  await expect(llama).toContainText('failed: BackoffLimitExceeded');
  // The reason in full, on its own lines, not cut off by its box.
  const llamaReason = llama.locator('pre');
  await expect(llamaReason).toBeVisible();
  expect(await llamaReason.textContent()).toBe(LLAMA_REASON);
  expect(
    await llamaReason.evaluate(
      el =>
        el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight,
    ),
    'the reason box shows all of its text',
  ).toBe(true);
  await expect(
    llama.getByRole('button', { name: `Retry ${LLAMA}` }),
  ).toBeVisible();

  const qwen = rowOf(models, QWEN);
  await expect(stateCellOf(qwen)).toHaveText('downloading');
  await expect(qwen).toContainText('downloading (pod running)');
  await expect(qwen).toContainText(`pod ${await podOf(QWEN_JOB)}`);
  await expect(qwen).toContainText(/running for \d/);

  const mistral = rowOf(models, MISTRAL);
  await expect(stateCellOf(mistral)).toHaveText('pending');
  await expect(mistral).toContainText('pod unschedulable');
  const schedulerMessage = mistral.locator('pre');
  await expect(schedulerMessage).toBeVisible();
  expect(await schedulerMessage.textContent()).toBe(SCHEDULER_MESSAGE);

  await saveScreenshot(page, testInfo, 'model-delivery-tab');
});

test.describe('acting on the cluster', () => {
  let restore: (() => Promise<void>) | undefined;

  test.afterEach(async () => {
    // Put the samples back the way the seeder left them, for the other tests.
    await restore?.();
    restore = undefined;
  });

  test('a download finishing in the cluster shows on the open tab without a reload', async ({
    page,
  }, testInfo) => {
    restore = await snapshot([scriptOf(QWEN_JOB), QWEN_JOB, CHAT_MODELS]);

    const signals = watchSignalSubscription(page, CHAT_ASSISTANT_CHANNEL);
    await openModelDeliveryTab(page);
    await signals.subscribed();
    const models = tableOf(
      sectionOf(page, 'ModelDownload chat-models'),
      'models of chat-models',
    );
    const qwen = rowOf(models, QWEN);
    await expect(stateCellOf(qwen)).toHaveText('downloading');
    const navigation = await watchForNavigation(page);

    // The container exits 0 (the stand-in kubelet reports it) and the real Job controller
    // completes the Job...
    await givenObjects(
      admin(),
      jobPodsGo(NAMESPACE, QWEN_JOB.metadata.name, { state: 'completed' }),
    );
    await jobSettled(admin(), NAMESPACE, QWEN_JOB.metadata.name, {
      exitCode: 0,
    });
    // ...and hf-operator (its stand-in's reconcile) adds the model to its completed list.
    await reconcileModelDownloadOnce(admin(), NAMESPACE, 'chat-models');

    await expect(stateCellOf(qwen)).toHaveText('completed');
    await expect(qwen).not.toContainText('running for');
    const summary = summaryOf(page);
    await expect(summary.getByText('3 pending', { exact: true })).toBeVisible();
    await expect(
      summary.getByText('3 completed', { exact: true }),
    ).toBeVisible();
    await navigation.expectNone();

    await saveScreenshot(page, testInfo, 'model-delivery-live-update');
  });

  test('Retry on the failed model deletes its Job after confirmation and the row follows', async ({
    page,
  }, testInfo) => {
    // The restore creates the Job again; the Job controller and the stand-in kubelet fail
    // it again, as the sample's pod script says.
    restore = await snapshot([LLAMA_JOB]);

    const signals = watchSignalSubscription(page, CHAT_ASSISTANT_CHANNEL);
    await openModelDeliveryTab(page);
    await signals.subscribed();
    const section = sectionOf(page, 'ModelDownload chat-models');
    const llama = rowOf(tableOf(section, 'models of chat-models'), LLAMA);
    await expect(stateCellOf(llama)).toHaveText('failed');
    const navigation = await watchForNavigation(page);

    // Cancelling deletes nothing.
    await llama.getByRole('button', { name: `Retry ${LLAMA}` }).click();
    let dialog = page.getByRole('dialog');
    await expect(
      dialog.getByRole('heading', { name: `Retry ${LLAMA}?` }),
    ).toBeVisible();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    expect(await getObject(LLAMA_JOB)).toBeDefined();

    await llama.getByRole('button', { name: `Retry ${LLAMA}` }).click();
    dialog = page.getByRole('dialog');
    await expect(dialog).toContainText(
      `This deletes the failed Job ${LLAMA_JOB.metadata.name} in namespace ml-models on cluster local; hf-operator recreates it on its next reconcile.`,
    );
    await dialog.getByRole('button', { name: 'Delete Job and retry' }).click();
    await expect(dialog).toBeHidden();

    await expect(section.getByRole('alert')).toContainText(
      `Retrying ${LLAMA}: deleted the Job ${LLAMA_JOB.metadata.name} in namespace ml-models`,
    );
    // Gone from the cluster (no operator recreates it here)...
    expect(await getObject(LLAMA_JOB)).toBeUndefined();
    // ...and from the row: hf-operator's failed list is all that is left of it, and
    // there is no Job left to retry.
    await expect(llama).toContainText(
      'failed (its Job has since been removed)',
    );
    await expect(stateCellOf(llama)).toHaveText('failed');
    await expect(
      llama.getByRole('button', { name: `Retry ${LLAMA}` }),
    ).toHaveCount(0);
    await navigation.expectNone();

    await saveScreenshot(page, testInfo, 'model-delivery-retry');
  });
});

test('the Overview card counts the states and leads to the tab, as does the Deployment menu', async ({
  page,
}, testInfo) => {
  await page.goto(CHAT_ASSISTANT.page);
  await signIn(page);

  const { card, link } = modelDeliveryCardOf(page);
  await expect(card.getByText('3 resources', { exact: true })).toBeVisible();
  await expect(card.getByText('4 pending', { exact: true })).toBeVisible();
  await expect(card.getByText('2 completed', { exact: true })).toBeVisible();
  await expect(card.getByText('2 failed', { exact: true })).toBeVisible();
  await expect(link).toHaveAttribute('href', CHAT_ASSISTANT.tab);
  await saveScreenshot(page, testInfo, 'model-delivery-card');

  await link.click();
  await expect(page).toHaveURL(new RegExp(`${CHAT_ASSISTANT.tab}$`));
  await expect(summaryOf(page)).toBeVisible();
  await expect(sectionOf(page, 'ModelDownload chat-models')).toBeVisible();

  // The tab sits in the entity page's "Deployment" group.
  await page.getByRole('link', { name: 'Overview' }).click();
  await expect(page).toHaveURL(new RegExp(`${CHAT_ASSISTANT.page}$`));
  await page.getByRole('button', { name: 'Deployment' }).click();
  await page.getByRole('menuitemradio', { name: 'Model delivery' }).click();
  await expect(page).toHaveURL(new RegExp(`${CHAT_ASSISTANT.tab}$`));
  await expect(summaryOf(page)).toBeVisible();
});
