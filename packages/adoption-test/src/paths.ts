import { resolve } from 'node:path';

// This package only ever runs from source (scripts/test), never from a production build,
// so paths relative to this file are stable.
// eslint-disable-next-line no-restricted-syntax
export const PACKAGE_ROOT = resolve(__dirname, '..');

/** The repository the test publishes from and whose READMEs it follows. */
export const REPO_ROOT = resolve(PACKAGE_ROOT, '../..');
