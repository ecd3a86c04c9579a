import { mkdirSync, rmSync } from 'node:fs';
import { BACKEND_URL, SCREENSHOT_DIR } from './paths';

const READINESS_URL = `${BACKEND_URL}/.backstage/health/v1/readiness`;
const BACKEND_TIMEOUT_MS = 180_000;

/**
 * Runs after Playwright's webServer is up (the frontend on :3000 answers). The backend is
 * started by the same command but may come up later, so wait for its readiness probe here
 * rather than let the first test race it. A backend that never gets ready (e.g. it crashed
 * at start) fails the run with its last answer instead of every test timing out.
 */
export default async function globalSetup(): Promise<void> {
  // Screenshots are from this run only: a stale one must not pass for a fresh one.
  rmSync(SCREENSHOT_DIR, { recursive: true, force: true });
  mkdirSync(SCREENSHOT_DIR, { recursive: true });

  const deadline = Date.now() + BACKEND_TIMEOUT_MS;
  let last = 'no answer yet';
  for (;;) {
    try {
      const res = await fetch(READINESS_URL, {
        signal: AbortSignal.timeout(5_000),
      });
      if (res.ok) return;
      last = `HTTP ${res.status} ${(await res.text()).slice(0, 200)}`;
    } catch (e) {
      last = e instanceof Error ? `${e.message} ${e.cause ?? ''}` : String(e);
    }
    if (Date.now() > deadline) {
      throw new Error(
        `The backend is not ready at ${READINESS_URL} after ${
          BACKEND_TIMEOUT_MS / 1000
        } s (last: ${last}). See the [portal] output above.`,
      );
    }
    // Polling interval for a readiness probe, not a wait for correctness.
    await new Promise(r => setTimeout(r, 500));
  }
}
