import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { run } from './run';

/**
 * A copy of a `@backstage/*` package nested under a `@model-delivery/*` package of the
 * portal: the suite's ranges could not share the portal's copy, so two copies of one
 * Backstage package run side by side (two API refs, two plugin instances).
 */
export interface NestedCopy {
  /** The folder, relative to the portal. */
  path: string;
  /** `@backstage/...` */
  name: string;
  version: string;
  /** The `@model-delivery/*` package it is nested under. */
  under: string;
  /** The portal's own copy, at the top of its node_modules. */
  portalVersion?: string;
}

function packagesIn(scopeDir: string): string[] {
  return existsSync(scopeDir)
    ? readdirSync(scopeDir).map(name => join(scopeDir, name))
    : [];
}

/** Every `@model-delivery/*` folder of the portal: hoisted, or under a workspace. */
function suitePackages(portal: string): string[] {
  const workspaces = ['packages', 'plugins'].flatMap(dir =>
    existsSync(join(portal, dir))
      ? readdirSync(join(portal, dir)).map(name => join(portal, dir, name))
      : [],
  );
  return [portal, ...workspaces].flatMap(dir =>
    packagesIn(join(dir, 'node_modules', '@model-delivery')),
  );
}

/** `@backstage/*` folders anywhere below a package's own node_modules. */
function nestedBackstage(dir: string, found: NestedCopy[], portal: string) {
  const modules = join(dir, 'node_modules');
  if (!existsSync(modules)) return;
  for (const name of readdirSync(modules)) {
    if (name.startsWith('.')) continue;
    const entries = name.startsWith('@')
      ? packagesIn(join(modules, name))
      : [join(modules, name)];
    for (const entry of entries) {
      if (name === '@backstage') {
        const path = relative(portal, entry);
        const pkgName = `@backstage/${entry.split('/').pop()}`;
        found.push({
          path,
          name: pkgName,
          version: versionAt(entry)!,
          under: /@model-delivery\/[^/]+/.exec(path)![0],
          portalVersion: versionAt(join(portal, 'node_modules', pkgName)),
        });
      }
      nestedBackstage(entry, found, portal);
    }
  }
}

function versionAt(dir: string): string | undefined {
  const file = join(dir, 'package.json');
  return existsSync(file)
    ? JSON.parse(readFileSync(file, 'utf8')).version
    : undefined;
}

export function nestedBackstageCopies(portal: string): NestedCopy[] {
  const found: NestedCopy[] = [];
  for (const pkg of suitePackages(portal)) nestedBackstage(pkg, found, portal);
  return found;
}

/**
 * What yarn says about it: `yarn dedupe --check` for `@backstage/*` fails when a range
 * could share a version it does not, and `yarn why` names who holds each copy.
 */
export async function yarnDedupeCheck(portal: string): Promise<string> {
  return run('yarn', ['dedupe', '--check', '@backstage/*'], {
    cwd: portal,
    what: "yarn dedupe --check '@backstage/*' in the fresh portal",
  });
}

export async function yarnWhy(portal: string, name: string): Promise<string> {
  return run('yarn', ['why', name], {
    cwd: portal,
    what: `yarn why ${name}`,
  });
}
