import { expect, Locator, Page } from '@playwright/test';
import { signIn } from './portal';

/**
 * A software template's form on the Create page, driven as a user does: open the
 * template, pick the owner, move between steps, read the errors a step refuses with.
 */

/**
 * Opens a template's form from the Create page, loading the page again until the catalog
 * has the template (on a fresh portal it appears once the catalog has read the templates).
 */
export async function openTemplate(page: Page, title: string): Promise<void> {
  await page.goto('/create');
  await signIn(page);
  const choose = page
    .locator('div')
    .filter({ has: page.getByRole('heading', { name: title, level: 4 }) })
    .filter({ has: page.getByRole('button', { name: 'Choose' }) })
    .last()
    .getByRole('button', { name: 'Choose' });
  await expect(async () => {
    if (!(await choose.isVisible())) {
      await page.reload();
      await expect(choose).toBeVisible({ timeout: 5_000 });
    }
  }).toPass({ timeout: 60_000 });
  await choose.click();
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
}

/** Picks the owner in the EntityPicker. */
export async function chooseOwner(page: Page, name: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Owner' }).fill(name);
  await page.getByRole('option', { name }).click();
}

/** The error a step shows in its list at the top, for one field (`name: ...`). */
export function stepError(page: Page, field: RegExp): Locator {
  return page.getByRole('listitem').filter({ hasText: field });
}

/** A text input by its label. */
export function textbox(page: Page, label: string): Locator {
  return page.getByRole('textbox', { name: label, exact: true });
}

/** Clicks Next (or Review on the last step). */
export async function next(page: Page, label: 'Next' | 'Review' = 'Next') {
  await page.getByRole('button', { name: label }).click();
}

/** Creates the task from the review, and returns its id once its page shows. */
export async function create(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page).toHaveURL(/\/create\/tasks\/[0-9a-f-]+$/);
  return page.url().split('/').pop()!;
}
