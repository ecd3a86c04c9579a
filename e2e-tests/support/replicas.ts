import { ChildProcess, spawn } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
} from 'node:fs';
import { dirname, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import knexFactory, { Knex } from 'knex';
import { freePort } from '@internal/local-control-plane';
import { CONTROL_PLANE_STATE_FILE } from './controlPlane';
import { REPO_ROOT } from './paths';

/**
 * The portal's backend as two more processes, replicas on one PostgreSQL database, next
 * to the portal Playwright starts: same code, same catalog files, same cluster (the
 * portal's local control plane), each on its own loopback port. PostgreSQL comes from
 * the environment `scripts/lib/postgres.sh` sets up (scripts/test starts one per run).
 */

const BACKEND_DIR = resolve(REPO_ROOT, 'packages', 'backend');
/** The cluster fragment `scripts/start` writes next to the control plane's state file. */
const CLUSTER_CONFIG = resolve(
  dirname(CONTROL_PLANE_STATE_FILE),
  'app-config.local-cluster.yaml',
);
const READY_TIMEOUT_MS = 240_000;
const STOP_TIMEOUT_MS = 20_000;

export interface Replica {
  name: string;
  /** `http://localhost:<port>`, the replica's `backend.baseUrl`. */
  url: string;
  process: ChildProcess;
  /** Where its output goes. */
  log: string;
}

export interface PostgresConnection {
  host: string;
  port: number;
  user: string;
  password: string;
}

/** The PostgreSQL `scripts/lib/postgres.sh` started, or an error saying how to get one. */
export function postgresFromEnv(): PostgresConnection {
  const env = process.env;
  if (
    !env.MODEL_DELIVERY_POSTGRES_HOST ||
    !env.MODEL_DELIVERY_POSTGRES_PORT ||
    !env.MODEL_DELIVERY_POSTGRES_USER ||
    env.MODEL_DELIVERY_POSTGRES_PASSWORD === undefined
  ) {
    throw new Error(
      'The two-replica test needs PostgreSQL: run it through scripts/test, `yarn test:e2e`, ' +
        'or `scripts/lib/postgres.sh yarn playwright test e2e-tests/replicas.spec.ts` ' +
        '(each starts a throwaway server and sets MODEL_DELIVERY_POSTGRES_*)',
    );
  }
  return {
    host: env.MODEL_DELIVERY_POSTGRES_HOST,
    port: Number(env.MODEL_DELIVERY_POSTGRES_PORT),
    user: env.MODEL_DELIVERY_POSTGRES_USER,
    password: env.MODEL_DELIVERY_POSTGRES_PASSWORD,
  };
}

/** A client of one database of the server (`postgres` for server-wide statements). */
export function connect(pg: PostgresConnection, database: string): Knex {
  return knexFactory({
    client: 'pg',
    connection: { ...pg, database },
    pool: { min: 0, max: 1 },
  });
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no output)';
  }
}

async function waitUntilReady(replica: Replica): Promise<void> {
  const probe = `${replica.url}/.backstage/health/v1/readiness`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (exited(replica.process)) {
      throw new Error(
        `Replica ${replica.name} exited before it was ready; its last output (${
          replica.log
        }):\n${tail(replica.log)}`,
      );
    }
    try {
      const res = await fetch(probe, { signal: AbortSignal.timeout(5_000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Replica ${replica.name} not ready at ${probe} after ${
          READY_TIMEOUT_MS / 1000
        } s; its last output (${replica.log}):\n${tail(replica.log)}`,
      );
    }
    // Polling interval of a readiness probe, not a wait for correctness.
    await new Promise(r => setTimeout(r, 500));
  }
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (exited(child)) return;
  const gone = new Promise<void>(res => child.once('exit', () => res()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await gone;
  clearTimeout(timer);
}

export interface Replicas {
  a: Replica;
  b: Replica;
  pg: PostgresConnection;
  /** Each plugin's database is `<databasePrefix><pluginId>`, this run's alone. */
  databasePrefix: string;
  /** Stops both processes and drops this run's databases. */
  stop(): Promise<void>;
}

/**
 * Starts replicas A and B, one after the other: on a new database each plugin creates
 * its tables on start, and two processes doing that at once collide (knex's migration
 * table is created without a lock). Production has the same rule (docs/production.md).
 */
export async function startReplicas(options: {
  /** Folder for the replicas' logs (the test's output folder). */
  logDir: string;
  /** Extra environment for both, e.g. APP_CONFIG_… overrides. */
  env?: Record<string, string>;
}): Promise<Replicas> {
  const pg = postgresFromEnv();
  if (!existsSync(CLUSTER_CONFIG)) {
    throw new Error(
      `No ${CLUSTER_CONFIG}: the replicas join the cluster of the portal scripts/start runs`,
    );
  }
  mkdirSync(options.logDir, { recursive: true });
  const databasePrefix = `replicas_${randomBytes(4).toString('hex')}_`;
  const children: ChildProcess[] = [];
  // A test run cut short (Ctrl-C) must not leave backends behind.
  const killAll = () => children.forEach(c => exited(c) || c.kill('SIGKILL'));
  process.once('exit', killAll);

  const start = async (name: string): Promise<Replica> => {
    const port = await freePort();
    const log = resolve(options.logDir, `replica-${name}.log`);
    const out = createWriteStream(log);
    // What `yarn start` runs for the backend, minus its file watcher.
    const child = spawn(
      process.execPath,
      [
        '--enable-source-maps',
        '--require',
        require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
        'src/index',
        '--config',
        resolve(REPO_ROOT, 'app-config.yaml'),
        '--config',
        CLUSTER_CONFIG,
        // The app the browser loads is the portal's, on :7007: the replicas accept its origin.
        '--config',
        resolve(REPO_ROOT, 'e2e-tests', 'app-config.built-app.yaml'),
        '--config',
        resolve(REPO_ROOT, 'app-config.replicas.yaml'),
      ],
      {
        cwd: BACKEND_DIR,
        env: {
          ...process.env,
          NODE_ENV: 'development',
          REPLICA_PORT: String(port),
          REPLICA_DATABASE_PREFIX: databasePrefix,
          ...options.env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout!.pipe(out);
    child.stderr!.pipe(out);
    children.push(child);
    const replica = {
      name,
      url: `http://localhost:${port}`,
      process: child,
      log,
    };
    await waitUntilReady(replica);
    return replica;
  };

  const stop = async () => {
    await Promise.all(children.map(stopProcess));
    process.removeListener('exit', killAll);
    const server = connect(pg, 'postgres');
    try {
      const rows: { datname: string }[] = await server('pg_database')
        .where('datname', 'like', `${databasePrefix}%`)
        .select('datname');
      for (const { datname } of rows) {
        await server.raw('drop database if exists ??', [datname]);
      }
    } finally {
      await server.destroy();
    }
  };

  try {
    const a = await start('A');
    const b = await start('B');
    return { a, b, pg, databasePrefix, stop };
  } catch (error) {
    await stop().catch(() => {});
    throw error;
  }
}

/** Resident memory of a process, in MiB, from /proc. */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]);
  return Math.round(kb / 1024);
}
