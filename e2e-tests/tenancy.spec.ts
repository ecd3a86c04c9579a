import { expect, test } from '@playwright/test';
import { saveScreenshot } from './support/screenshots';
import {
  chooseOwner,
  next,
  openTemplate,
  stepError,
  textbox,
} from './support/templateForm';

/**
 * Each team acts in its own namespaces: the local portal's sample policy
 * (packages/backend/src/modelDeliveryPolicy.ts) and the sample namespaces' owners
 * (backstage.io/owner). The browser signs in as the guest, which the portal resolves to
 * the sample catalog's user guest (auth.providers.guest.userEntityRef), a member of
 * `guests`: team A here. The vision team's namespace is team B's.
 */

const GUESTS = 'group:default/guests';

test("the namespace picker offers the guests' namespaces only, and refuses the vision team's on its step", async ({
  page,
}, testInfo) => {
  await openTemplate(page, 'Cache Hugging Face models');
  await chooseOwner(page, 'chat-assistant');

  // What the picker offers: the namespaces the guests own, and no other (not the vision
  // team's vision-models, not the platform team's kserve-localmodel-jobs, not kube-system).
  // Other specs may have added namespaces of the guests' own (replicas.spec.ts's).
  const namespace = textbox(page, 'Namespace');
  await namespace.fill('');
  await namespace.click();
  const options = page.getByRole('listbox').getByRole('option');
  const offered = async () =>
    (await options.allTextContents()).map(text => {
      const [, name, owner] = /^(\S+?)\s*owned by (\S+)$/.exec(text) ?? [];
      return { name: name ?? text, owner };
    });
  await expect
    .poll(async () => (await offered()).map(o => o.name))
    .toEqual(expect.arrayContaining(['default', 'ml-models', 'sandbox']));
  expect((await offered()).filter(o => o.owner !== GUESTS)).toEqual([]);
  await saveScreenshot(page, testInfo, 'tenancy-namespace-picker');
  await page.keyboard.press('Escape');

  // Team B's namespace, typed by hand: refused on this step, before submit, saying why.
  await namespace.fill('vision-models');
  await textbox(page, 'Name').fill('e2e-tenancy');
  await next(page);
  const refusal = stepError(page, /^namespace: /);
  await expect(refusal).toContainText(
    "You may not act in namespace 'vision-models' of cluster 'local' for component:default/chat-assistant",
  );
  await expect(refusal).toContainText(
    'It belongs to group:default/vision-team (its backstage.io/owner annotation)',
  );
  await expect(namespace).toBeVisible();
  await saveScreenshot(page, testInfo, 'tenancy-namespace-refused');

  // The guests' sandbox: the policy allows it, but the cluster admin did not opt it in.
  // The next step's Secret picker says so, naming the namespace and the Role to bind.
  await namespace.fill('sandbox');
  await next(page);
  await expect(textbox(page, 'Secret name')).toBeVisible();
  // Both of the Secret's pickers, its name's and its key's, fall back to typing, saying why.
  const notOptedIn =
    /Namespace 'sandbox' is not opted in for Model Delivery\. .*binding the Role backstage-model-delivery-writer/;
  await expect(page.getByRole('note')).toHaveText([notOptedIn, notOptedIn]);
  await saveScreenshot(page, testInfo, 'tenancy-namespace-not-opted-in');
});
