/*
 * local-control-plane up [--seed] [--app-config <file>] [--state <file>] [-- <command...>]
 *
 * Starts a control plane, installs the suite's CRDs and RBAC, optionally seeds the sample
 * resources, writes a Backstage app-config fragment pointing `kubernetes.clusterLocatorMethods`
 * at it, then runs <command> (or waits for Ctrl-C) and stops everything afterwards.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { stringify } from 'yaml';
import { startControlPlane } from './controlPlane';
import { IDENTITY_NAMES } from './identities';
import { seedSamples } from './samples';

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

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const log = (m: string) =>
    process.stderr.write(`[local-control-plane] ${m}\n`);

  const cp = await startControlPlane();
  const cleanup = async () => {
    await cp.stop();
    if (args.appConfig) rmSync(args.appConfig, { force: true });
    if (args.state) rmSync(args.state, { force: true });
  };
  log(`kube-apiserver ready at ${cp.server} (data in ${cp.dir})`);

  if (args.seed) {
    const seeded = await seedSamples(cp.kubeConfig('admin'));
    log(`seeded ${seeded} sample objects`);
  }

  if (args.appConfig) {
    write(
      args.appConfig,
      `# Written by local-control-plane at start; removed at stop. Do not commit.\n${stringify(
        {
          kubernetes: {
            serviceLocatorMethod: { type: 'multiTenant' },
            clusterLocatorMethods: [
              {
                type: 'config',
                clusters: [
                  {
                    name: 'local',
                    title: 'Local control plane',
                    url: cp.server,
                    authProvider: 'serviceAccount',
                    serviceAccountToken: cp.token('backstage'),
                    caData: cp.caData,
                  },
                ],
              },
            ],
          },
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
  if (args.command.length > 0) {
    const child = spawn(args.command[0], args.command.slice(1), {
      stdio: 'inherit',
    });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    exitCode = await new Promise<number>(res =>
      child.on('exit', (code, signal) => res(code ?? (signal ? 1 : 0))),
    );
  } else {
    log('running; Ctrl-C stops it');
    await new Promise<void>(res => {
      process.once('SIGINT', () => res());
      process.once('SIGTERM', () => res());
    });
  }
  await cleanup();
  process.exit(exitCode);
}

main().catch(e => {
  process.stderr.write(
    `[local-control-plane] ${e instanceof Error ? e.message : e}\n`,
  );
  process.exit(1);
});
