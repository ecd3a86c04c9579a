import { defineConfig, devices } from '@playwright/test';
import { chromiumLaunchOptions } from '../support/chromium';

/**
 * The browser half of the adoption test (packages/adoption-test): the same flows against
 * the fresh portal's two apps, served by two backends the test started on free ports
 * (`ADOPTION_NEW_APP_URL`, `ADOPTION_LEGACY_APP_URL`). One worker, one Chromium.
 */

function url(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: run the adoption test (packages/adoption-test), which starts the portals`,
    );
  }
  return value;
}

export default defineConfig({
  testDir: '.',
  testMatch: 'adoption.spec.ts',
  outputDir: '../../node_modules/.cache/adoption-test-results',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 120_000,
  expect: { timeout: 20_000 },
  reporter: [['list']],
  use: {
    ...devices['Desktop Chrome'],
    launchOptions: chromiumLaunchOptions(),
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'new-frontend-system',
      use: { baseURL: url('ADOPTION_NEW_APP_URL') },
    },
    {
      name: 'legacy-frontend-system',
      use: { baseURL: url('ADOPTION_LEGACY_APP_URL') },
    },
  ],
});
