/*
 * adoption-test [--tarballs <dir>] [--keep]
 *
 * A user's adoption of the suite, from a release to a page in a browser: the six packages
 * packed as a release packs them and published to a local registry, a portal made fresh by
 * @backstage/create-app that installs them by the READMEs' own snippets, its type check and
 * builds, then both of its apps (new and legacy frontend system) in Chromium against the
 * local control plane. See the package's README.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import {
  addPackages,
  applyAppConfigSnippet,
  applyMachineSettings,
  applyYarnrcSnippet,
  backstageRelease,
  bumpPortal,
  commandLines,
  copyIntoPortal,
  createFreshPortal,
  forgetEarlierPublishes,
  installEnv,
  installPortal,
  LEGACY_APP,
  NEW_APP,
} from './freshPortal';
import {
  nestedBackstageCopies,
  yarnDedupeCheck,
  yarnWhy,
} from './nestedCopies';
import { PACKAGE_ROOT, REPO_ROOT } from './paths';
import { runPortals } from './portals';
import { LocalRegistry, startLocalRegistry, tarballsIn } from './registry';
import { AdoptionError, run } from './run';
import {
  readmeFiles,
  ReadmeSnippets,
  Snippet,
  SNIPPET_IDS as IDS,
} from './snippets';
import { applyFeaturesSnippet, applySourceSnippet } from './sourceEdits';

const log = (m: string) => process.stderr.write(`[adoption] ${m}\n`);

async function step<T>(name: string, fn: () => Promise<T> | T): Promise<T> {
  const start = Date.now();
  log(`── ${name}`);
  const result = await fn();
  log(`── ${name}: ${((Date.now() - start) / 1000).toFixed(0)} s`);
  return result;
}

/** Runs a README's commands, saying which and how long they took. */
async function fromReadme(
  snippet: Snippet,
  fn: (snippet: Snippet) => Promise<void>,
): Promise<void> {
  const start = Date.now();
  await fn(snippet);
  log(
    `   ${snippet.source}: ${commandLines(snippet).join('; ')} (${(
      (Date.now() - start) /
      1000
    ).toFixed(0)} s)`,
  );
}

/**
 * The packed packages: those scripts/test packed and checked in an earlier step
 * (MODEL_DELIVERY_PACKED_PACKAGES), else packed here as a release packs them.
 */
async function packedPackages(work: string): Promise<string[]> {
  const packed = process.env.MODEL_DELIVERY_PACKED_PACKAGES;
  if (packed) return tarballsIn(packed);
  const out = join(work, 'tarballs');
  await run(
    join(REPO_ROOT, 'scripts', 'release', 'pack-packages'),
    ['--out', out],
    {
      cwd: REPO_ROOT,
      env: process.env,
      what: 'packing the publishable packages (scripts/release/pack-packages)',
    },
  );
  return tarballsIn(out);
}

async function adopt(args: { tarballs?: string; keep: boolean }) {
  const started = Date.now();
  const work = mkdtempSync(join(tmpdir(), 'model-delivery-adoption-'));
  const logDir = join(work, 'logs');
  mkdirSync(logDir);
  log(`working in ${work}`);
  // Every snippet the test applies, and no other, is marked: checked before anything runs.
  const snippets = new ReadmeSnippets(readmeFiles());
  for (const id of Object.values(IDS).flat()) snippets.get(id);
  const unused = snippets.unused();
  if (unused.length > 0) {
    throw new AdoptionError(
      `README snippets marked for the adoption test that it does not apply: ${unused
        .map(s => `${s.id} (${s.source})`)
        .join(', ')}`,
    );
  }
  let registry: LocalRegistry | undefined;
  let passed = false;
  try {
    const tarballs = args.tarballs
      ? tarballsIn(args.tarballs)
      : await step('the six packages packed as a release packs them', () =>
          packedPackages(work),
        );
    if (tarballs.length !== 6) {
      throw new AdoptionError(
        `expected the six publishable packages, found ${
          tarballs.length
        }: ${tarballs.join(', ')}`,
      );
    }

    registry = await step(
      'publish them to a local registry (Verdaccio)',
      async () => {
        const r = await startLocalRegistry(join(work, 'registry'));
        for (const tarball of tarballs) await r.publish(tarball);
        log(`registry at ${r.url}`);
        return r;
      },
    );

    const portal = await step(
      'a fresh portal by @backstage/create-app (and its legacy app beside it)',
      async () => {
        const dir = await createFreshPortal(work);
        applyMachineSettings(dir, registry!.url);
        await forgetEarlierPublishes(dir);
        return dir;
      },
    );

    await step("the READMEs' install steps", async () => {
      applyYarnrcSnippet(portal, snippets.get(IDS.yarnrc));
      const made = backstageRelease(portal);
      const suite = backstageRelease(REPO_ROOT);
      const bump = snippets.get(IDS.versionsBump);
      if (made !== suite) {
        log(
          `create-app made Backstage ${made}; the suite is on ${suite}: the README's bump`,
        );
        await fromReadme(bump, s => bumpPortal(portal, s));
      }
      for (const id of IDS.yarnAdd) {
        await fromReadme(snippets.get(id), s => addPackages(portal, s));
      }
      await fromReadme(snippets.get(IDS.legacyYarnAdd), s =>
        addPackages(portal, s, { appDir: `packages/${LEGACY_APP}` }),
      );
    });

    await step('yarn install', () => installPortal(portal));

    await step("the READMEs' code and config", () => {
      for (const id of IDS.backendSource) {
        applySourceSnippet(portal, snippets.get(id));
      }
      applyFeaturesSnippet(portal, snippets.get(IDS.features));
      for (const id of IDS.legacySource) {
        applySourceSnippet(portal, snippets.get(id), {
          appDir: `packages/${LEGACY_APP}`,
        });
      }
      for (const id of IDS.appConfig) {
        applyAppConfigSnippet(portal, snippets.get(id));
      }
      // The adopting team's own catalog: the entity whose resources the samples label.
      copyIntoPortal(
        portal,
        join(PACKAGE_ROOT, 'fixtures', 'entities.yaml'),
        'examples/model-delivery-entities.yaml',
      );
      applyAppConfigSnippet(portal, {
        id: 'the test',
        source: 'packages/adoption-test/src/main.ts',
        language: 'yaml',
        text: [
          'catalog:',
          '  locations:',
          '    - type: file',
          '      target: ../../examples/model-delivery-entities.yaml',
          '      rules:',
          '        - allow: [Component, Group]',
        ].join('\n'),
      });
    });

    await step(
      'no nested @backstage/* copy under @model-delivery/*',
      async () => {
        const nested = nestedBackstageCopies(portal);
        if (nested.length > 0) {
          const why = await yarnWhy(portal, nested[0].name);
          throw new AdoptionError(
            `@backstage packages nested under @model-delivery packages: their ranges cannot share the portal's copy\n${nested
              .map(
                n =>
                  `  ${n.under} has its own ${n.name} ${
                    n.version
                  } (the portal's: ${n.portalVersion ?? 'none'}) at ${n.path}`,
              )
              .join('\n')}\nyarn why ${nested[0].name}:\n${why}`,
          );
        }
        await yarnDedupeCheck(portal);
      },
    );

    await step('yarn tsc in the fresh portal', () =>
      run('yarn', ['tsc'], {
        cwd: portal,
        env: installEnv(),
        what: "the fresh portal's type check (yarn tsc) with the READMEs' code",
      }),
    );

    for (const app of [NEW_APP, LEGACY_APP]) {
      await step(`build ${app}`, () =>
        run('yarn', ['workspace', app, 'build'], {
          cwd: portal,
          env: installEnv(),
          what: `the fresh portal's ${app} build`,
        }),
      );
    }

    await step(
      'both apps in Chromium, against the local control plane',
      async () => {
        const clusterConfig = join(work, 'app-config.local-cluster.yaml');
        const code = await new Promise<number>(resolve => {
          const child = spawn(
            process.execPath,
            [
              join(
                REPO_ROOT,
                'packages',
                'local-control-plane',
                'bin',
                'local-control-plane',
              ),
              'up',
              '--seed',
              '--app-config',
              clusterConfig,
              '--',
              process.execPath,
              join(PACKAGE_ROOT, 'bin', 'adoption-test'),
              'portals',
              portal,
              clusterConfig,
              logDir,
            ],
            { cwd: REPO_ROOT, stdio: 'inherit' },
          );
          child.on('close', c => resolve(c ?? 1));
        });
        if (code !== 0) {
          throw new AdoptionError(
            `the browser flows failed in the fresh portal (see above; screenshots in e2e-test-report/adoption, backend logs in ${logDir})`,
          );
        }
      },
    );
    passed = true;
    log(`passed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    await registry?.stop();
    if (passed && !args.keep) {
      rmSync(work, { recursive: true, force: true });
    } else {
      log(`the fresh portal and its logs stay in ${work}`);
    }
  }
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  if (command === 'portals') {
    const [portal, clusterConfig, logDir] = rest;
    process.exit(await runPortals({ portal, clusterConfig, logDir }));
  }
  const argv = command ? [command, ...rest] : rest;
  const args = { keep: false, tarballs: undefined as string | undefined };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--keep') args.keep = true;
    else if (argv[i] === '--tarballs') args.tarballs = argv[++i];
    else
      throw new Error(
        `unknown option ${argv[i]}; usage: adoption-test [--tarballs <dir>] [--keep]`,
      );
  }
  await adopt(args);
}

main().catch(e => {
  log(`FAILED: ${e instanceof Error ? e.message : e}`);
  if (e instanceof AdoptionError && e.output)
    process.stderr.write(`${e.output}\n`);
  else if (!(e instanceof AdoptionError))
    process.stderr.write(`${e?.stack ?? ''}\n`);
  process.exit(1);
});
