import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import {
  SECRET_READS_LOG_ENV,
  clusterWideSecretReadsByUser,
  sumSecretReads,
} from './audit';
import { ControlPlane, startControlPlane } from './controlPlane';
import { optInNamespaces } from './optIn';

jest.setTimeout(120_000);

const modelDownload = (name: string, spec: Record<string, unknown>) => ({
  apiVersion: 'hfops.kamal.dev/v1alpha1',
  kind: 'ModelDownload',
  metadata: { name, namespace: 'default' },
  spec,
});

const validSpec = {
  models: [{ name: 'google/gemma-2b' }],
  storagePVC: 'models',
  hfTokenRef: { name: 'hf-token', key: 'token' },
};

/** Process ids of etcd / kube-apiserver started with a flag pointing into `dir`. */
function processesUsing(dir: string): number[] {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter(line => /kube-apiserver|etcd/.test(line) && line.includes(dir))
    .map(line => Number(line.trim().split(/\s+/)[0]));
}

async function until(check: () => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise(r => setTimeout(r, 200));
  }
  return true;
}

function statusCode(e: unknown): number | undefined {
  return (e as { code?: number }).code;
}

describe('startControlPlane', () => {
  let cp: ControlPlane;

  beforeAll(async () => {
    cp = await startControlPlane();
  });

  afterAll(async () => {
    await cp?.stop();
  });

  it('installs the suite CRDs, served and Established', async () => {
    const crds = cp.kubeConfig('admin').makeApiClient(CustomObjectsApi);
    for (const plural of ['modeldownloads', 'gemmaontpuservers']) {
      const group = plural === 'modeldownloads' ? 'hfops.kamal.dev' : 'kro.run';
      const list = await crds.listNamespacedCustomObject({
        group,
        version: 'v1alpha1',
        namespace: 'default',
        plural,
      });
      expect(list.items).toEqual([]);
    }
    const lmc = await crds.listClusterCustomObject({
      group: 'serving.kserve.io',
      version: 'v1alpha1',
      plural: 'localmodelcaches',
    });
    expect(lmc.items).toEqual([]);
  });

  it('lets the admin create a ModelDownload', async () => {
    const api = cp.kubeConfig('admin').makeApiClient(CustomObjectsApi);
    const created = await api.createNamespacedCustomObject({
      group: 'hfops.kamal.dev',
      version: 'v1alpha1',
      namespace: 'default',
      plural: 'modeldownloads',
      body: modelDownload('by-admin', validSpec),
    });
    expect(created.metadata.uid).toBeTruthy();
    expect(created.spec.models).toEqual([{ name: 'google/gemma-2b' }]);
  });

  it('answers 403 to the unprivileged identity', async () => {
    const api = cp.kubeConfig('developer').makeApiClient(CustomObjectsApi);
    const attempt = api.createNamespacedCustomObject({
      group: 'hfops.kamal.dev',
      version: 'v1alpha1',
      namespace: 'default',
      plural: 'modeldownloads',
      body: modelDownload('by-developer', validSpec),
    });
    await expect(attempt).rejects.toMatchObject({ code: 403 });
    const core = cp.kubeConfig('developer').makeApiClient(CoreV1Api);
    const denied = await core
      .listNamespacedSecret({ namespace: 'default' })
      .catch(statusCode);
    expect(denied).toBe(403);
  });

  it('answers 422 to a ModelDownload missing storagePVC', async () => {
    const api = cp.kubeConfig('admin').makeApiClient(CustomObjectsApi);
    const { storagePVC: _omitted, ...withoutPvc } = validSpec;
    const error = await api
      .createNamespacedCustomObject({
        group: 'hfops.kamal.dev',
        version: 'v1alpha1',
        namespace: 'default',
        plural: 'modeldownloads',
        body: modelDownload('no-pvc', withoutPvc),
      })
      .catch(e => e);
    expect(error.code).toBe(422);
    expect(String(error.body)).toContain('spec.storagePVC: Required value');
  });

  it('gives the backstage identity the two-part RBAC of manifests/rbac: reads everywhere, writes and Secrets only in opted-in namespaces', async () => {
    const admin = cp.kubeConfig('admin');
    const core = (id: 'admin' | 'backstage') =>
      cp.kubeConfig(id).makeApiClient(CoreV1Api);
    for (const name of ['opted-in', 'left-out']) {
      await core('admin').createNamespace({ body: { metadata: { name } } });
    }
    await optInNamespaces(admin, ['opted-in']);
    const crs = cp.kubeConfig('backstage').makeApiClient(CustomObjectsApi);
    const create = (namespace: string, name: string) =>
      crs.createNamespacedCustomObject({
        group: 'hfops.kamal.dev',
        version: 'v1alpha1',
        namespace,
        plural: 'modeldownloads',
        body: {
          ...modelDownload(name, validSpec),
          metadata: { name, namespace },
        },
      });
    const backstage = core('backstage');

    // Part 1, everywhere: the watched kinds, cluster-wide, read only.
    const list = await crs.listClusterCustomObject({
      group: 'hfops.kamal.dev',
      version: 'v1alpha1',
      plural: 'modeldownloads',
    });
    expect(list.items.map((i: any) => i.metadata.name)).toContain('by-admin');
    // No Secret cluster-wide, ever.
    expect(await backstage.listSecretForAllNamespaces().catch(statusCode)).toBe(
      403,
    );
    // The audit log names who asked; a refused request read nothing and is not a read.
    const audited = cp.auditedSecretRequests();
    expect(audited).toContainEqual(
      expect.objectContaining({ user: 'backstage', verb: 'list', code: 403 }),
    );
    expect(clusterWideSecretReadsByUser(audited).backstage).toBeUndefined();

    // A namespace left out: no write, no Secret.
    expect(await create('left-out', 'refused').catch(statusCode)).toBe(403);
    expect(
      await backstage
        .listNamespacedSecret({ namespace: 'left-out' })
        .catch(statusCode),
    ).toBe(403);
    expect(
      await backstage
        .createNamespacedSecret({
          namespace: 'left-out',
          body: { metadata: { name: 'hf-token' }, stringData: { token: 'x' } },
        })
        .catch(statusCode),
    ).toBe(403);

    // Part 2, in the namespace opted in: writes and Secrets, but never a Secret's delete.
    expect((await create('opted-in', 'allowed')).metadata.name).toBe('allowed');
    await backstage.createNamespacedSecret({
      namespace: 'opted-in',
      body: { metadata: { name: 'hf-token' }, stringData: { token: 'x' } },
    });
    expect(
      (await backstage.listNamespacedSecret({ namespace: 'opted-in' })).items,
    ).toHaveLength(1);
    expect(
      await backstage
        .deleteNamespacedSecret({ name: 'hf-token', namespace: 'opted-in' })
        .catch(statusCode),
    ).toBe(403);
  });
});

describe('stopping', () => {
  it('leaves no process and no folder behind', async () => {
    const cp = await startControlPlane({ crds: false });
    expect(processesUsing(cp.dir)).toHaveLength(2);
    await cp.stop();
    expect(processesUsing(cp.dir)).toEqual([]);
    expect(existsSync(cp.dir)).toBe(false);
  });

  it("appends its cluster-wide Secret reads, by identity, to the run's log as it stops", async () => {
    const runLogDir = mkdtempSync(join(tmpdir(), 'secret-reads-'));
    const runLog = join(runLogDir, 'reads.jsonl');
    const before = process.env[SECRET_READS_LOG_ENV];
    process.env[SECRET_READS_LOG_ENV] = runLog;
    try {
      const cp = await startControlPlane({ crds: false });
      await cp.stop();
      const { controlPlanes, byUser } = sumSecretReads(runLog);
      expect(controlPlanes).toBe(1);
      // The API server's own informers list and watch Secrets across the cluster from its
      // start: the log does see cluster-wide reads, and whose they are.
      expect(Object.keys(byUser)).toEqual(['system:apiserver']);
      expect(byUser['system:apiserver'].list).toBeGreaterThan(0);
    } finally {
      if (before === undefined) delete process.env[SECRET_READS_LOG_ENV];
      else process.env[SECRET_READS_LOG_ENV] = before;
      rmSync(runLogDir, { recursive: true, force: true });
    }
  });

  it('cleans up after an owner that is killed without stopping', async () => {
    // A separate Node process starts a control plane, prints its folder, then is SIGKILLed.
    const script = `
      require('@backstage/cli/config/nodeTransform.cjs');
      const { startControlPlane } = require(${JSON.stringify(
        resolve(__dirname, 'controlPlane.ts'),
      )});
      startControlPlane({ crds: false, rbac: false }).then(cp => {
        console.log(cp.dir);
        setInterval(() => {}, 1000);
      });
    `;
    const owner = spawn(process.execPath, ['-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
      cwd: resolve(__dirname, '..'),
    });
    const dir = await new Promise<string>((res, rej) => {
      owner.stdout.on('data', d => res(String(d).trim()));
      owner.on('exit', code => rej(new Error(`owner exited with ${code}`)));
    });
    expect(processesUsing(dir)).toHaveLength(2);

    owner.kill('SIGKILL');

    expect(await until(() => processesUsing(dir).length === 0, 15_000)).toBe(
      true,
    );
    expect(await until(() => !existsSync(dir), 5_000)).toBe(true);
  });

  it('runs two control planes side by side', async () => {
    const [a, b] = await Promise.all([
      startControlPlane({ crds: false, rbac: false }),
      startControlPlane({ crds: false, rbac: false }),
    ]);
    try {
      expect(a.server).not.toBe(b.server);
      const ns = { metadata: { name: 'only-in-a' } };
      await a
        .kubeConfig()
        .makeApiClient(CoreV1Api)
        .createNamespace({ body: ns });
      const inB = await b
        .kubeConfig()
        .makeApiClient(CoreV1Api)
        .readNamespace({ name: 'only-in-a' })
        .catch(statusCode);
      expect(inB).toBe(404);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});
