#!/usr/bin/env bash
# The portal for the browser tests (playwright.config.ts's webServer): a production build of
# the app, then `scripts/start` with the backend alone, which serves that build on :7007
# (e2e-tests/app-config.built-app.yaml). E2E_APP_BUILT=1 skips the build when
# packages/app/dist is known to be current (e.g. re-running one spec by hand).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
source "$repo/scripts/lib/toolchain.sh"
ensure_dependencies
if [ "${E2E_APP_BUILT:-}" != 1 ] || [ ! -f "$repo/packages/app/dist/index.html" ]; then
  say "building the app for the browser tests"
  (cd "$repo/packages/app" && yarn build) >&2 || die "the app's production build failed"
fi
exec "$repo/scripts/start" backend --config "$repo/e2e-tests/app-config.built-app.yaml"
