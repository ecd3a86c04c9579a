import { expect, test } from '@playwright/test';
import { modelEntityName } from '@model-delivery/plugin-model-delivery-common';
import { CHAT_ASSISTANT } from './support/modelDeliveryTab';
import { signIn } from './support/portal';
import { saveScreenshot } from './support/screenshots';

/**
 * Issue 9: the catalog module makes an entity of every model the sample resources hold.
 * chat-assistant's ModelDownload, LocalModelCache and Gemma instance hold them, so its
 * Overview's stock "Depends on resources" card lists them, and a model's page tells where
 * the model is.
 */
const GEMMA = 'google/gemma-2-2b-it';

test("a model entity's page shows where the model is and its state there", async ({
  page,
}, testInfo) => {
  // On a fresh portal the entity appears once the caches have filled and the catalog has
  // processed it: the page is loaded again until it shows.
  test.setTimeout(240_000);
  const entityPage = `/catalog/default/resource/${modelEntityName(GEMMA)}`;
  const main = page.getByRole('main');
  await expect(async () => {
    await page.goto(entityPage);
    await signIn(page);
    await expect(
      main.getByRole('heading', { name: GEMMA, exact: true }),
    ).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: 180_000 });
  await expect(
    main.getByRole('link', { name: 'Hugging Face Hub page' }),
  ).toHaveAttribute('href', `https://huggingface.co/${GEMMA}`);
  await saveScreenshot(page, testInfo, 'model-entity-overview');

  await page.goto(`${entityPage}/model-delivery`);
  const section = main.getByRole('region').filter({
    has: page.getByRole('heading', { name: 'ModelDownload chat-models' }),
  });
  await expect(section).toBeVisible();
  await expect(section).toContainText('cluster local · namespace ml-models');
  await expect(section).toContainText('component:default/chat-assistant');
  await expect(section).toContainText('PVC model-store');
  // Only this model's row: the download's other models have entities of their own.
  await expect(section.getByRole('table')).toContainText(GEMMA);
  for (const other of ['Llama-3.2-1B-Instruct', 'Qwen', 'Mistral']) {
    await expect(section).not.toContainText(other);
  }
  await saveScreenshot(page, testInfo, 'model-entity-tab');
});

test("chat-assistant's Overview lists its models under Depends on resources", async ({
  page,
}, testInfo) => {
  test.setTimeout(240_000);
  const main = page.getByRole('main');
  const modelLink = (id: string) =>
    main.getByRole('link', { name: id, exact: true });
  // The provider runs once the backend's caches have filled, then the catalog processes
  // the entities and their relations: the page is loaded again until the card has them.
  await expect(async () => {
    await page.goto(CHAT_ASSISTANT.page);
    await signIn(page);
    await expect(modelLink(GEMMA)).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: 200_000 });
  const card = main.getByRole('article').filter({
    has: page.getByRole('heading', { name: 'Depends on resources' }),
  });
  for (const model of [
    GEMMA,
    'meta-llama/Llama-3.2-1B-Instruct',
    // The Gemma instance's Kaggle checkpoint.
    'kaggle://google/gemma/maxtext/7b-it/2',
  ]) {
    await expect(
      card.getByRole('link', { name: model, exact: true }),
    ).toBeVisible();
  }
  await card.scrollIntoViewIfNeeded();
  await saveScreenshot(page, testInfo, 'model-entities-depends-on');
});
