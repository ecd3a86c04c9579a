import { defineConfig, devices } from '@playwright/test';
import { chromiumLaunchOptions } from './e2e-tests/support/chromium';

/**
 * Browser end-to-end tests of the portal, run with `yarn test:e2e`.
 *
 * Playwright starts the portal (`e2e-tests/support/startPortal.sh`: a production build of the
 * app, then `scripts/start` with a local control plane holding the sample resources and the
 * backend alone, serving that build on :7007) unless one is already running, and stops it
 * afterwards with SIGTERM so the control plane is torn down too. `startStop.spec.ts` covers
 * `scripts/start` with the frontend's dev server. Browser: Debian's Chromium (`CHROMIUM_PATH` overrides it); never
 * `playwright install`.
 */

const APP_URL = process.env.PLAYWRIGHT_URL ?? 'http://localhost:7007';

export default defineConfig({
  testDir: 'e2e-tests',
  // The adoption test's browser half runs against fresh portals of its own (e2e-tests/adoption).
  testIgnore: 'adoption/**',
  outputDir: 'node_modules/.cache/e2e-test-results',
  globalSetup: './e2e-tests/support/globalSetup.ts',
  // Over the whole run: the portal's identity never read Secrets across the cluster.
  globalTeardown: './e2e-tests/support/globalTeardown.ts',

  // One portal, one control plane: tests run one at a time, and a flaky test gets fixed,
  // not retried.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: !!process.env.CI,

  timeout: 60_000,
  expect: { timeout: 20_000 },

  // The HTML reporter empties its folder at the end of a run, so it gets a folder of its
  // own: e2e-test-report/html/, next to e2e-test-report/screenshots/ that tests write to.
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: 'e2e-test-report/html' }],
  ],

  use: {
    baseURL: APP_URL,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },

  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: chromiumLaunchOptions(),
      },
    },
  ],

  webServer: {
    name: 'portal',
    command: 'e2e-tests/support/startPortal.sh',
    url: APP_URL,
    // The app's production build (1.5-3 min on two loaded cores), control plane, seeding.
    timeout: 480_000,
    reuseExistingServer: !process.env.CI,
    stdout: 'ignore',
    stderr: 'pipe',
    // The default is SIGKILL of the process group, which would leave the control plane to
    // its watchdog and `.local/` files behind. SIGTERM lets `local-control-plane` stop the
    // portal, then etcd and kube-apiserver, and remove its files.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 30_000 },
  },
});
