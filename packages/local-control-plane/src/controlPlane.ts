import { ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import {
  AUDIT_POLICY,
  AuditedRequest,
  readAuditLog,
  recordSecretReads,
} from './audit';
import { ControlPlaneBinaries, resolveBinaries } from './binaries';
import { IDENTITIES, IDENTITY_NAMES, Identity } from './identities';
import { CertificateAndKey, createKubeletCa } from './kubeletTls';
import { applyManifestFiles, installCrds } from './manifests';
import { PACKAGE_ROOT, REPO_ROOT } from './paths';
import { StandInKubelet, startStandInKubelet } from './standInKubelet';

/** Options for {@link startControlPlane}. */
export interface StartControlPlaneOptions {
  /** Install the suite's CRDs and wait until they are Established. Default true. */
  crds?: boolean;
  /**
   * Bind the `backstage` identity to the suite's cluster-wide roles (the read-only
   * ClusterRole and the cluster-scope writer). Namespaces are opted in one by one
   * (`optInNamespaces`). Default true.
   */
  rbac?: boolean;
  /** Binaries to run; default {@link resolveBinaries}. */
  binaries?: ControlPlaneBinaries;
  /** Where the temporary folder goes; default the OS temp folder. */
  parentDir?: string;
  /**
   * Run kube-controller-manager and the stand-in kubelet. Default true; false leaves a bare
   * API server (no Job gets a pod), only to measure what the controllers cost
   * (`scripts/time-start.ts`).
   */
  controllers?: boolean;
}

/**
 * A running etcd + kube-apiserver + kube-controller-manager on loopback. The controller
 * manager runs the Job controller, the garbage collector and the TTL-after-finished
 * controller (see {@link CONTROLLERS}); no scheduler and no kubelet run: the stand-in
 * kubelet started with it plays Jobs' pods as their pod scripts say (`standInKubelet.ts`).
 */
export interface ControlPlane {
  /** `https://127.0.0.1:<port>` */
  readonly server: string;
  /** The API server's serving certificate, base64 PEM, as kubeconfig `certificate-authority-data`. */
  readonly caData: string;
  /** The temporary folder holding etcd's data, certificates, kubeconfigs and logs. */
  readonly dir: string;
  /**
   * The CA the API server trusts for kubelets (`--kubelet-certificate-authority`), with its
   * key, so that `startFakeKubelet` can serve pod logs the API server accepts.
   */
  readonly kubeletCa: CertificateAndKey;
  /** Bearer token of an identity. */
  token(identity: Identity): string;
  /** A kubeconfig file for an identity (written at start). */
  kubeconfigPath(identity: Identity): string;
  /** A loaded `KubeConfig` for an identity. */
  kubeConfig(identity?: Identity): KubeConfig;
  /** The API server's Prometheus metrics, read as admin. */
  metrics(): Promise<string>;
  /** Every request of Secrets so far, by whom, from the API server's audit log. */
  auditedSecretRequests(): AuditedRequest[];
  /** Stops the API server only (etcd keeps the data), for outage tests. */
  stopApiServer(): Promise<void>;
  /** Starts the API server again on the same port with the same data. */
  startApiServer(): Promise<void>;
  /**
   * The running API server's process id, e.g. to freeze it (SIGSTOP) as a hung or
   * partitioned server would be; undefined while it is stopped.
   */
  apiServerPid(): number | undefined;
  /** The controller manager's log so far, e.g. to tell what a controller did. */
  controllerManagerLog(): string;
  /** Stops both processes and removes the folder. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * The controllers kube-controller-manager runs here: what Jobs need on any cluster (pods
 * created and counted, owners' deletes cascaded, finished Jobs removed after
 * `ttlSecondsAfterFinished`). The service account token controller is left out: nothing here
 * mounts tokens, and without it no signing key is needed.
 */
export const CONTROLLERS = ['job', 'garbagecollector', 'ttl-after-finished'];

/**
 * `ttlSecondsAfterFinished` is alpha in 1.20 (on by default from 1.21): without the gate the
 * API server drops the field hf-operator sets on every Job, and the controller does not run.
 */
const FEATURE_GATES = '--feature-gates=TTLAfterFinished=true';

const REPO_MANIFESTS = resolve(REPO_ROOT, 'manifests');
const CRD_DIR = resolve(PACKAGE_ROOT, 'crds');
const WATCHDOG = resolve(PACKAGE_ROOT, 'scripts/watchdog.sh');

/** A loopback TCP port nothing listens on at the time of asking. */
export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const server = createServer();
    server.unref();
    server.on('error', rej);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? res(address.port)
          : rej(new Error('no port')),
      );
    });
  });
}

function get(
  url: string,
  options: {
    ca?: string;
    token?: string;
    timeoutMs?: number;
    /** Accept any certificate: a health probe of a server's self-signed one. */
    insecure?: boolean;
  } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((res, rej) => {
    const requester = url.startsWith('https:') ? httpsRequest : httpRequest;
    const req = requester(
      url,
      {
        ca: options.ca,
        rejectUnauthorized: !options.insecure,
        headers: options.token
          ? { Authorization: `Bearer ${options.token}` }
          : {},
        timeout: options.timeoutMs ?? 2000,
      },
      response => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', chunk => {
          body += chunk;
        });
        response.on('end', () =>
          res({ status: response.statusCode ?? 0, body }),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', rej);
    req.end();
  });
}

async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  logFile: string,
  child?: ChildProcess,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) {
      break;
    }
    try {
      if (await check()) return;
    } catch (e) {
      lastError = String(e);
    }
    await new Promise(r => setTimeout(r, 100));
  }
  let tail = '';
  try {
    tail = readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n');
  } catch {
    // no log yet
  }
  throw new Error(
    `${what} did not become ready${
      lastError ? ` (last error: ${lastError})` : ''
    }; end of ${logFile}:\n${tail}`,
  );
}

function kill(child: ChildProcess | undefined, signal: NodeJS.Signals) {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  try {
    // Each process leads its own group, so helpers it forks go too.
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/**
 * SIGKILL, not SIGTERM: the data is thrown away anyway, and kube-apiserver 1.20 takes
 * seconds to drain on SIGTERM, which every test file would pay for.
 */
async function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise<void>(r => child.once('exit', () => r()));
  kill(child, 'SIGKILL');
  await exited;
}

function writeKubeconfig(
  path: string,
  server: string,
  caData: string,
  user: string,
  token: string,
) {
  const cfg = new KubeConfig();
  cfg.loadFromOptions({
    clusters: [{ name: 'local', server, caData, skipTLSVerify: false }],
    users: [{ name: user, token }],
    contexts: [{ name: user, cluster: 'local', user }],
    currentContext: user,
  });
  writeFileSync(path, cfg.exportConfig(), { mode: 0o600 });
}

/**
 * Starts etcd and kube-apiserver on free loopback ports in a new temporary folder, with
 * token auth for {@link IDENTITIES}, RBAC on, and (by default) the suite's CRDs installed.
 *
 * Every call gets its own processes and folder, so test files can run side by side.
 * A watchdog stops the processes and removes the folder if the caller dies without
 * calling `stop()`.
 */
export async function startControlPlane(
  options: StartControlPlaneOptions = {},
): Promise<ControlPlane> {
  const binaries = options.binaries ?? resolveBinaries();
  const dir = mkdtempSync(
    join(options.parentDir ?? tmpdir(), 'md-control-plane-'),
  );
  mkdirSync(join(dir, 'pids'));
  mkdirSync(join(dir, 'certs'));

  const watchdog = spawn(WATCHDOG, [String(process.pid), dir], {
    detached: true,
    stdio: 'ignore',
  });
  watchdog.unref();

  let etcd: ChildProcess | undefined;
  let apiServer: ChildProcess | undefined;
  let controllerManager: ChildProcess | undefined;
  let kubelet: StandInKubelet | undefined;
  let stopped = false;

  // Last resort for an orderly exit that skipped stop(): synchronous, as 'exit' requires.
  const onExit = () => {
    kill(controllerManager, 'SIGKILL');
    kill(apiServer, 'SIGKILL');
    kill(etcd, 'SIGKILL');
    recordSecretReads(join(dir, 'audit.log'), dir);
    rmSync(dir, { recursive: true, force: true });
  };
  process.on('exit', onExit);

  const tokens = Object.fromEntries(
    IDENTITY_NAMES.map(id => [id, randomBytes(24).toString('hex')]),
  ) as Record<Identity, string>;

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', onExit);
    kubelet?.stop();
    await stopProcess(controllerManager);
    await stopProcess(apiServer);
    await stopProcess(etcd);
    recordSecretReads(join(dir, 'audit.log'), dir);
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    const [etcdPort, peerPort, apiPort, controllerManagerPort] =
      await Promise.all([freePort(), freePort(), freePort(), freePort()]);

    const etcdLog = join(dir, 'etcd.log');
    etcd = spawn(
      binaries.etcd,
      [
        '--data-dir',
        join(dir, 'etcd'),
        '--listen-client-urls',
        `http://127.0.0.1:${etcdPort}`,
        '--advertise-client-urls',
        `http://127.0.0.1:${etcdPort}`,
        '--listen-peer-urls',
        `http://127.0.0.1:${peerPort}`,
        '--initial-advertise-peer-urls',
        `http://127.0.0.1:${peerPort}`,
        '--initial-cluster',
        `default=http://127.0.0.1:${peerPort}`,
        '--unsafe-no-fsync',
      ],
      {
        detached: true,
        stdio: ['ignore', openSync(etcdLog, 'a'), openSync(etcdLog, 'a')],
      },
    );
    writeFileSync(join(dir, 'pids', 'etcd'), String(etcd.pid));
    await waitFor(
      'etcd',
      async () =>
        (await get(`http://127.0.0.1:${etcdPort}/health`)).status === 200,
      20_000,
      etcdLog,
      etcd,
    );

    const { publicKey, privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
    });
    writeFileSync(
      join(dir, 'sa.pub'),
      publicKey.export({ type: 'spki', format: 'pem' }),
    );
    writeFileSync(
      join(dir, 'sa.key'),
      privateKey.export({ type: 'pkcs8', format: 'pem' }),
    );
    writeFileSync(
      join(dir, 'tokens.csv'),
      IDENTITY_NAMES.map(
        id =>
          `${tokens[id]},${IDENTITIES[id].user},${id}-uid,"${IDENTITIES[
            id
          ].groups.join(',')}"`,
      ).join('\n'),
      { mode: 0o600 },
    );

    writeFileSync(join(dir, 'audit-policy.yaml'), AUDIT_POLICY);

    const kubeletCa = await createKubeletCa();
    writeFileSync(join(dir, 'kubelet-ca.crt'), kubeletCa.cert);

    const apiLog = join(dir, 'kube-apiserver.log');
    const controllerManagerLog = join(dir, 'kube-controller-manager.log');
    const apiArgs = [
      `--etcd-servers=http://127.0.0.1:${etcdPort}`,
      `--secure-port=${apiPort}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--cert-dir=${join(dir, 'certs')}`,
      `--token-auth-file=${join(dir, 'tokens.csv')}`,
      '--authorization-mode=RBAC',
      `--service-account-key-file=${join(dir, 'sa.pub')}`,
      `--service-account-signing-key-file=${join(dir, 'sa.key')}`,
      '--service-account-issuer=https://kubernetes.default.svc',
      '--service-cluster-ip-range=10.0.0.0/24',
      '--disable-admission-plugins=ServiceAccount',
      '--allow-privileged=true',
      // Who asks for Secrets: the tests tell the portal's identity from the control plane's.
      `--audit-policy-file=${join(dir, 'audit-policy.yaml')}`,
      `--audit-log-path=${join(dir, 'audit.log')}`,
      // Pod logs are proxied to the Node's kubelet endpoint, verified like a real kubelet.
      `--kubelet-certificate-authority=${join(dir, 'kubelet-ca.crt')}`,
      FEATURE_GATES,
    ];
    const server = `https://127.0.0.1:${apiPort}`;
    let ca = '';

    const startApiServer = async () => {
      apiServer = spawn(binaries.kubeApiserver, apiArgs, {
        detached: true,
        stdio: ['ignore', openSync(apiLog, 'a'), openSync(apiLog, 'a')],
      });
      writeFileSync(join(dir, 'pids', 'kube-apiserver'), String(apiServer.pid));
      await waitFor(
        'kube-apiserver',
        async () => {
          if (!ca) {
            // Written by the API server itself at start (self-signed for 127.0.0.1).
            ca = readFileSync(join(dir, 'certs', 'apiserver.crt'), 'utf8');
          }
          const r = await get(`${server}/readyz`, {
            ca,
            token: tokens.admin,
          });
          return r.status === 200;
        },
        60_000,
        apiLog,
        apiServer,
      );
    };
    await startApiServer();
    const caData = Buffer.from(ca).toString('base64');

    for (const id of IDENTITY_NAMES) {
      writeKubeconfig(
        join(dir, `kubeconfig-${id}.yaml`),
        server,
        caData,
        IDENTITIES[id].user,
        tokens[id],
      );
    }

    const controlPlane: ControlPlane = {
      server,
      caData,
      dir,
      kubeletCa,
      token: id => tokens[id],
      kubeconfigPath: id => join(dir, `kubeconfig-${id}.yaml`),
      kubeConfig: (id = 'admin') => {
        const kc = new KubeConfig();
        kc.loadFromFile(join(dir, `kubeconfig-${id}.yaml`));
        return kc;
      },
      metrics: async () => {
        // An API server swamped by a load test answers late, but answers.
        const r = await get(`${server}/metrics`, {
          ca,
          token: tokens.admin,
          timeoutMs: 60_000,
        });
        if (r.status !== 200) {
          throw new Error(`GET /metrics answered ${r.status}`);
        }
        return r.body;
      },
      auditedSecretRequests: () => readAuditLog(join(dir, 'audit.log')),
      stopApiServer: () => stopProcess(apiServer),
      controllerManagerLog: () => readFileSync(controllerManagerLog, 'utf8'),
      startApiServer,
      apiServerPid: () =>
        apiServer &&
        apiServer.exitCode === null &&
        apiServer.signalCode === null
          ? apiServer.pid
          : undefined,
      stop,
    };

    const admin = controlPlane.kubeConfig('admin');
    await applyManifestFiles(admin, [
      join(PACKAGE_ROOT, 'rbac', 'controller-manager.yaml'),
      join(PACKAGE_ROOT, 'rbac', 'hf-operator.yaml'),
    ]);
    if (options.crds ?? true) {
      await installCrds(admin, CRD_DIR);
    }
    const rbacApplied =
      options.rbac ?? true
        ? applyManifestFiles(admin, [
            join(REPO_MANIFESTS, 'rbac', 'model-delivery-clusterrole.yaml'),
            join(REPO_MANIFESTS, 'rbac', 'model-delivery-cluster-writer.yaml'),
            join(PACKAGE_ROOT, 'rbac', 'local-bindings.yaml'),
          ])
        : Promise.resolve();
    if (options.controllers === false) {
      await rbacApplied;
      return controlPlane;
    }
    // Started once the CRDs are served: the garbage collector watches the kinds discovery
    // lists at its start, and finds later ones only at its next resync (every 30 s).
    mkdirSync(join(dir, 'controller-manager-certs'));
    controllerManager = spawn(
      binaries.kubeControllerManager,
      [
        `--kubeconfig=${controlPlane.kubeconfigPath('controller-manager')}`,
        `--controllers=${CONTROLLERS.join(',')}`,
        FEATURE_GATES,
        // One controller manager per control plane: nothing to elect.
        '--leader-elect=false',
        // Its own free port, so that control planes side by side do not collide on 10257.
        '--port=0',
        `--secure-port=${controllerManagerPort}`,
        '--bind-address=127.0.0.1',
        `--cert-dir=${join(dir, 'controller-manager-certs')}`,
      ],
      {
        detached: true,
        stdio: [
          'ignore',
          openSync(controllerManagerLog, 'a'),
          openSync(controllerManagerLog, 'a'),
        ],
      },
    );
    writeFileSync(
      join(dir, 'pids', 'kube-controller-manager'),
      String(controllerManager.pid),
    );
    await Promise.all([
      rbacApplied,
      waitFor(
        'kube-controller-manager',
        async () =>
          (
            await get(`https://127.0.0.1:${controllerManagerPort}/healthz`, {
              insecure: true,
            })
          ).status === 200,
        60_000,
        controllerManagerLog,
        controllerManager,
      ),
    ]);
    kubelet = startStandInKubelet(admin);
    return controlPlane;
  } catch (e) {
    await stop();
    throw e;
  }
}
