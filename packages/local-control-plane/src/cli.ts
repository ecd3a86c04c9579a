/*
 * local-control-plane up [--seed] [--app-config <file>] [--state <file>] [-- <command...>]
 * local-control-plane secret-reads <run log>
 *
 * Starts a control plane, installs the suite's CRDs and RBAC, optionally seeds the sample
 * resources, writes a Backstage app-config fragment pointing `kubernetes.clusterLocatorMethods`
 * at it, then runs <command> (or waits for Ctrl-C) and stops everything afterwards.
 *
 * This process owns all it starts: <command> runs in a process group of its own, so a
 * SIGINT or SIGTERM to this process alone (a supervisor, `kill <pid>`) stops the command's
 * whole tree, not just its first process, exactly as a terminal's Ctrl-C does.
 */
import { spawn } from 'node:child_process';
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, resolve } from 'node:path';
import { stringify } from 'yaml';
import { sumSecretReads } from './audit';
import { startControlPlane } from './controlPlane';
import { IDENTITIES, IDENTITY_NAMES } from './identities';
import { clusterConfig, kubernetesConfig } from './kubernetesConfig';
import { seedSamples } from './samples';
import { seedKubelet } from './seedKubelet';
import { FakeKubelet } from './fakeKubelet';
import { startFakeHuggingFaceHub } from './fakeHuggingFaceHub';

interface Args {
  seed: boolean;
  appConfig?: string;
  state?: string;
  command: string[];
}

function parseArgs(argv: string[]): Args {
  const [verb, ...rest] = argv;
  if (verb !== 'up') {
    throw new Error(
      'usage: local-control-plane up [--seed] [--app-config <file>] [--state <file>] [-- <command...>]',
    );
  }
  const args: Args = { seed: false, command: [] };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--') {
      args.command = rest.slice(i + 1);
      break;
    } else if (a === '--seed') args.seed = true;
    else if (a === '--app-config') args.appConfig = resolve(rest[++i]);
    else if (a === '--state') args.state = resolve(rest[++i]);
    else throw new Error(`unknown option ${a}`);
  }
  return args;
}

function write(file: string, text: string) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text, { mode: 0o600 });
}

/**
 * `secret-reads <run log>`: over a whole test run (scripts/test keeps the log, see
 * SECRET_READS_LOG_ENV), the Secret LISTs and WATCHes across every namespace that each
 * identity made, from every control plane's audit log. Fails if the portal's identity made
 * any, or if no control plane recorded anything (the count would prove nothing).
 */
function checkSecretReads(runLog: string | undefined): number {
  if (!runLog)
    throw new Error('usage: local-control-plane secret-reads <run log>');
  const { controlPlanes, byUser } = sumSecretReads(runLog);
  process.stdout.write(
    `Secret LISTs and WATCHes across the cluster, over ${controlPlanes} control planes: ${JSON.stringify(
      byUser,
    )}\n`,
  );
  if (controlPlanes === 0) {
    process.stderr.write(`No control plane recorded its reads in ${runLog}\n`);
    return 1;
  }
  const portal = byUser[IDENTITIES.backstage.user];
  if (portal) {
    process.stderr.write(
      `The portal's identity listed or watched Secrets across the cluster: ${JSON.stringify(
        portal,
      )}\n`,
    );
    return 1;
  }
  return 0;
}

async function main() {
  if (process.argv[2] === 'secret-reads') {
    process.exit(checkSecretReads(process.argv[3]));
  }
  const args = parseArgs(process.argv.slice(2));
  const log = (m: string) =>
    process.stderr.write(`[local-control-plane] ${m}\n`);

  // Caught from the start: Node's default for these signals would exit without stopping
  // the control plane, leaving it to the watchdog and the app-config fragment behind.
  let stopSignal: NodeJS.Signals | undefined;
  const stopRequested = new Promise<NodeJS.Signals>(res => {
    const onSignal = (signal: NodeJS.Signals) => {
      stopSignal ??= signal;
      res(stopSignal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });

  const cp = await startControlPlane();
  let kubelet: FakeKubelet | undefined;
  // The Hub is not reachable from here: the portal's forms and preflight ask this one.
  const hub = await startFakeHuggingFaceHub();
  const cleanup = async () => {
    await hub.stop();
    await kubelet?.stop();
    await cp.stop();
    if (args.appConfig) rmSync(args.appConfig, { force: true });
    if (args.state) rmSync(args.state, { force: true });
  };
  log(`kube-apiserver ready at ${cp.server} (data in ${cp.dir})`);
  log(`stand-in Hugging Face Hub at ${hub.url}`);

  if (args.seed) {
    const seeded = await seedSamples(cp.kubeConfig('admin'));
    log(`seeded ${seeded} sample objects`);
    kubelet = await seedKubelet(cp);
    log(`serving the sample pods' logs as the kubelet on port ${kubelet.port}`);
  }

  if (args.appConfig) {
    write(
      args.appConfig,
      `# Written by local-control-plane at start; removed at stop. Do not commit.\n${stringify(
        {
          kubernetes: kubernetesConfig([
            { ...clusterConfig(cp, 'local'), title: 'Local control plane' },
          ]),
          modelDelivery: { huggingFace: { endpoint: hub.url } },
        },
      )}`,
    );
    log(`wrote ${args.appConfig}`);
  }
  if (args.state) {
    write(
      args.state,
      JSON.stringify(
        {
          server: cp.server,
          caData: cp.caData,
          dir: cp.dir,
          kubeconfigs: Object.fromEntries(
            IDENTITY_NAMES.map(id => [id, cp.kubeconfigPath(id)]),
          ),
        },
        null,
        2,
      ),
    );
  }
  log(`kubeconfig for the admin: ${cp.kubeconfigPath('admin')}`);

  let exitCode = 0;
  if (stopSignal) {
    // Asked to stop while starting: nothing of the command runs yet.
    exitCode = 1;
  } else if (args.command.length > 0) {
    exitCode = await runCommandGroup(args.command, stopRequested, log);
  } else {
    log('running; Ctrl-C stops it');
    await stopRequested;
  }
  await cleanup();
  process.exit(exitCode);
}

/** How long the command's group gets to exit on its own before it is killed. */
const GROUP_GRACE_MS = 5_000;

/**
 * Whether a process of the group still runs. Zombies do not count: orphans of the group
 * wait for whoever adopted them to reap them, and signalling them changes nothing.
 */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch {
    return false;
  }
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter(name => /^\d+$/.test(name));
  } catch {
    return true; // no /proc: the signal test above is all there is
  }
  return pids.some(pid => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // pid (comm) state ppid pgrp ...; comm may hold spaces and parentheses.
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return Number(pgrp) === pgid && state !== 'Z';
    } catch {
      return false; // exited meanwhile
    }
  });
}

function signalGroup(pgid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pgid, signal);
  } catch {
    // the group is gone
  }
}

/**
 * Runs the command as the leader of a new process group and, once it exits or a stop is
 * asked for, makes sure nothing of that group outlives it: the group gets the signal
 * (SIGTERM if the command exited by itself, so stragglers go too), then SIGKILL after
 * {@link GROUP_GRACE_MS}. The portal's backend and frontend each run a few processes deep
 * (yarn, backstage-cli, node), and not every layer passes a signal on.
 *
 * stdin stays closed: a process group that is not the terminal's foreground group would be
 * stopped (SIGTTIN) by reading it.
 */
async function runCommandGroup(
  command: string[],
  stopRequested: Promise<NodeJS.Signals>,
  log: (m: string) => void,
): Promise<number> {
  const child = spawn(command[0], command.slice(1), {
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
  });
  const pgid = child.pid;
  const exited = new Promise<number>(res => {
    child.on('exit', (code, signal) => res(code ?? (signal ? 1 : 0)));
    child.on('error', e => {
      log(`could not run ${command[0]}: ${e.message}`);
      res(127);
    });
  });
  if (pgid === undefined) return exited;

  const first = await Promise.race([
    exited.then(code => ({ code })),
    stopRequested.then(signal => ({ signal })),
  ]);
  const signal = 'signal' in first ? first.signal : 'SIGTERM';
  signalGroup(pgid, signal);
  const deadline = Date.now() + GROUP_GRACE_MS;
  // A second Ctrl-C means now.
  const again = new Promise<void>(res => process.once(signal, () => res()));
  let hurry = false;
  again.then(() => {
    hurry = true;
  });
  while (groupAlive(pgid) && Date.now() < deadline && !hurry) {
    await new Promise(r => setTimeout(r, 100));
  }
  if (groupAlive(pgid)) {
    log(`${command[0]} did not stop in time; killing it`);
    signalGroup(pgid, 'SIGKILL');
  }
  return 'code' in first ? first.code : 0;
}

main().catch(e => {
  process.stderr.write(
    `[local-control-plane] ${e instanceof Error ? e.message : e}\n`,
  );
  process.exit(1);
});
