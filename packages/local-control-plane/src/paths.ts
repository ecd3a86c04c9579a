import { resolve } from 'node:path';

// This package only ever runs from source (tests and the local portal), never from a
// production build, so paths relative to this file are stable.
// eslint-disable-next-line no-restricted-syntax
export const PACKAGE_ROOT = resolve(__dirname, '..');

/** The repository root, for the manifests adopters apply (RBAC, the Gemma RGD). */
export const REPO_ROOT = resolve(PACKAGE_ROOT, '../..');
