import {
  cpSync,
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from './paths';
import { AdoptionError, portalEnv, run, runShell } from './run';
import { Snippet } from './snippets';
import { mergeYamlInto } from './yamlFiles';

/** The app packages of the fresh portal: create-app's, and its legacy template's beside it. */
export const NEW_APP = 'app';
export const LEGACY_APP = 'app-legacy';

function readJson(file: string): any {
  return JSON.parse(readFileSync(file, 'utf8'));
}

function writeJson(file: string, value: unknown) {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

function editJson(file: string, edit: (value: any) => void) {
  const value = readJson(file);
  edit(value);
  writeJson(file, value);
}

/**
 * A portal as `npx @backstage/create-app` makes it (new frontend system), with the app of
 * create-app's legacy template (`--legacy`) as a second app package beside it: one
 * workspace, one install, two app builds. The backend serves either app
 * (`app.packageName`), so it depends on both.
 */
export async function createFreshPortal(workDir: string): Promise<string> {
  const createApp = require.resolve(
    '@backstage/create-app/bin/backstage-create-app',
  );
  const portal = join(workDir, 'portal');
  const legacy = join(workDir, 'legacy-portal');
  const env = portalEnv({ BACKSTAGE_APP_NAME: 'portal' });
  // --skip-install: the install comes after the README's steps, once (see installPortal).
  await run('node', [createApp, '--skip-install', '--path', portal], {
    cwd: workDir,
    env,
    what: '@backstage/create-app',
  });
  await run(
    'node',
    [createApp, '--legacy', '--skip-install', '--path', legacy],
    {
      cwd: workDir,
      env,
      what: '@backstage/create-app --legacy',
    },
  );
  renameSync(
    join(legacy, 'packages', 'app'),
    join(portal, 'packages', LEGACY_APP),
  );
  rmSync(legacy, { recursive: true, force: true });
  editJson(join(portal, 'packages', LEGACY_APP, 'package.json'), pkg => {
    pkg.name = LEGACY_APP;
  });
  editJson(join(portal, 'packages', 'backend', 'package.json'), pkg => {
    pkg.dependencies[LEGACY_APP] = `link:../${LEGACY_APP}`;
  });
  return portal;
}

/**
 * What this machine needs and a user's does not: the repository's own answers to the partial
 * npm mirror (`resolutions`) and to native builds nothing uses here (`dependenciesMeta`), and
 * the `@model-delivery` scope at the local registry, as a company's private registry would
 * be configured.
 */
export function applyMachineSettings(portal: string, registryUrl: string) {
  const repo = readJson(join(REPO_ROOT, 'package.json'));
  editJson(join(portal, 'package.json'), pkg => {
    pkg.resolutions = { ...repo.resolutions, ...pkg.resolutions };
    pkg.dependenciesMeta = {
      ...repo.dependenciesMeta,
      ...pkg.dependenciesMeta,
    };
  });
  mergeYamlInto(
    join(portal, '.yarnrc.yml'),
    JSON.stringify({
      npmScopes: { 'model-delivery': { npmRegistryServer: registryUrl } },
      unsafeHttpWhitelist: ['127.0.0.1'],
    }),
  );
}

/**
 * yarn's global cache keeps a package by name and version: an archive of an earlier run's
 * `@model-delivery/*@0.1.0` would be taken for this run's. They go before the install.
 */
export async function forgetEarlierPublishes(portal: string) {
  const cacheFolder = (
    await run('yarn', ['config', 'get', 'cacheFolder'], {
      cwd: portal,
      what: 'yarn config get cacheFolder',
    })
  ).trim();
  let names: string[] = [];
  try {
    names = readdirSync(cacheFolder);
  } catch {
    return; // no cache yet
  }
  for (const name of names) {
    if (name.startsWith('@model-delivery-')) {
      rmSync(join(cacheFolder, name), { force: true });
    }
  }
}

/** The environment of every command in the portal: better-sqlite3 from the machine's cache. */
export function installEnv(): NodeJS.ProcessEnv {
  const prebuilds =
    process.env.npm_config_better_sqlite3_local_prebuilds ??
    (process.env.MODEL_DELIVERY_CACHE &&
      join(process.env.MODEL_DELIVERY_CACHE, 'prebuilds'));
  return portalEnv(
    prebuilds ? { npm_config_better_sqlite3_local_prebuilds: prebuilds } : {},
  );
}

const RELEASE_MANIFEST = join(
  REPO_ROOT,
  'scripts',
  'release',
  'backstage-release-manifest.json',
);

/** The Backstage release in a project's backstage.json. */
export function backstageRelease(dir: string): string {
  return readJson(join(dir, 'backstage.json')).version;
}

/**
 * The README's `versions:bump` line, when the suite is on a newer Backstage release than
 * the portal create-app made. It runs before the portal's first install, so the
 * repository's `backstage-cli` (the suite's release) runs it with `--skip-install`, and
 * the release manifest is the repository's committed one (`BACKSTAGE_MANIFEST_FILE`: this
 * machine cannot reach versions.backstage.io).
 */
export async function bumpPortal(portal: string, snippet: Snippet) {
  const target = backstageRelease(REPO_ROOT);
  const lines = commandLines(snippet);
  const bump = lines.find(l => /\bbackstage-cli versions:bump\b/.test(l));
  if (!bump) {
    throw new AdoptionError(
      `${snippet.source} (${snippet.id}): no "backstage-cli versions:bump" line`,
    );
  }
  const release = /--release[ =](\S+)/.exec(bump)?.[1];
  if (release !== target) {
    throw new AdoptionError(
      `${snippet.source} (${snippet.id}): the README bumps to "${release}", the suite is built on Backstage ${target} (backstage.json)`,
    );
  }
  const args = bump
    .replace(/^(yarn|npx)\s+/, '')
    .split(/\s+/)
    .slice(1);
  await run(
    join(REPO_ROOT, 'node_modules', '.bin', 'backstage-cli'),
    [...args, '--skip-install'],
    {
      cwd: portal,
      env: { ...installEnv(), BACKSTAGE_MANIFEST_FILE: RELEASE_MANIFEST },
      what: `the README's bump (${snippet.source}): ${bump}`,
    },
  );
  const bumped = backstageRelease(portal);
  if (bumped !== target) {
    throw new AdoptionError(
      `after ${snippet.source}'s "${bump}" the portal is on Backstage ${bumped}, not ${target}`,
    );
  }
}

/** A shell snippet's command lines, without comments. */
export function commandLines(snippet: Snippet): string[] {
  return snippet.text
    .split('\n')
    .map(l => l.replace(/(^|\s)#.*$/, '').trim())
    .filter(Boolean);
}

/**
 * A README's `yarn add` lines, as a user runs them in the portal's root. Each only updates
 * the lockfile (`--mode=update-lockfile`): one install links everything afterwards instead
 * of one per line. `appDir` relocates `packages/app` for the legacy app.
 */
export async function addPackages(
  portal: string,
  snippet: Snippet,
  options: { appDir?: string } = {},
) {
  for (const line of commandLines(snippet)) {
    if (!/^yarn (--cwd \S+ )?add /.test(line)) {
      throw new AdoptionError(
        `${snippet.source} (${snippet.id}): "${line}" is not a "yarn [--cwd <dir>] add" line`,
      );
    }
    const command = options.appDir
      ? line.replace(/--cwd packages\/app\b/, `--cwd ${options.appDir}`)
      : line;
    await runShell(`${command} --mode=update-lockfile`, {
      cwd: portal,
      env: installEnv(),
      what: `the README's "${line}" (${snippet.source})`,
    });
  }
}

/** The age gate's README settings, pasted into the portal's `.yarnrc.yml`. */
export function applyYarnrcSnippet(portal: string, snippet: Snippet) {
  const text = snippet.text.replace(/^#\s*\.yarnrc\.yml\s*\n/, '');
  try {
    mergeYamlInto(join(portal, '.yarnrc.yml'), text);
  } catch (e) {
    throw new AdoptionError(
      `${snippet.source} (${snippet.id}): not YAML that merges into .yarnrc.yml: ${e}`,
    );
  }
}

/** An app-config block of a README, pasted into the portal's `app-config.yaml`. */
export function applyAppConfigSnippet(portal: string, snippet: Snippet) {
  try {
    mergeYamlInto(join(portal, 'app-config.yaml'), snippet.text);
  } catch (e) {
    throw new AdoptionError(
      `${snippet.source} (${snippet.id}): not YAML that merges into app-config.yaml: ${e}`,
    );
  }
  // A catalog file location is read relative to the backend's folder, where it runs; one
  // that is not there would only show as a template missing from the Create page.
  const locations: { type?: string; target?: string }[] =
    parse(snippet.text)?.catalog?.locations ?? [];
  for (const { type, target } of locations) {
    if (type !== 'file' || !target) continue;
    const file = resolve(portal, 'packages', 'backend', target);
    if (!existsSync(file)) {
      throw new AdoptionError(
        `${snippet.source} (${snippet.id}): the catalog location ${target} is not in the fresh portal (${file})`,
      );
    }
  }
}

/** `yarn install`, the one that links what the README's lines added. */
export async function installPortal(portal: string) {
  await run('yarn', ['install'], {
    cwd: portal,
    env: installEnv(),
    what: "yarn install in the fresh portal (the README's packages from the local registry)",
  });
}

/** A file of this package copied into the portal, e.g. the test's own catalog entities. */
export function copyIntoPortal(portal: string, from: string, to: string) {
  cpSync(from, join(portal, to), { recursive: true });
}
