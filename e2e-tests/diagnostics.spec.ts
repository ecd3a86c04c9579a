import { expect, test } from '@playwright/test';
import {
  openModelDeliveryTab,
  rowOf,
  sectionOf,
  tableOf,
} from './support/modelDeliveryTab';
import { saveScreenshot } from './support/screenshots';

/**
 * Issue "why it failed, without kubectl": expanding the seeded failed download's row
 * shows its pod's log tail, read through the API server from the sample node's kubelet
 * (packages/local-control-plane/samples/kubelet), with the token hf-operator put on the
 * command line redacted, and the events of its Job and pod.
 */

const LLAMA = 'meta-llama/Llama-3.2-1B-Instruct';
/** The made-up token in the sample log: it must never reach the page. */
const SAMPLE_TOKEN = 'hf_SampleNotARealTokenAbCdEfGhIjKlMnOp';

test("an expanded failed row shows its log tail, token redacted, and its Job's and pod's events", async ({
  page,
}, testInfo) => {
  await openModelDeliveryTab(page);
  const section = sectionOf(page, 'ModelDownload chat-models');
  const models = tableOf(section, 'models of chat-models');
  const row = rowOf(models, LLAMA);

  await row
    .getByRole('button', { name: `Show logs and events of ${LLAMA}` })
    .click();

  const log = section.getByLabel('Log of container downloader');
  await expect(log).toContainText(
    "fatal: Authentication failed for 'https://huggingface.co/meta-llama/Llama-3.2-1B-Instruct/'",
  );
  await expect(log).toContainText(
    'git clone https://[REDACTED]@huggingface.co/meta-llama/Llama-3.2-1B-Instruct',
  );
  await expect(section).toContainText(
    'Log of pod hf-dl-chat-models-meta-llama-llama-3-2-1b-instruct-x7k2p (last 200 lines)',
  );
  await expect(section).toContainText(
    'container downloader: terminated: Error, exit code 128',
  );

  const events = section.getByRole('table', { name: 'Events' });
  await expect(events.getByRole('row')).toHaveCount(4); // header + 3 events
  await expect(
    events.getByRole('row').filter({ hasText: 'BackoffLimitExceeded' }),
  ).toContainText('Warning');
  await expect(
    events.getByRole('row').filter({ hasText: 'SuccessfulCreate' }),
  ).toContainText(
    'Created pod: hf-dl-chat-models-meta-llama-llama-3-2-1b-instruct-x7k2p',
  );
  await expect(
    events.getByRole('row').filter({ hasText: 'Started' }),
  ).toContainText(
    'Pod/hf-dl-chat-models-meta-llama-llama-3-2-1b-instruct-x7k2p',
  );

  expect(await page.content()).not.toContain(SAMPLE_TOKEN.slice(3));
  await log.scrollIntoViewIfNeeded();
  await saveScreenshot(page, testInfo, 'diagnostics-expanded-failed-row');

  // Collapsing hides it again.
  await row
    .getByRole('button', { name: `Hide logs and events of ${LLAMA}` })
    .click();
  await expect(log).toBeHidden();
});
