import { groupEntity, teamComponent } from '@model-delivery/test-kit/fixtures';
import scaffolderModelDeliveryModule from '@model-delivery/plugin-scaffolder-backend-module-model-delivery';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { TestBackend, mockCredentials } from '@backstage/backend-test-utils';
import { ControlPlane, startControlPlane } from '@internal/local-control-plane';
import { KubeConfig } from '@kubernetes/client-node';
import {
  gemmaOnTPUServerKind,
  hfOperatorJobName,
  localModelCacheKind,
  modelDeliveryRetryPermission,
  modelDownloadKind,
} from '@model-delivery/plugin-model-delivery-common';
import {
  LLAMA_CACHE_INPUT,
  gemmaRgd,
  getObject,
  givenObjects,
  modelDownload,
  modelDownloadNeeds,
  playHfOperator,
  refOf,
  secret,
} from '@model-delivery/test-kit';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  backendUrl,
  startPortalBackend,
  teamPolicy,
} from '@model-delivery/test-kit/portal';

jest.setTimeout(180_000);

const group = groupEntity;

const component = teamComponent;

const ENTITIES = [
  group('ml'),
  group('vision'),
  component('chat-assistant', 'group:default/ml'),
  component('vision-api', 'group:default/vision'),
];

/**
 * An adopter's policy: `vic` is in the vision team and sees (and may act on) only the
 * vision team's entities; `reader` may not retry; everything else is allowed.
 */
const policy = teamPolicy({
  refused: { 'user:default/reader': [modelDeliveryRetryPermission.name] },
  entitiesOf: { 'user:default/vic': ['group:default/vision'] },
});

const FAILURE =
  'OSError: meta-llama/Llama-3.1-8B is a gated repo: 401 Unauthorized';

describe('the suite through an MCP client', () => {
  let cp: ControlPlane;
  let admin: KubeConfig;
  let backend: TestBackend;

  /** An MCP client of the portal's MCP actions backend, signed in as `user`. */
  async function mcpClient(user: string) {
    const client = new Client({
      name: 'model-delivery-test',
      version: '1.0.0',
    });
    await client.connect(
      new StreamableHTTPClientTransport(
        new URL(backendUrl(backend, '/api/mcp-actions/v1')),
        {
          requestInit: {
            headers: { Authorization: mockCredentials.user.header(user) },
          },
        },
      ),
    );
    return client;
  }

  async function call(user: string, name: string, args: object) {
    const client = await mcpClient(user);
    try {
      return (await client.callTool({ name, arguments: { ...args } })) as {
        isError?: boolean;
        structuredContent?: any;
        content: Array<{ type: string; text: string }>;
      };
    } finally {
      await client.close();
    }
  }

  beforeAll(async () => {
    cp = await startControlPlane();
    admin = cp.kubeConfig('admin');
    await givenObjects(
      admin,
      ...modelDownloadNeeds('ml', 'models'),
      ...modelDownloadNeeds('vision', 'models'),
      modelDownload({
        name: 'chat-models',
        namespace: 'ml',
        kubernetesId: 'chat-assistant',
        models: ['meta-llama/Llama-3.1-8B', 'google/gemma-2-2b-it'],
      }),
      modelDownload({
        name: 'vision-models',
        namespace: 'vision',
        kubernetesId: 'vision-api',
        models: ['org/broken'],
      }),
    );
    await playHfOperator(admin, 'ml', 'chat-models', {
      'meta-llama/Llama-3.1-8B': {
        state: 'failed',
        exitCode: 1,
        message: FAILURE,
      },
      'google/gemma-2-2b-it': { state: 'completed' },
    });
    await playHfOperator(admin, 'vision', 'vision-models', {
      'org/broken': { state: 'failed', exitCode: 1, message: 'disk full' },
    });

    backend = await startPortalBackend({
      plugin: '@model-delivery/plugin-model-delivery-backend',
      controlPlane: cp,
      entities: ENTITIES,
      policy,
      features: [
        mcpActionsPlugin,
        scaffolderPlugin,
        scaffolderModelDeliveryModule,
      ],
    });

    // The caches follow the cluster: wait until both failures are in view.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const result = await call(
        'user:default/alice',
        'model-delivery.list-failed-items',
        {},
      );
      if (result.structuredContent?.items?.length === 2) break;
      if (Date.now() > deadline) {
        throw new Error(`Never saw both failures: ${JSON.stringify(result)}`);
      }
      await new Promise(r => setTimeout(r, 250));
    }
  });

  afterAll(async () => {
    await backend?.stop();
    await cp?.stop();
  });

  it("lists the suite's actions as tools, with their read-only and destructive hints", async () => {
    const client = await mcpClient('user:default/alice');
    const { tools } = await client.listTools();
    await client.close();
    const hints = Object.fromEntries(
      tools
        .filter(t => t.name.includes('model-delivery'))
        .map(t => [
          t.name,
          {
            readOnly: t.annotations?.readOnlyHint,
            destructive: t.annotations?.destructiveHint,
          },
        ]),
    );
    expect(hints).toEqual({
      'model-delivery.get-entity-status': {
        readOnly: true,
        destructive: false,
      },
      'model-delivery.list-failed-items': {
        readOnly: true,
        destructive: false,
      },
      'model-delivery.list-model-servers': {
        readOnly: true,
        destructive: false,
      },
      'model-delivery.retry-failed-item': {
        readOnly: false,
        destructive: true,
      },
      'scaffolder.model-delivery-plan-model-download': {
        readOnly: true,
        destructive: false,
      },
      'scaffolder.model-delivery-plan-local-model-cache': {
        readOnly: true,
        destructive: false,
      },
      'scaffolder.model-delivery-plan-gemma-on-tpu-server': {
        readOnly: true,
        destructive: false,
      },
    });
    const plan = tools.find(
      t => t.name === 'scaffolder.model-delivery-plan-model-download',
    );
    // The template action's own inputs, minus those only a task has.
    expect(Object.keys(plan!.inputSchema.properties ?? {})).toEqual(
      expect.arrayContaining([
        'cluster',
        'namespace',
        'name',
        'models',
        'storagePVC',
      ]),
    );
    expect(plan!.inputSchema.properties).not.toHaveProperty(
      'waitForCompletion',
    );
  });

  it("gets an entity's status: each model's state and the failure's reason", async () => {
    const result = await call(
      'user:default/alice',
      'model-delivery.get-entity-status',
      {
        entityRef: 'component:default/chat-assistant',
      },
    );
    expect(result.isError).toBeFalsy();
    const [resource] = result.structuredContent.resources;
    expect(resource).toMatchObject({
      kind: 'ModelDownload',
      name: 'chat-models',
      cluster: 'local',
    });
    const items = Object.fromEntries(
      resource.items.map((i: any) => [i.name, i]),
    );
    expect(items['google/gemma-2-2b-it'].state).toBe('completed');
    expect(items['meta-llama/Llama-3.1-8B']).toMatchObject({
      state: 'failed',
      retryable: true,
      jobName: hfOperatorJobName('chat-models', 'meta-llama/Llama-3.1-8B'),
    });
    expect(items['meta-llama/Llama-3.1-8B'].reason).toContain(FAILURE);
  });

  it('lists the failed items the caller may see, filtered by owner, kind and cluster', async () => {
    const all = await call(
      'user:default/alice',
      'model-delivery.list-failed-items',
      {},
    );
    expect(
      all.structuredContent.items.map((i: any) => [
        i.entityRef,
        i.owner,
        i.name,
        i.item,
      ]),
    ).toEqual([
      [
        'component:default/chat-assistant',
        'group:default/ml',
        'chat-models',
        'meta-llama/Llama-3.1-8B',
      ],
      [
        'component:default/vision-api',
        'group:default/vision',
        'vision-models',
        'org/broken',
      ],
    ]);
    expect(all.structuredContent.items[0].reason).toContain(FAILURE);

    const vision = await call(
      'user:default/alice',
      'model-delivery.list-failed-items',
      {
        owner: 'vision',
      },
    );
    expect(vision.structuredContent.items.map((i: any) => i.item)).toEqual([
      'org/broken',
    ]);
    const gemma = await call(
      'user:default/alice',
      'model-delivery.list-failed-items',
      {
        kind: 'GemmaOnTPUServer',
      },
    );
    expect(gemma.structuredContent.items).toEqual([]);
    const elsewhere = await call(
      'user:default/alice',
      'model-delivery.list-failed-items',
      {
        cluster: 'prod-gke',
      },
    );
    expect(elsewhere.structuredContent.items).toEqual([]);

    // vic may read only the vision team's entities: the ML team's failure is not theirs to see.
    const vics = await call(
      'user:default/vic',
      'model-delivery.list-failed-items',
      {},
    );
    expect(vics.structuredContent.items.map((i: any) => i.entityRef)).toEqual([
      'component:default/vision-api',
    ]);
    expect(JSON.stringify(vics)).not.toContain('chat-models');
  });

  it('refuses retry without the retry permission, and deletes nothing', async () => {
    const job = hfOperatorJobName('chat-models', 'meta-llama/Llama-3.1-8B');
    const retry = {
      entityRef: 'component:default/chat-assistant',
      cluster: 'local',
      kind: 'ModelDownload',
      namespace: 'ml',
      name: 'chat-models',
      item: 'meta-llama/Llama-3.1-8B',
    };
    const refused = await call(
      'user:default/reader',
      'model-delivery.retry-failed-item',
      retry,
    );
    expect(refused.isError).toBe(true);
    expect(refused.content[0].text).toContain('NotAllowedError');
    expect(refused.content[0].text).toContain('model-delivery.model.retry');
    expect(
      await getObject(
        admin,
        refOf({ apiVersion: 'batch/v1', kind: 'Job' }, job, 'ml'),
      ),
    ).toBeDefined();

    const hidden = await call(
      'user:default/vic',
      'model-delivery.retry-failed-item',
      retry,
    );
    expect(hidden.isError).toBe(true);
    expect(hidden.content[0].text).toContain('NotFoundError');

    const allowed = await call(
      'user:default/alice',
      'model-delivery.retry-failed-item',
      retry,
    );
    expect(allowed.structuredContent).toEqual({
      deletedJob: job,
      namespace: 'ml',
    });
    expect(
      await getObject(
        admin,
        refOf({ apiVersion: 'batch/v1', kind: 'Job' }, job, 'ml'),
      ),
    ).toBeUndefined();
  });

  it('plans a ModelDownload: the manifest, the Job names and the problems, creating nothing', async () => {
    const input = {
      cluster: 'local',
      namespace: 'ml',
      name: 'planned-models',
      entityRef: 'component:default/chat-assistant',
      models: [{ name: 'google/gemma-2-2b-it' }, { name: 'Qwen/Qwen2.5-7B' }],
      storagePVC: 'models',
      hfTokenRef: { name: 'hf-token', key: 'token' },
      nodePool: 'gpu-pool',
    };
    const plan = await call(
      'user:default/alice',
      'scaffolder.model-delivery-plan-model-download',
      input,
    );
    expect(plan.isError).toBeFalsy();
    expect(plan.structuredContent).toMatchObject({
      ok: true,
      problems: [],
      outcome: 'created',
      jobNames: {
        'google/gemma-2-2b-it': hfOperatorJobName(
          'planned-models',
          'google/gemma-2-2b-it',
        ),
        'Qwen/Qwen2.5-7B': hfOperatorJobName(
          'planned-models',
          'Qwen/Qwen2.5-7B',
        ),
      },
      manifest: {
        apiVersion: 'hfops.kamal.dev/v1alpha1',
        kind: 'ModelDownload',
        metadata: {
          name: 'planned-models',
          namespace: 'ml',
          labels: { 'backstage.io/kubernetes-id': 'chat-assistant' },
        },
      },
    });

    const blocked = await call(
      'user:default/alice',
      'scaffolder.model-delivery-plan-model-download',
      { ...input, name: 'Not_A_Name', storagePVC: 'no-such-claim' },
    );
    expect(blocked.structuredContent.ok).toBe(false);
    expect(blocked.structuredContent.problems.join('\n')).toContain('name');
    const missingClaim = await call(
      'user:default/alice',
      'scaffolder.model-delivery-plan-model-download',
      { ...input, storagePVC: 'no-such-claim' },
    );
    expect(missingClaim.structuredContent.ok).toBe(false);
    expect(missingClaim.structuredContent.problems.join('\n')).toContain(
      'no-such-claim',
    );

    expect(
      await getObject(
        admin,
        refOf(modelDownloadKind.resource, 'planned-models', 'ml'),
      ),
    ).toBeUndefined();
  });

  it('plans a GemmaOnTPUServer and a LocalModelCache: what stands in the way, then the manifest and the loader Job', async () => {
    const gemma = {
      cluster: 'local',
      namespace: 'ml',
      name: 'gemma-chat',
      replicas: 1,
      kaggleSecret: 'kaggle-credentials',
      entityRef: 'component:default/chat-assistant',
    };
    await givenObjects(
      admin,
      secret('ml', 'kaggle-credentials', {
        username: 'gemma-fan',
        key: 'not-a-real-key',
      }),
    );
    const withoutKro = await call(
      'user:default/alice',
      'scaffolder.model-delivery-plan-gemma-on-tpu-server',
      gemma,
    );
    expect(withoutKro.structuredContent.ok).toBe(false);
    expect(withoutKro.structuredContent.problems.join('\n')).toContain(
      'ResourceGraphDefinition',
    );

    await givenObjects(admin, gemmaRgd({ state: 'Active', conditions: [] }));
    const planned = await call(
      'user:default/alice',
      'scaffolder.model-delivery-plan-gemma-on-tpu-server',
      gemma,
    );
    expect(planned.structuredContent).toMatchObject({
      ok: true,
      outcome: 'created',
      jobNames: { 'gemma-chat': 'gemma-chat-loader' },
      manifest: {
        apiVersion: 'kro.run/v1alpha1',
        kind: 'GemmaOnTPUServer',
        spec: { replicas: 1, kaggleSecret: 'kaggle-credentials' },
      },
    });

    const cache = await call(
      'user:default/alice',
      'scaffolder.model-delivery-plan-local-model-cache',
      {
        ...LLAMA_CACHE_INPUT,
        entityRef: 'component:default/chat-assistant',
      },
    );
    expect(cache.structuredContent.ok).toBe(false);
    expect(cache.structuredContent.problems.join('\n')).toContain('gpu-a100');

    expect(
      await getObject(
        admin,
        refOf(gemmaOnTPUServerKind.resource, 'gemma-chat', 'ml'),
      ),
    ).toBeUndefined();
    expect(
      await getObject(admin, refOf(localModelCacheKind.resource, 'llama-3-8b')),
    ).toBeUndefined();
  });
});
