import { expect, Locator, Page } from '@playwright/test';
import { signIn } from './portal';

/** Opens the fleet page as a user does: "Models" in the sidebar of the home page. */
export async function openFleetFromSidebar(page: Page): Promise<void> {
  await page.goto('/');
  await signIn(page);
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Models', exact: true })
    .click();
  await expect(page).toHaveURL(/\/models$/);
  await expect(page.getByRole('heading', { name: 'Models' })).toBeVisible();
}

/** The rows of a fleet table, without its header. */
export function bodyRows(page: Page, table: string): Locator {
  return page.getByRole('table', { name: table }).locator('tbody tr');
}
