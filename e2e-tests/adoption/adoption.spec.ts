import { expect, Page, test, TestInfo } from '@playwright/test';
import { resolve } from 'node:path';
import { REPO_ROOT } from '../support/paths';
import { bodyRows, openFleetFromSidebar } from '../support/fleetPage';
import { signIn } from '../support/portal';
import { saveScreenshot } from '../support/screenshots';
import {
  CHAT_ASSISTANT,
  modelDeliveryCardOf,
  rowOf,
  sectionOf,
  stateCellOf,
  summaryOf,
  tableOf,
} from '../support/modelDeliveryTab';
import {
  chooseOwner,
  create,
  next,
  openTemplate,
  textbox,
} from '../support/templateForm';

/**
 * The adoption test's browser half (packages/adoption-test starts the portals): a user of a
 * portal made by create-app, with the suite installed from a registry by its READMEs, sees
 * the entity card and tab, opens the fleet page from the sidebar and runs a template through
 * its form to a completed task. The same flows run in the app of each frontend system (one
 * Playwright project each).
 */

/** Screenshots a person looks at: e2e-test-report/adoption/<project>-<what>.png */
const SCREENSHOTS = resolve(REPO_ROOT, 'e2e-test-report', 'adoption');

function screenshot(page: Page, testInfo: TestInfo, what: string) {
  return saveScreenshot(
    page,
    testInfo,
    `${testInfo.project.name}-${what}`,
    SCREENSHOTS,
  );
}

/** The seeded samples (packages/local-control-plane/samples): chat-assistant's resources. */
const GEMMA = 'google/gemma-2-2b-it';
const GATED_MODEL = 'meta-llama/Llama-3.2-1B-Instruct';
/** Readable by the sample token on the stand-in Hub, and small enough for model-store. */
const MODEL = 'Qwen/Qwen2.5-0.5B-Instruct';

test('the Model delivery card on the entity page leads to the tab, with each model in its state', async ({
  page,
}, testInfo) => {
  await page.goto(CHAT_ASSISTANT.page);
  await signIn(page);
  // Both projects share one control plane: the other's template run may have added a
  // pending resource.
  const { card, link } = modelDeliveryCardOf(page);
  await expect(card.getByText(/^\d+ resources$/)).toBeVisible();
  await expect(card.getByText('2 completed', { exact: true })).toBeVisible();
  await expect(card.getByText('2 failed', { exact: true })).toBeVisible();
  await card.scrollIntoViewIfNeeded();
  await screenshot(page, testInfo, 'card');

  await link.click();
  await expect(page).toHaveURL(new RegExp(`${CHAT_ASSISTANT.tab}$`));
  await expect(summaryOf(page)).toContainText('in 1 cluster');
  const models = tableOf(
    sectionOf(page, 'ModelDownload chat-models'),
    'models of chat-models',
  );
  await expect(stateCellOf(rowOf(models, GEMMA))).toHaveText('completed');
  const gated = rowOf(models, GATED_MODEL);
  await expect(stateCellOf(gated)).toHaveText('failed');
  await expect(gated).toContainText(
    `Access to model ${GATED_MODEL} is restricted`,
  );
  await screenshot(page, testInfo, 'tab');
});

test('the fleet page opens from the sidebar and lists the failed model with its reason', async ({
  page,
}, testInfo) => {
  await openFleetFromSidebar(page);
  const rows = bodyRows(page, 'Models by place');
  const gated = rows.filter({ hasText: GATED_MODEL });
  await expect(gated).toContainText('failed');
  await expect(gated).toContainText('ModelDownload ml-models/chat-models');
  await expect(rows.filter({ hasText: GEMMA }).first()).toContainText(
    'completed',
  );
  await screenshot(page, testInfo, 'fleet');
});

test('"Cache Hugging Face models" filled in through its form runs to a completed task, and its link shows the new ModelDownload', async ({
  page,
}, testInfo) => {
  const name = `adoption-${testInfo.project.name.split('-')[0]}-models`;
  await openTemplate(page, 'Cache Hugging Face models');
  await chooseOwner(page, 'chat-assistant');
  // The pickers read the local control plane through the model-delivery backend.
  await expect(textbox(page, 'Cluster')).toHaveValue('local');
  await expect(textbox(page, 'Namespace')).toHaveValue('ml-models');
  await textbox(page, 'Name').fill(name);
  await next(page);
  await expect(textbox(page, 'Secret name')).toHaveValue('hf-token');
  await next(page);
  // The models field asks the stand-in Hugging Face Hub.
  await textbox(page, 'Hugging Face model id').fill(MODEL);
  await expect(
    page.getByRole('status', { name: 'Hub: model 1' }),
  ).toContainText('Found on the Hub');
  await expect(textbox(page, 'Storage PVC')).toHaveValue('model-store');
  await screenshot(page, testInfo, 'template-form');
  await next(page);
  await next(page, 'Review');
  await create(page);

  // Completed: the template's output links show. Otherwise the failure says what the task
  // page shows (its steps and log).
  const tabLink = page.getByRole('link', { name: 'Model delivery tab' });
  try {
    await expect(tabLink).toBeVisible({ timeout: 60_000 });
  } catch (e) {
    await screenshot(page, testInfo, 'task-not-completed');
    throw new Error(
      `The task of "Cache Hugging Face models" did not complete in 60 s; its page shows:\n${await page
        .locator('main')
        .innerText()}`,
      { cause: e },
    );
  }
  await screenshot(page, testInfo, 'task-completed');

  // The output link is the absolute entity URL the action returns: it opens a new tab.
  const [tab] = await Promise.all([
    page.context().waitForEvent('page'),
    tabLink.click(),
  ]);
  await expect(tab).toHaveURL(new RegExp(`${CHAT_ASSISTANT.tab}$`));
  const section = sectionOf(tab, `ModelDownload ${name}`);
  await expect(section).toContainText('namespace ml-models');
  await expect(
    rowOf(tableOf(section, `models of ${name}`), MODEL),
  ).toBeVisible();
  await section.scrollIntoViewIfNeeded();
  await screenshot(tab, testInfo, 'tab-after-task');
});
