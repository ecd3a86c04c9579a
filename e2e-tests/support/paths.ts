import { resolve } from 'node:path';

/** The repository root: every path the e2e tests use is relative to it. */
export const REPO_ROOT = resolve(__dirname, '..', '..');

/** Where the tests save screenshots on purpose (the HTML report lives next to it). */
export const SCREENSHOT_DIR = resolve(
  REPO_ROOT,
  'e2e-test-report',
  'screenshots',
);

/** The app: the production build the portal's backend serves (e2e-tests/support/startPortal.sh). */
export const APP_URL = process.env.PLAYWRIGHT_URL ?? 'http://localhost:7007';

/** The backend `scripts/start` runs. */
export const BACKEND_URL =
  process.env.PLAYWRIGHT_BACKEND_URL ?? 'http://localhost:7007';
