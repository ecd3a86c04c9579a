import { mockCredentials } from '@backstage/backend-test-utils';
import { ControlPlane, startControlPlane } from '@internal/local-control-plane';
import { KubeConfig } from '@kubernetes/client-node';
import {
  FIELD_MANAGER,
  modelDownloadKind,
} from '@model-delivery/plugin-model-delivery-common';
import {
  clusterConfig,
  getObject,
  givenObjects,
  modelDownloadNeeds,
  playHfOperator,
  refOf,
} from '@model-delivery/test-kit';
import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';

jest.setTimeout(300_000);

const REPO = resolve(__dirname, '../../../..');
const USER = mockCredentials.user.header('user:default/alice');

/** A portal backend process (see __testUtils__/portalProcess.ts) and its address. */
interface Portal {
  process: ChildProcess;
  url: string;
}

function startPortal(configFile: string, logFile: string): Promise<Portal> {
  const child = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      resolve(__dirname, '../__testUtils__/portalProcess.ts'),
      configFile,
    ],
    { cwd: resolve(__dirname, '../..'), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const log = createWriteStream(logFile, { flags: 'a' });
  child.stderr!.pipe(log);
  child.stdout!.pipe(log);
  return new Promise((resolvePortal, reject) => {
    let output = '';
    child.stdout!.on('data', chunk => {
      output += String(chunk);
      const match = /LISTENING (\d+)/.exec(output);
      if (match) {
        resolvePortal({ process: child, url: `http://localhost:${match[1]}` });
      }
    });
    child.on('exit', code =>
      reject(
        new Error(
          `The portal exited (${code}) before it served; see ${logFile}`,
        ),
      ),
    );
  });
}

/** Kills the process as a crash or a redeploy does: no shutdown hooks run. */
function kill(portal: Portal): Promise<void> {
  return new Promise(resolveKill => {
    if (
      portal.process.exitCode !== null ||
      portal.process.signalCode !== null
    ) {
      resolveKill();
      return;
    }
    portal.process.once('exit', () => resolveKill());
    portal.process.kill('SIGKILL');
  });
}

async function api(portal: Portal, path: string, init?: RequestInit) {
  const response = await fetch(`${portal.url}${path}`, {
    ...init,
    headers: {
      Authorization: USER,
      'Content-Type': 'application/json',
      ...init?.headers,
    },
  });
  return {
    status: response.status,
    body: await response.json().catch(() => undefined),
  };
}

async function until<T>(
  what: string,
  read: () => Promise<T | undefined>,
  timeoutMs = 120_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 500));
  }
}

describe('a model download task caught by a backend restart', () => {
  let cp: ControlPlane;
  let admin: KubeConfig;
  const portals: Portal[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'md-recovery-'));
  const configFile = join(dir, 'config.json');
  const logFile = join(dir, 'portal.log');

  beforeAll(async () => {
    cp = await startControlPlane();
    admin = cp.kubeConfig('admin');
    await givenObjects(
      admin,
      ...modelDownloadNeeds('ml-models', 'model-store'),
    );
    const owner = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'chat-assistant',
        namespace: 'default',
        annotations: { 'backstage.io/kubernetes-id': 'chat-assistant' },
      },
      spec: { type: 'service', lifecycle: 'production', owner: 'guests' },
    };
    writeFileSync(join(dir, 'entities.yaml'), stringify(owner));
    writeFileSync(
      configFile,
      JSON.stringify({
        app: { baseUrl: 'http://localhost:3000' },
        backend: {
          baseUrl: 'http://localhost:7007',
          // A database that outlives the process, as the portal's PostgreSQL does.
          database: {
            client: 'better-sqlite3',
            connection: { directory: join(dir, 'db') },
          },
        },
        scaffolder: {
          taskRecovery: { enabled: true, staleTimeout: { seconds: 2 } },
        },
        catalog: {
          rules: [{ allow: ['Component', 'Template', 'Location'] }],
          locations: [
            { type: 'file', target: join(dir, 'entities.yaml') },
            // The real template, with its recovery opt-in.
            {
              type: 'file',
              target: join(
                REPO,
                'plugins/scaffolder-backend-module-model-delivery/templates/model-download/template.yaml',
              ),
            },
          ],
        },
        kubernetes: {
          clusterLocatorMethods: [
            { type: 'config', clusters: [clusterConfig(cp, 'local')] },
          ],
        },
      }),
    );
  });

  afterAll(async () => {
    for (const portal of portals) await kill(portal);
    await cp?.stop();
  });

  it('is recovered: applies its ModelDownload once and its wait completes', async () => {
    const first = await startPortal(configFile, logFile);
    portals.push(first);
    await until('the template in the catalog', async () => {
      const r = await api(
        first,
        '/api/catalog/entities/by-name/template/default/model-download',
      );
      return r.status === 200 ? r.body : undefined;
    });

    const created = await api(first, '/api/scaffolder/v2/tasks', {
      method: 'POST',
      body: JSON.stringify({
        templateRef: 'template:default/model-download',
        values: {
          entityRef: 'component:default/chat-assistant',
          cluster: 'local',
          namespace: 'ml-models',
          name: 'chat-models',
          models: [{ name: 'google/gemma-2-2b-it' }],
          storagePVC: 'model-store',
          tokenSource: 'existing',
          hfTokenRef: { name: 'hf-token', key: 'token' },
          settings: {},
          waitForCompletion: true,
          timeoutSeconds: 900,
        },
      }),
    });
    expect(created.status).toBe(201);
    const taskId = created.body.id;

    // Mid-wait: the apply is done (and checkpointed), the step is waiting for the models.
    await until('the task to wait', async () => {
      const events = await api(
        first,
        `/api/scaffolder/v2/tasks/${taskId}/events`,
      );
      return (events.body ?? []).some((e: any) =>
        String(e.body?.message).includes('Waiting up to'),
      )
        ? true
        : undefined;
    });
    const ref = refOf(modelDownloadKind.resource, 'chat-models', 'ml-models');
    const applied = await getObject(admin, ref);
    expect(applied.metadata.generation).toBe(1);

    await kill(first);
    const second = await startPortal(configFile, logFile);
    portals.push(second);
    // hf-operator and the Job controller finish the download meanwhile.
    await playHfOperator(admin, 'ml-models', 'chat-models', {
      'google/gemma-2-2b-it': { state: 'completed' },
    });

    const done = await until('the task to finish', async () => {
      const task = await api(second, `/api/scaffolder/v2/tasks/${taskId}`);
      return ['completed', 'failed'].includes(task.body?.status)
        ? task.body
        : undefined;
    });
    const events = await api(
      second,
      `/api/scaffolder/v2/tasks/${taskId}/events`,
    );
    const log = (events.body ?? [])
      .map(
        (e: any) => `${e.type}: ${e.body?.message ?? JSON.stringify(e.body)}`,
      )
      .join('\n');
    expect({ status: done.status, log }).toMatchObject({ status: 'completed' });
    expect(log).toContain('recovered');
    expect(log).toContain(
      "Every model of ModelDownload ml-models/chat-models in cluster 'local' completed",
    );
    // The events since the recovery are the recovered run's. It took its apply from the
    // checkpoint, so it reports what the first run did ("Created"), instead of applying
    // again and finding nothing to change.
    expect(log).toContain(
      "Created ModelDownload ml-models/chat-models in cluster 'local'",
    );
    expect(log).not.toContain('is already as requested');

    const object = await getObject(admin, ref);
    expect(object.metadata.uid).toBe(applied.metadata.uid);
    expect(object.metadata.generation).toBe(1);
    expect(
      object.metadata.managedFields.filter(
        (f: any) => f.manager === FIELD_MANAGER,
      ),
    ).toHaveLength(1);
  });
});
