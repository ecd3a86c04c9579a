import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  createWriteStream,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { LEGACY_APP, NEW_APP } from './freshPortal';
import { REPO_ROOT } from './paths';
import { AdoptionError, portalEnv } from './run';

/**
 * Runs as the local control plane's command (`local-control-plane up --seed -- ...`): starts
 * the fresh portal's backend twice, on free ports, one serving each app, waits until each
 * is ready with the test's entity and the suite's template in its catalog, runs the
 * browser flows (e2e-tests/adoption) against both, and stops them.
 */

export interface PortalsOptions {
  portal: string;
  /** The control plane's app-config fragment (kubernetes clusters, the stand-in Hub). */
  clusterConfig: string;
  logDir: string;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

interface Backend {
  app: string;
  url: string;
  log: string;
  process: ChildProcess;
}

async function startBackend(
  options: PortalsOptions,
  app: string,
): Promise<Backend> {
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const override = join(options.logDir, `app-config.${app}.yaml`);
  writeFileSync(
    override,
    stringify({
      app: { baseUrl: url, packageName: app },
      backend: {
        baseUrl: url,
        listen: { port },
        cors: { origin: url },
      },
    }),
  );
  const log = join(options.logDir, `backend-${app}.log`);
  writeFileSync(log, '');
  const out = createWriteStream(log, { flags: 'a' });
  const child = spawn(
    'yarn',
    [
      'workspace',
      'backend',
      'start',
      '--config',
      join(options.portal, 'app-config.yaml'),
      '--config',
      options.clusterConfig,
      '--config',
      override,
    ],
    {
      cwd: options.portal,
      env: portalEnv(),
      // A group of its own, so that stopping it stops backstage-cli's child too.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  return { app, url, log, process: child };
}

function stopBackend(backend: Backend) {
  try {
    process.kill(-backend.process.pid!, 'SIGTERM');
  } catch {
    // gone already
  }
}

/** A backend's log lines, without colours. */
function logLines(file: string): string[] {
  return (
    readFileSync(file, 'utf8')
      // eslint-disable-next-line no-control-regex
      .replace(/\u001b\[[0-9;]*m/g, '')
      .trimEnd()
      .split('\n')
  );
}

/** A backend's error-level lines (`<time> <plugin> error <message>`). */
function errorLines(file: string): string[] {
  return logLines(file).filter(l => /^\S+ \S+ error /.test(l));
}

/**
 * What a backend's log says went wrong: its error-level lines, else its last lines without
 * the request lines of the readiness polling.
 */
function logExcerpt(file: string, lines = 40): string {
  const errors = errorLines(file);
  const rest = logLines(file).filter(l => !/ rootHttpRouter info /.test(l));
  return (errors.length > 0 ? errors : rest).slice(-lines).join('\n');
}

const READY_TIMEOUT_MS = 300_000;

/**
 * Ready for a user: the backend answers its readiness probe and its catalog holds the
 * test's entity and the suite's template (a fresh catalog reads its locations after start).
 */
async function waitUntilReady(backend: Backend) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = 'no answer yet';
  for (;;) {
    if (backend.process.exitCode !== null) {
      throw new AdoptionError(
        `The fresh portal's backend serving ${backend.app} exited (code ${
          backend.process.exitCode
        }) before it was ready; its log ${backend.log} says:\n${logExcerpt(
          backend.log,
        )}`,
      );
    }
    if (/Backend startup failed/.test(readFileSync(backend.log, 'utf8'))) {
      throw new AdoptionError(
        `The fresh portal's backend serving ${
          backend.app
        } failed to start; its log ${backend.log} says:\n${logExcerpt(
          backend.log,
        )}`,
      );
    }
    try {
      last = await readiness(backend.url);
      if (last === 'ready') return;
    } catch (e) {
      last = e instanceof Error ? `${e.message} ${e.cause ?? ''}` : String(e);
    }
    if (Date.now() > deadline) {
      throw new AdoptionError(
        `The fresh portal's backend serving ${backend.app} at ${
          backend.url
        } is not ready after ${
          READY_TIMEOUT_MS / 1000
        } s (last: ${last}); its log ${backend.log} says:\n${logExcerpt(
          backend.log,
        )}`,
      );
    }
    // Polling interval while the backend starts, not a wait for correctness.
    await new Promise(r => setTimeout(r, 2000));
  }
}

const REQUIRED_ENTITIES = [
  'component:default/chat-assistant',
  'template:default/model-download',
];

async function readiness(url: string): Promise<string> {
  const probe = await fetch(`${url}/.backstage/health/v1/readiness`);
  if (!probe.ok) return `readiness ${probe.status}`;
  const refresh = await fetch(`${url}/api/auth/guest/refresh?env=development`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  if (!refresh.ok) return `guest sign-in ${refresh.status}`;
  const token = (await refresh.json()).backstageIdentity.token;
  for (const ref of REQUIRED_ENTITIES) {
    const [kind, rest] = ref.split(':');
    const [namespace, name] = rest.split('/');
    const res = await fetch(
      `${url}/api/catalog/entities/by-name/${kind}/${namespace}/${name}`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    if (!res.ok) return `${ref} not in the catalog yet (${res.status})`;
  }
  return 'ready';
}

export async function runPortals(options: PortalsOptions): Promise<number> {
  const backends = [
    await startBackend(options, NEW_APP),
    await startBackend(options, LEGACY_APP),
  ];
  const stop = () => {
    backends.forEach(stopBackend);
    // backstage-cli starts the backend in a process group of its own, which outlives the
    // group stopped above (measured: both backends kept running after a passed run): every
    // process still running from the fresh portal's folder goes too.
    spawnSync('pkill', ['-TERM', '-f', `${options.portal}/`]);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  try {
    await Promise.all(backends.map(waitUntilReady));
    // Screenshots are from this run only: a stale one must not pass for a fresh one.
    rmSync(join(REPO_ROOT, 'e2e-test-report', 'adoption'), {
      recursive: true,
      force: true,
    });
    const [newApp, legacyApp] = backends;
    const playwright = spawn(
      process.execPath,
      [
        require.resolve('@playwright/test/cli'),
        'test',
        '--config',
        join(REPO_ROOT, 'e2e-tests', 'adoption', 'playwright.config.ts'),
      ],
      {
        cwd: REPO_ROOT,
        stdio: 'inherit',
        env: {
          ...process.env,
          ADOPTION_NEW_APP_URL: newApp.url,
          ADOPTION_LEGACY_APP_URL: legacyApp.url,
        },
      },
    );
    const code = await new Promise<number>(resolve =>
      playwright.on('close', c => resolve(c ?? 1)),
    );
    if (code !== 0) {
      for (const b of backends) {
        process.stderr.write(
          `\nThe log of the backend serving ${b.app} (${
            b.log
          }) says:\n${logExcerpt(b.log, 30)}\n`,
        );
      }
      return code;
    }
    // A normal start and use of the portal logs no error.
    const noisy = backends.filter(b => errorLines(b.log).length > 0);
    for (const b of noisy) {
      process.stderr.write(
        `\nThe fresh portal's backend serving ${b.app} logged errors (${
          b.log
        }):\n${errorLines(b.log).join('\n')}\n`,
      );
    }
    return noisy.length > 0 ? 1 : 0;
  } finally {
    stop();
  }
}
