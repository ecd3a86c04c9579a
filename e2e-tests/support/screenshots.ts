import { join } from 'node:path';
import { Page, TestInfo } from '@playwright/test';
import { SCREENSHOT_DIR } from './paths';

/**
 * Saves a deliberate full-page screenshot as <dir>/<name>.png (SCREENSHOT_DIR unless
 * given) and attaches it to the test in the HTML report.
 */
export async function saveScreenshot(
  page: Page,
  testInfo: TestInfo,
  name: string,
  dir: string = SCREENSHOT_DIR,
): Promise<void> {
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}
