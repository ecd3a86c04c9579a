import { expect, Page } from '@playwright/test';
import { BACKEND_URL } from './paths';

/**
 * Signs in as guest if the app shows its sign-in page, then waits for the app shell.
 * Call it after `page.goto(...)`.
 */
export async function signIn(page: Page): Promise<void> {
  const enter = page.getByRole('button', { name: 'Enter' });
  // The sidebar's <nav> itself has no box (its drawer is position: fixed), so Playwright
  // calls it hidden; its link to the catalog is what a signed-in user sees ("Catalog" in
  // the new frontend system's sidebar, "Home" in create-app's legacy one).
  const appShell = page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: /^(Catalog|Home)$/ })
    .first();
  // Whichever shows first: the guest sign-in page, or the app (already signed in).
  await expect(enter.or(appShell).first()).toBeVisible();
  if (await enter.isVisible()) {
    await enter.click();
  }
  await expect(appShell).toBeVisible();
}

/** A Backstage user token for the guest, for calling backend APIs directly. */
export async function backendToken(): Promise<string> {
  const res = await fetch(
    `${BACKEND_URL}/api/auth/guest/refresh?env=development`,
    { headers: { 'X-Requested-With': 'XMLHttpRequest' } },
  );
  if (!res.ok) {
    throw new Error(`guest refresh failed: ${res.status} ${await res.text()}`);
  }
  const body = (await res.json()) as {
    backstageIdentity?: { token?: string };
  };
  const token = body.backstageIdentity?.token;
  if (!token) {
    throw new Error('guest refresh returned no backstageIdentity.token');
  }
  return token;
}
