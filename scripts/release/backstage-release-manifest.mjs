#!/usr/bin/env node
// Writes the release manifest `backstage-cli versions:bump` reads from BACKSTAGE_MANIFEST_FILE
// ({ releaseVersion, packages: [{ name, version }] }, the shape versions.backstage.io serves),
// built from the npm registry because versions.backstage.io is not reachable from everywhere.
//
//   node scripts/release/backstage-release-manifest.mjs --release 1.57.0 --date 2026-11-17 \
//     [--create-app 0.9.2] [--out scripts/release/backstage-release-manifest.json]
//
// A Backstage release publishes all its changed packages on one day. For each @backstage/*
// package this repository resolves (yarn.lock) or a portal made by @backstage/create-app
// declares (its templates), the version in the release is the newest stable version the
// registry says was published before the end of the day after --date (a release's publishing
// runs past midnight UTC): an unchanged package keeps its earlier version, as in Backstage's
// own manifests. `npm view` asks the registry npm is configured for.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function parseArgs(argv) {
  const args = {
    createApp: '0.9.2',
    out: join(repoRoot, 'scripts/release/backstage-release-manifest.json'),
  };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--release') args.release = value;
    else if (flag === '--date') args.date = value;
    else if (flag === '--create-app') args.createApp = value;
    else if (flag === '--out') args.out = resolve(value);
    else throw new Error(`unknown flag ${flag}`);
  }
  if (!/^\d+\.\d+\.\d+$/.test(args.release ?? '')) {
    throw new Error('--release <x.y.z> is required');
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(args.date ?? '')) {
    throw new Error(
      '--date <YYYY-MM-DD> (the day the release was published) is required',
    );
  }
  return args;
}

const stable = /^(\d+)\.(\d+)\.(\d+)$/;
function compareVersions(a, b) {
  const [x, y] = [a.match(stable).slice(1), b.match(stable).slice(1)];
  for (let i = 0; i < 3; i++) {
    if (+x[i] !== +y[i]) return +x[i] - +y[i];
  }
  return 0;
}

async function lockfileNames() {
  const lock = await readFile(join(repoRoot, 'yarn.lock'), 'utf8');
  return [...lock.matchAll(/^"?(@backstage\/[a-z0-9-]+)@/gm)].map(m => m[1]);
}

// The packages a fresh portal declares: create-app's templates, read from its tarball.
async function createAppNames(version) {
  const dir = await mkdtemp(join(tmpdir(), 'create-app-'));
  try {
    const { stdout } = await run(
      'npm',
      [
        'pack',
        `@backstage/create-app@${version}`,
        '--json',
        '--pack-destination',
        dir,
      ],
      { cwd: dir },
    );
    const [{ filename }] = JSON.parse(stdout);
    await run('tar', ['xzf', join(dir, filename), '-C', dir]);
    const names = [];
    const walk = async folder => {
      for (const entry of await readdir(folder, { withFileTypes: true })) {
        const path = join(folder, entry.name);
        if (entry.isDirectory()) await walk(path);
        else if (/^package\.json(\.hbs)?$/.test(entry.name)) {
          const text = await readFile(path, 'utf8');
          names.push(
            ...[...text.matchAll(/"(@backstage\/[a-z0-9-]+)"/g)].map(m => m[1]),
          );
        }
      }
    };
    await walk(join(dir, 'package/templates'));
    return names;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function versionInRelease(name, cutoff) {
  const { stdout } = await run('npm', ['view', name, 'time', '--json'], {
    maxBuffer: 64 * 1024 * 1024,
  });
  const published = Object.entries(JSON.parse(stdout)).filter(([version]) =>
    stable.test(version),
  );
  const before = published
    .filter(([, time]) => Date.parse(time) < cutoff)
    .map(([version]) => version)
    .sort(compareVersions);
  const later = published
    .filter(([, time]) => Date.parse(time) >= cutoff)
    .map(([version]) => version);
  if (later.length > 0) {
    console.warn(
      `${name}: ${later.join(', ')} published after the release, left out`,
    );
  }
  return before.at(-1);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const cutoff = Date.parse(`${args.date}T00:00:00Z`) + 2 * 24 * 3600 * 1000;
  const names = [
    ...new Set([
      ...(await lockfileNames()),
      ...(await createAppNames(args.createApp)),
    ]),
  ].sort();
  const packages = [];
  const queue = [...names];
  const worker = async () => {
    for (let name = queue.shift(); name; name = queue.shift()) {
      const version = await versionInRelease(name, cutoff);
      if (version) packages.push({ name, version });
      else
        console.warn(
          `${name}: no stable version published before the cutoff, left out`,
        );
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
  packages.sort((a, b) => a.name.localeCompare(b.name));
  const manifest = { releaseVersion: args.release, packages };
  await writeFile(args.out, `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(
    `${args.out}: Backstage ${args.release}, ${packages.length} packages`,
  );
}

main().catch(error => {
  console.error(error.message);
  process.exit(1);
});
