import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { freePort } from '@internal/local-control-plane';
import { REPO_ROOT } from './support/paths';

/**
 * `scripts/start` as a supervisor runs it: a second portal (ports of its own, its own
 * control plane and state files, so the one the browser tests use is untouched), then a
 * signal to its lead process alone, never to its process group. Within 10 s no process of
 * its tree may run and its files must be gone. No browser.
 */

const STOP_WITHIN_MS = 10_000;
/** Every process of the tree inherits it, wherever it is reparented to. */
const MARKER_VARIABLE = 'MD_START_STOP_TEST';
/** A cold start compiles the frontend and may wait for `yarn install`. */
const START_WITHIN_MS = 360_000;

interface Proc {
  pid: number;
  ppid: number;
  state: string;
  /** Clock ticks after boot: tells a process from a later one that reuses its PID. */
  startTime: string;
}

function readProc(pid: number): Proc | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // pid (comm) state ppid ...; comm may hold spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return {
      pid,
      state: fields[0],
      ppid: Number(fields[1]),
      startTime: fields[19],
    };
  } catch {
    return undefined;
  }
}

function allProcs(): Proc[] {
  return readdirSync('/proc')
    .filter(name => /^\d+$/.test(name))
    .map(name => readProc(Number(name)))
    .filter((p): p is Proc => p !== undefined);
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

/** Processes whose environment carries the marker, wherever they were reparented to. */
function carryingMarker(marker: string): Proc[] {
  return allProcs().filter(p => {
    try {
      return readFileSync(`/proc/${p.pid}/environ`, 'utf8')
        .split('\0')
        .includes(marker);
    } catch {
      return false;
    }
  });
}

/** The process and everything below it, by parent PID. */
function tree(root: number): Proc[] {
  const procs = allProcs();
  const found = procs.filter(p => p.pid === root);
  for (let i = 0; i < found.length; i++) {
    found.push(...procs.filter(p => p.ppid === found[i].pid));
  }
  return found;
}

function stillRunning(p: Proc): boolean {
  const now = readProc(p.pid);
  return !!now && now.startTime === p.startTime && now.state !== 'Z';
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * The error-level lines of a portal's output: Backstage's development format
 * (`<time> <plugin> error <message>`) and its JSON format (`"level":"error"`).
 */
function errorLevelLines(file: string): string[] {
  return readFileSync(file, 'utf8')
    .replace(/\x1b\[[0-9;]*m/g, '')
    .split('\n')
    .filter(
      line =>
        /^\d{4}-\d\d-\d\dT\S+Z \S+ error\b/.test(line) ||
        /"level":"error"/.test(line),
    );
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-30).join('\n');
  } catch {
    return '';
  }
}

/*
 * SIGTERM stops the whole portal, the frontend's dev server included. SIGINT takes the same
 * path through the control plane's CLI, so that case starts the backend alone (arguments of
 * scripts/start go to `backstage-cli repo start`): a second frontend compile would add a
 * minute and a half of CPU to every run and cover nothing new.
 */
const CASES = [
  { signal: 'SIGTERM', what: 'portal', packages: [] },
  { signal: 'SIGINT', what: 'backend', packages: ['backend'] },
] as const;

for (const { signal, what, packages } of CASES) {
  test(`scripts/start stops its ${what}, kube-apiserver, etcd and files within 10 s of a ${signal} to its own process`, async () => {
    test.setTimeout(START_WITHIN_MS + 60_000);
    const dir = mkdtempSync(join(tmpdir(), 'md-start-stop-'));
    const localDir = join(dir, 'local');
    const stateFile = join(localDir, 'control-plane.json');
    const log = join(dir, 'start.log');
    const [appPort, backendPort] = [await freePort(), await freePort()];
    const portsConfig = join(dir, 'ports.yaml');
    writeFileSync(
      portsConfig,
      [
        'app:',
        `  baseUrl: http://localhost:${appPort}`,
        'backend:',
        `  baseUrl: http://localhost:${backendPort}`,
        '  listen:',
        `    port: ${backendPort}`,
        '  cors:',
        `    origin: http://localhost:${appPort}`,
        '',
      ].join('\n'),
    );
    const markerValue = randomUUID();
    const marker = `${MARKER_VARIABLE}=${markerValue}`;
    const output = openSync(log, 'a');

    try {
      const lead = spawn(
        join(REPO_ROOT, 'scripts/start'),
        ['--config', portsConfig, ...packages],
        {
          cwd: REPO_ROOT,
          env: {
            ...process.env,
            MODEL_DELIVERY_LOCAL_DIR: localDir,
            [MARKER_VARIABLE]: markerValue,
          },
          stdio: ['ignore', output, output],
        },
      );
      const leadPid = lead.pid!;
      let exited = false;
      lead.on('exit', () => {
        exited = true;
      });

      // Up: the backend's readiness probe and, when started, the frontend's dev server answer.
      const deadline = Date.now() + START_WITHIN_MS;
      for (;;) {
        if (
          (await answers(
            `http://localhost:${backendPort}/.backstage/health/v1/readiness`,
          )) &&
          (packages.length > 0 ||
            (await answers(`http://localhost:${appPort}`)))
        ) {
          break;
        }
        if (exited || Date.now() > deadline) {
          throw new Error(
            `scripts/start did not bring the portal up (${
              exited ? 'it exited' : 'timed out'
            }); end of its output:\n${tail(log)}`,
          );
        }
        // Polling interval of a readiness probe.
        await new Promise(r => setTimeout(r, 1_000));
      }

      const before = tree(leadPid);
      const commands = before.map(p => commandLine(p.pid));
      // The tree holds what must stop: etcd, kube-apiserver, the portal's node processes.
      expect(commands.some(c => /\/etcd /.test(c))).toBe(true);
      expect(commands.some(c => /\/kube-apiserver /.test(c))).toBe(true);
      expect(commands.some(c => c.includes('backstage-cli'))).toBe(true);
      expect(carryingMarker(marker).length).toBeGreaterThanOrEqual(
        before.length,
      );
      const { dir: controlPlaneDir } = JSON.parse(
        readFileSync(stateFile, 'utf8'),
      ) as { dir: string };
      expect(existsSync(controlPlaneDir)).toBe(true);

      // A normal start logs no error. Its last step is the model entity provider's first
      // run, once the catalog has connected it (it logged an error when it ran before).
      while (!/Model entities: /.test(readFileSync(log, 'utf8'))) {
        if (exited || Date.now() > deadline) {
          throw new Error(
            `the model entity provider never ran; end of the output:\n${tail(
              log,
            )}`,
          );
        }
        await new Promise(r => setTimeout(r, 1_000));
      }
      const errors = errorLevelLines(log);
      // eslint-disable-next-line no-console
      console.log(
        `scripts/start: ${errors.length} error-level log lines at start`,
      );
      expect(errors).toEqual([]);

      const signalledAt = Date.now();
      process.kill(leadPid, signal);
      const gone = () =>
        !before.some(stillRunning) &&
        carryingMarker(marker).length === 0 &&
        !existsSync(controlPlaneDir) &&
        !existsSync(stateFile);
      while (!gone() && Date.now() - signalledAt < STOP_WITHIN_MS) {
        await new Promise(r => setTimeout(r, 100));
      }
      const stoppedAfterMs = Date.now() - signalledAt;
      // eslint-disable-next-line no-console
      console.log(
        `scripts/start: everything stopped ${stoppedAfterMs} ms after ${signal}`,
      );
      test.info().annotations.push({
        type: 'stopped after',
        description: `${stoppedAfterMs} ms`,
      });

      expect(
        before.filter(stillRunning).map(p => `${p.pid} ${commandLine(p.pid)}`),
      ).toEqual([]);
      expect(
        carryingMarker(marker).map(p => `${p.pid} ${commandLine(p.pid)}`),
      ).toEqual([]);
      expect(existsSync(controlPlaneDir)).toBe(false);
      expect(readdirSync(localDir)).toEqual([]);
    } finally {
      // Whatever the outcome, nothing of this second portal outlives the test.
      for (const p of carryingMarker(marker)) {
        try {
          process.kill(p.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
