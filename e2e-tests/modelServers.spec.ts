import { expect, test } from '@playwright/test';
import {
  modelEntityName,
  serverEntityName,
} from '@model-delivery/plugin-model-delivery-common';
import { CHAT_ASSISTANT } from './support/modelDeliveryTab';
import { signIn } from './support/portal';
import { saveScreenshot } from './support/screenshots';

/**
 * Issue 23: where each model is served. The samples download, cache and serve one model
 * (meta-llama/meta-llama-3-8b-instruct): chat-serving's ModelDownload llama-serving puts it
 * in the PVC model-store, chat-assistant's LocalModelCache holds it on node group
 * gpu-a100, chat-serving's InferenceService chat-assistant-llm serves it from that cache
 * (ready), and its LLMInferenceService llama-vllm from the PVC (not ready: no GPU free).
 */
const MODEL = 'meta-llama/meta-llama-3-8b-instruct';
const NO_GPU =
  'Deployment does not have minimum availability: 0/1 pods scheduled (0/3 nodes have a free nvidia.com/gpu)';
const SERVER = {
  cluster: 'local',
  kind: 'InferenceService',
  namespace: 'ml-models',
  name: 'chat-assistant-llm',
};

test("a model's page shows where it is downloaded, cached and served, together", async ({
  page,
}, testInfo) => {
  // On a fresh portal the model's entity appears once the caches have filled and the
  // catalog has processed it: the page is loaded again until it shows.
  test.setTimeout(240_000);
  const main = page.getByRole('main');
  await expect(async () => {
    await page.goto(`/catalog/default/resource/${modelEntityName(MODEL)}`);
    await signIn(page);
    await expect(
      main.getByRole('heading', { name: MODEL, exact: true }),
    ).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: 180_000 });

  await page.goto(
    `/catalog/default/resource/${modelEntityName(MODEL)}/model-delivery`,
  );
  const places = main.getByRole('region', { name: 'Where this model is' });
  await expect(places).toBeVisible();
  const rows = places.getByRole('row');
  // A place's first cell says how (a served row may mention the download it reads).
  const row = (how: string, name: string) =>
    rows
      .filter({ has: page.getByRole('cell', { name: how, exact: true }) })
      .filter({ hasText: name });

  const downloaded = row('Downloaded', 'llama-serving');
  await expect(downloaded).toContainText('ModelDownload llama-serving');
  await expect(downloaded).toContainText('PVC model-store');
  await expect(downloaded).toContainText('completed');

  const cached = row('Cached', 'llama-3-8b-instruct');
  await expect(cached).toContainText('node groups gpu-a100');
  // The samples' cache failed on one node (its disk is full): the place says why.
  await expect(cached).toContainText('failed');
  await expect(cached).toContainText('No space left on device');

  const served = row('Served', 'chat-assistant-llm');
  await expect(served).toContainText('ready');
  await expect(served).toContainText(
    'http://chat-assistant-llm.ml-models.example.com/openai/v1',
  );
  await expect(served).toContainText(
    'LocalModelCache llama-3-8b-instruct (node group gpu-a100)',
  );
  await expect(
    served.getByRole('link', {
      name: 'InferenceService ml-models/chat-assistant-llm',
    }),
  ).toHaveAttribute('href', `/catalog/default/api/${serverEntityName(SERVER)}`);

  const notReady = row('Served', 'llama-vllm');
  await expect(notReady).toContainText('not ready');
  await expect(notReady).toContainText(NO_GPU);
  await expect(notReady).toContainText(
    'PVC model-store, downloaded by ModelDownload llama-serving',
  );
  await saveScreenshot(page, testInfo, 'model-served-places');
});

test("a holding entity's page links its models to their servers, and a server is an API in the catalog", async ({
  page,
}, testInfo) => {
  test.setTimeout(240_000);
  await page.goto(CHAT_ASSISTANT.tab);
  await signIn(page);
  const main = page.getByRole('main');
  const served = main.getByRole('region', {
    name: 'Where its models are served',
  });
  await expect(served).toBeVisible();
  // The download's completed model, served from its copy in the PVC.
  const gemma = served
    .getByRole('row')
    .filter({ hasText: 'google/gemma-2-2b-it' });
  await expect(gemma).toContainText('InferenceService ml-models/gemma-2-chat');
  await expect(gemma).toContainText(
    'PVC model-store, downloaded by ModelDownload chat-models',
  );
  await expect(gemma).toContainText('ready');
  await saveScreenshot(page, testInfo, 'holding-entity-served-models');

  await served
    .getByRole('link', {
      name: 'InferenceService ml-models/chat-assistant-llm',
    })
    .click();
  // The catalog module makes the entity once the caches have filled.
  await expect(async () => {
    await expect(
      main.getByRole('heading', { name: 'chat-assistant-llm', exact: true }),
    ).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: 180_000 });
  await expect(main).toContainText('ai-model-server');
  await expect(
    main.getByRole('link', { name: 'chat-serving' }).first(),
  ).toBeVisible();
  await saveScreenshot(page, testInfo, 'model-server-api-entity');
});

test('the fleet says which models are served, and filters by it', async ({
  page,
}, testInfo) => {
  await page.goto('/models?served=ready');
  await signIn(page);
  const table = page.getByRole('table', { name: 'Models by place' });
  await expect(table).toBeVisible();
  const rows = table.locator('tbody tr');
  await expect(rows.filter({ hasText: MODEL }).first()).toContainText(
    'InferenceService ml-models/chat-assistant-llm',
  );
  for (const row of await rows.all()) {
    await expect(row).not.toContainText('not served');
  }
  await expect(page.getByRole('combobox', { name: 'Served' })).toHaveValue(
    'ready',
  );
  await saveScreenshot(page, testInfo, 'fleet-served');
});
