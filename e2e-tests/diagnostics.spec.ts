import { expect, test } from '@playwright/test';
import { podsOfJob } from '@model-delivery/test-kit/objects';
import { admin } from './support/cluster';
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
const LLAMA_JOB = 'hf-dl-chat-models-meta-llama-llama-3-2-1b-instruct';
/** The made-up token in the sample log: it must never reach the page. */
const SAMPLE_TOKEN = 'hf_SampleNotARealTokenAbCdEfGhIjKlMnOp';

test("an expanded failed row shows its log tail, token redacted, and its Job's and pod's events", async ({
  page,
}, testInfo) => {
  // Its pod, named by the Job controller.
  const [pod] = await podsOfJob(admin(), 'ml-models', LLAMA_JOB);
  const podName = pod.metadata.name;
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
  await expect(section).toContainText(`Log of pod ${podName} (last 200 lines)`);
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
  ).toContainText(`Created pod: ${podName}`);
  await expect(
    events.getByRole('row').filter({ hasText: 'Started' }),
  ).toContainText(`Pod/${podName}`);

  expect(await page.content()).not.toContain(SAMPLE_TOKEN.slice(3));
  await log.scrollIntoViewIfNeeded();
  await saveScreenshot(page, testInfo, 'diagnostics-expanded-failed-row');

  // Collapsing hides it again.
  await row
    .getByRole('button', { name: `Hide logs and events of ${LLAMA}` })
    .click();
  await expect(log).toBeHidden();
});
