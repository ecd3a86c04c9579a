import { expect, test } from '@playwright/test';
import { rawRequest } from '@internal/local-control-plane';
import {
  givenObjects,
  modelDownload,
  modelDownloadNeeds,
  playHfOperator,
} from '@model-delivery/test-kit';
import { admin } from './support/cluster';
import { bodyRows, openFleetFromSidebar } from './support/fleetPage';
import { signIn } from './support/portal';
import { saveScreenshot } from './support/screenshots';

/**
 * Issue 9: the fleet page. The samples give chat-assistant a failed model (a gated
 * repository) and a cache with a failed node; this test adds a copy of one of its models
 * for the recommender, in another namespace, so the duplicates view has something to say.
 */

const NAMESPACE = 'fleet-page-models';
const SHARED_MODEL = 'google/gemma-2-2b-it';
const GATED_MODEL = 'meta-llama/Llama-3.2-1B-Instruct';

/**
 * Deletes the copy. The ModelDownloads go by collection (the garbage collector takes their
 * Jobs and pods); so do leftovers of a run that stopped early. The namespace stays: no
 * namespace controller runs, so it would never finish terminating.
 */
async function removeCopy() {
  const kc = admin();
  for (const path of [
    `/apis/hfops.kamal.dev/v1alpha1/namespaces/${NAMESPACE}/modeldownloads`,
    `/apis/batch/v1/namespaces/${NAMESPACE}/jobs`,
    `/api/v1/namespaces/${NAMESPACE}/pods`,
  ]) {
    const r = await rawRequest(kc, 'DELETE', path);
    if (r.status !== 200 && r.status !== 404) {
      throw new Error(`DELETE ${path} answered ${r.status}`);
    }
  }
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  const kc = admin();
  await removeCopy();
  await givenObjects(
    kc,
    ...modelDownloadNeeds(NAMESPACE, 'models'),
    modelDownload({
      name: 'recommender-gemma',
      namespace: NAMESPACE,
      kubernetesId: 'recommender',
      models: [SHARED_MODEL],
    }),
  );
  await playHfOperator(kc, NAMESPACE, 'recommender-gemma', {
    [SHARED_MODEL]: { state: 'completed' },
  });
});

test.afterAll(removeCopy);

test('the fleet page, opened from the sidebar, filters to failed models', async ({
  page,
}, testInfo) => {
  await openFleetFromSidebar(page);

  const rows = bodyRows(page, 'Models by place');
  await expect(rows.filter({ hasText: SHARED_MODEL })).toHaveCount(2);
  await expect(rows.filter({ hasText: GATED_MODEL })).toHaveCount(1);
  await expect(rows.filter({ hasText: 'completed' }).first()).toBeVisible();

  await page.getByRole('combobox', { name: 'State' }).selectOption('failed');
  await expect(page).toHaveURL(/state=failed/);
  // Only failed rows: the gated download and the cache with a failed node.
  await expect(rows).toHaveCount(2);
  for (const row of await rows.all()) {
    await expect(row.getByRole('cell').nth(1)).toHaveText('failed');
  }
  const gated = rows.filter({ hasText: GATED_MODEL });
  await expect(gated).toContainText(
    'Access to model meta-llama/Llama-3.2-1B-Instruct is restricted',
  );
  await expect(gated).toContainText('ModelDownload ml-models/chat-models');
  await expect(gated).toContainText('PVC model-store');
  await expect(gated.getByRole('link', { name: GATED_MODEL })).toHaveAttribute(
    'href',
    /\/catalog\/default\/resource\//,
  );
  await expect(
    gated.getByRole('link', { name: /chat-assistant/ }),
  ).toHaveAttribute('href', '/catalog/default/component/chat-assistant');
  const cache = rows.filter({ hasText: 'meta-llama/meta-llama-3-8b-instruct' });
  await expect(cache).toContainText('LocalModelCache llama-3-8b-instruct');
  await expect(cache).toContainText('node groups gpu-a100');
  await saveScreenshot(page, testInfo, 'fleet-failed');

  // Searching narrows further; the filter stays.
  await page.getByRole('textbox', { name: 'Search models' }).fill('llama-3.2');
  await expect(page).toHaveURL(/search=llama-3.2/);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(GATED_MODEL);
});

test('the duplicates view counts the copies of a model held in two namespaces', async ({
  page,
}, testInfo) => {
  await page.goto('/models');
  await signIn(page);
  await page.getByRole('tab', { name: 'Duplicates' }).click();
  await expect(page).toHaveURL(/view=duplicates/);

  const rows = bodyRows(page, 'Duplicated models');
  const shared = rows.filter({ hasText: SHARED_MODEL });
  await expect(shared).toHaveCount(1);
  await expect(shared.getByLabel('2 copies')).toHaveText('2');
  await expect(shared).toContainText('2 completed');
  await expect(shared).toContainText('local/ml-models');
  await expect(shared).toContainText(`local/${NAMESPACE}`);
  // A model held once is no duplicate.
  await expect(rows.filter({ hasText: GATED_MODEL })).toHaveCount(0);
  await saveScreenshot(page, testInfo, 'fleet-duplicates');
});
