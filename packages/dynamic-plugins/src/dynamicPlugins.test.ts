import {
  ModuleLoader,
  dynamicPluginsFeatureLoader,
} from '@backstage/backend-dynamic-feature-service';
import {
  TestBackend,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleTemplateKind from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import {
  ControlPlane,
  applyManifests,
  clusterConfig,
  kubernetesConfig,
  startControlPlane,
} from '@internal/local-control-plane';
import {
  CHAT_ASSISTANT_REF,
  chatAssistant,
  modelDownloadNeeds,
} from '@model-delivery/test-kit';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { stringify } from 'yaml';

/*
 * The suite's backend plugin and both backend modules as a Red Hat Developer Hub user
 * installs them: exported by the Developer Hub CLI (scripts/release/export-dynamic-plugins)
 * and loaded from `dynamicPlugins.rootDirectory` by Backstage's own dynamic feature
 * service, beside the real catalog and scaffolder, against the real local kube-apiserver.
 * Nothing of the suite is imported here: all of it comes from the exported folders.
 */

jest.setTimeout(900_000);

const REPO_ROOT = resolve(__dirname, '../../..');
// The loader requires the root directory inside the Backstage root (the repository), so
// that the plugins resolve their `@backstage/*` peers from its node_modules.
const ROOT_DIRECTORY = join(
  REPO_ROOT,
  'node_modules/.cache/model-delivery-dynamic-plugins',
);
const NS = 'ml-models';

/**
 * Backstage's loader requires each plugin with Node's own `require`. Jest runs a test in a
 * separate realm (a vm context), so that would load the plugins beside a second copy of
 * every `@backstage/*` package, in a realm whose arrays the scaffolder's templating then
 * refuses ("Template arrays cannot use a custom prototype"). This loader requires them
 * through jest instead: one realm and the host's copies of `@backstage/*`, as in a real
 * backend, where both are Node's. Scanning, manifests and features stay Backstage's.
 */
const jestModuleLoader: ModuleLoader = {
  bootstrap: async () => {},
  load: async (id: string) => require(id),
};

const template = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'dynamic-model-download', namespace: 'default' },
  spec: {
    type: 'service',
    owner: 'guests',
    steps: [
      {
        id: 'download',
        name: 'Download a model',
        action: 'model-delivery:model-download:create',
        input: {
          cluster: 'local',
          namespace: NS,
          name: 'chat-models',
          entityRef: CHAT_ASSISTANT_REF,
          models: [{ name: 'google/gemma-2-2b-it' }],
          storagePVC: 'model-cache',
          hfTokenRef: { name: 'hf-token', key: 'token' },
        },
      },
    ],
  },
};

let controlPlane: ControlPlane;
let backend: TestBackend;
const user = mockCredentials.user.header('user:default/guest');

beforeAll(async () => {
  mkdirSync(ROOT_DIRECTORY, { recursive: true });
  execFileSync(
    resolve(REPO_ROOT, 'scripts/release/export-dynamic-plugins'),
    ['--out', ROOT_DIRECTORY],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  controlPlane = await startControlPlane();
  await applyManifests(controlPlane.kubeConfig('admin'), [
    ...modelDownloadNeeds(NS, 'model-cache', {
      token: 'hf_DynamicPluginTest0123456789',
    }),
  ]);
  const catalogFile = join(
    mkdtempSync(join(tmpdir(), 'md-dynamic-')),
    'entities.yaml',
  );
  writeFileSync(
    catalogFile,
    [chatAssistant, template].map(e => stringify(e)).join('---\n'),
  );

  backend = await startTestBackend({
    features: [
      dynamicPluginsFeatureLoader({ moduleLoader: () => jestModuleLoader }),
      catalogPlugin,
      catalogModuleTemplateKind,
      scaffolderPlugin,
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          backend: {
            baseUrl: 'http://localhost:7007',
            database: { client: 'better-sqlite3', connection: ':memory:' },
          },
          dynamicPlugins: { rootDirectory: ROOT_DIRECTORY },
          catalog: {
            rules: [{ allow: ['Component', 'Template'] }],
            locations: [{ type: 'file', target: catalogFile }],
          },
          kubernetes: kubernetesConfig([clusterConfig(controlPlane, 'local')]),
          // Nothing listens there: the action's Hub preflight warns and goes on.
          modelDelivery: { huggingFace: { endpoint: 'http://127.0.0.1:1' } },
        },
      }),
    ],
  });
});

afterAll(async () => {
  await backend?.stop();
  await controlPlane?.stop();
});

async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
): Promise<T> {
  for (let i = 0; ; i++) {
    const value = await read();
    if (done(value) || i === 300) return value;
    await new Promise(r => setTimeout(r, 200));
  }
}

it('exports the three backend packages as dynamic plugin folders', () => {
  expect(readdirSync(ROOT_DIRECTORY).sort()).toEqual([
    'catalog-backend-module-model-delivery-dynamic',
    'model-delivery-backend-dynamic',
    'scaffolder-backend-module-model-delivery-dynamic',
  ]);
});

it('runs a model download through the loaded scaffolder action and reports it on the loaded status API', async () => {
  const created = await eventually(
    () =>
      request(backend.server)
        .post('/api/scaffolder/v2/tasks')
        .set('Authorization', user)
        .send({
          templateRef: 'template:default/dynamic-model-download',
          values: {},
        }),
    r => r.status === 201,
  );
  expect(created.status).toBe(201);

  const task = await eventually(
    () =>
      request(backend.server)
        .get(`/api/scaffolder/v2/tasks/${created.body.id}`)
        .set('Authorization', user),
    r => ['completed', 'failed'].includes(r.body.status),
  );
  expect(task.body.status).toBe('completed');

  const status = await eventually(
    () =>
      request(backend.server)
        .get(
          '/api/model-delivery/entity/component/default/chat-assistant/status',
        )
        .set('Authorization', user),
    r => r.body.resources?.length === 1,
  );
  expect(status.status).toBe(200);
  expect(
    status.body.resources.map((r: any) => [
      r.kind,
      r.cluster,
      r.namespace,
      r.name,
    ]),
  ).toEqual([['ModelDownload', 'local', NS, 'chat-models']]);
});
