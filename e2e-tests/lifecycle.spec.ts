import { expect, test } from '@playwright/test';
import { givenObjects } from '@model-delivery/test-kit/objects';
import {
  modelDownload,
  playHfOperator,
} from '@model-delivery/test-kit/operators';
import {
  hfOperatorJobName,
  kindLifecycle,
  modelDownloadKind,
} from '@model-delivery/plugin-model-delivery-common';
import { admin, deleteIfExists, getObject } from './support/cluster';
import {
  CHAT_ASSISTANT_CHANNEL,
  openModelDeliveryTab,
  sectionOf,
  watchSignalSubscription,
} from './support/modelDeliveryTab';
import { saveScreenshot } from './support/screenshots';

/**
 * Issue 11: deleting a resource from the tab, behind a confirmation that says what goes
 * with it. The test deletes a ModelDownload it creates itself, so the seeded samples the
 * other tests read stay as they are.
 */

const NS = 'ml-models';
const NAME = 'e2e-retired-models';
const MODEL = 'org/retired-model';
const resourceRef = {
  apiVersion: modelDownloadKind.resource.apiVersion,
  kind: modelDownloadKind.resource.kind,
  metadata: { name: NAME, namespace: NS },
};
const jobRef = {
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: hfOperatorJobName(NAME, MODEL), namespace: NS },
};

test.afterEach(async () => {
  await deleteIfExists(jobRef);
  await deleteIfExists(resourceRef);
});

test('a ModelDownload is deleted from the tab, and the garbage collector its Job, after a confirmation that says what goes with it', async ({
  page,
}, testInfo) => {
  await givenObjects(
    admin(),
    modelDownload({
      name: NAME,
      namespace: NS,
      kubernetesId: 'chat-assistant',
      models: [MODEL],
    }),
  );
  await playHfOperator(admin(), NS, NAME, {
    [MODEL]: {
      state: 'failed',
      exitCode: 1,
      message: 'HTTP 429 Too Many Requests',
    },
  });

  const signals = watchSignalSubscription(page, CHAT_ASSISTANT_CHANNEL);
  await openModelDeliveryTab(page);
  await signals.subscribed();
  const section = sectionOf(page, `ModelDownload ${NAME}`);
  await expect(section).toBeVisible();

  await section.getByRole('button', { name: `Delete ${NAME}` }).click();
  const dialog = page.getByRole('dialog', {
    name: `Delete ModelDownload ${NAME}?`,
  });
  await expect(dialog).toContainText(
    `This deletes ModelDownload ${NAME} in namespace ${NS} on cluster local.`,
  );
  await expect(dialog).toContainText(
    kindLifecycle('ModelDownload')!.deleteTakesWith,
  );
  await saveScreenshot(page, testInfo, 'lifecycle-delete-confirmation');

  // Cancelling deletes nothing.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  expect(await getObject(resourceRef)).toBeDefined();

  await section.getByRole('button', { name: `Delete ${NAME}` }).click();
  await dialog.getByRole('button', { name: `Delete ${NAME}` }).click();

  // The dialog closes once the backend answered (while it is open, the page behind it is
  // hidden from the accessibility tree); the section goes once the backend's cache sees
  // the resource gone.
  await expect(dialog).toBeHidden();
  await expect(section).toBeHidden();
  expect(await getObject(resourceRef)).toBeUndefined();
  // The Job is the resource's (owner reference): the garbage collector removes it.
  await expect.poll(() => getObject(jobRef)).toBeUndefined();
  await expect(sectionOf(page, 'ModelDownload chat-models')).toBeVisible();
  await saveScreenshot(page, testInfo, 'lifecycle-after-delete');
});
