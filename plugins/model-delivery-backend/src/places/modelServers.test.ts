import { groupEntity, teamComponent } from '@model-delivery/test-kit/fixtures';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import { TestBackend, mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ControlPlane, startControlPlane } from '@internal/local-control-plane';
import {
  ANNOTATION_MODEL_ID,
  EntityStatusResponse,
  FleetResponse,
  LOCAL_MODEL_API_VERSION,
  MODEL_ENTITY,
  ModelServerSummary,
  modelEntityName,
  serverEntityRef,
} from '@model-delivery/plugin-model-delivery-common';
import {
  givenObjects,
  inferenceService,
  kserveServerStatus,
  llmInferenceService,
  modelDownload,
  modelDownloadNeeds,
  namespace,
} from '@model-delivery/test-kit';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  backendUrl,
  startPortalBackend,
  teamPolicy,
} from '@model-delivery/test-kit/portal';

/*
 * Model servers on every path a caller has (REST: a model's page and a holding entity's
 * page; the fleet; the agents' action), against a real API server, the real catalog and
 * the real permission backend: where each is, what it serves, whether it is ready, and
 * never a server of an entity the caller may not read.
 */

jest.setTimeout(180_000);

const MODEL = 'google/gemma-2-2b-it';
const ROOT = 'user:default/root';
/** In the vision team: reads the vision team's entities and the models, not chat-assistant. */
const VIC = 'user:default/vic';

const modelEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: MODEL_ENTITY.kind,
  metadata: {
    name: modelEntityName(MODEL),
    namespace: MODEL_ENTITY.namespace,
    annotations: { [ANNOTATION_MODEL_ID]: MODEL },
  },
  spec: { type: MODEL_ENTITY.type, owner: 'group:default/platform-team' },
};
const chatAssistant = teamComponent(
  'chat-assistant',
  'group:default/ml-platform',
);
const visionApi = teamComponent('vision-api', 'group:default/vision');

const policy = teamPolicy({
  entitiesOf: {
    [VIC]: ['group:default/vision', 'group:default/platform-team'],
  },
});

const CACHE = {
  name: 'gemma-cache',
  namespace: 'team-a',
  sourceModelUri: `hf://${MODEL}`,
  nodeGroup: 'gpu-a',
};
const NOT_READY =
  'MinimumReplicasUnavailable: Deployment does not have minimum availability.';

const chatLlm = {
  cluster: 'local',
  kind: 'InferenceService',
  namespace: 'team-a',
  name: 'chat-llm',
};
const visionLlm = {
  cluster: 'local',
  kind: 'LLMInferenceService',
  namespace: 'team-b',
  name: 'vision-llm',
};

describe('model servers, as each caller may see them', () => {
  let cp: ControlPlane;
  let backend: TestBackend;

  async function get<T>(path: string, user: string): Promise<T> {
    const response = await fetch(backendUrl(backend, path), {
      headers: { authorization: mockCredentials.user.header(user) },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  }

  const modelPage = (user: string) =>
    get<EntityStatusResponse>(
      `/api/model-delivery/entity/resource/default/${modelEntityName(
        MODEL,
      )}/status`,
      user,
    );

  async function listServers(user: string, input: object) {
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
    try {
      const result = (await client.callTool({
        name: 'model-delivery.list-model-servers',
        arguments: { ...input },
      })) as { isError?: boolean; structuredContent?: any };
      expect(result.isError).toBeFalsy();
      return result.structuredContent.servers as ModelServerSummary[];
    } finally {
      await client.close();
    }
  }

  beforeAll(async () => {
    cp = await startControlPlane();
    const admin = cp.kubeConfig('admin');
    await givenObjects(
      admin,
      namespace('team-a'),
      ...modelDownloadNeeds('team-b', 'models'),
      {
        apiVersion: LOCAL_MODEL_API_VERSION,
        kind: 'LocalModelNamespaceCache',
        metadata: {
          name: CACHE.name,
          namespace: CACHE.namespace,
          labels: { 'backstage.io/kubernetes-id': 'chat-assistant' },
        },
        spec: {
          sourceModelUri: CACHE.sourceModelUri,
          modelSize: '5Gi',
          nodeGroups: [CACHE.nodeGroup],
        },
        status: {
          nodeStatus: { 'gpu-node-1': 'NodeDownloaded' },
          copies: { total: 1, available: 1, failed: 0 },
          inferenceServices: [{ namespace: 'team-a', name: 'chat-llm' }],
        },
      },
      // KServe reports the URL it was given; a credential in it must go nowhere.
      inferenceService({
        name: 'chat-llm',
        namespace: 'team-a',
        kubernetesId: 'chat-assistant',
        storageUri: `hf://${MODEL}`,
        cache: CACHE,
        status: kserveServerStatus.ready(
          'https://admin:s3cr3t@chat-llm.team-a.example.com',
        ),
      }),
      modelDownload({
        name: 'vision-models',
        namespace: 'team-b',
        kubernetesId: 'vision-api',
        models: [MODEL],
        status: { pending: [MODEL], completed: [MODEL] },
      }),
      // Loads the copy vision-models downloaded into its PVC (hf-operator: /models/<id>).
      llmInferenceService({
        name: 'vision-llm',
        namespace: 'team-b',
        kubernetesId: 'vision-api',
        uri: `pvc://models/${MODEL}`,
        servedName: 'gemma',
        status: {
          conditions: [
            {
              type: 'Ready',
              status: 'False',
              reason: 'MinimumReplicasUnavailable',
              message: 'Deployment does not have minimum availability.',
              lastTransitionTime: new Date().toISOString(),
            },
          ],
        },
      }),
    );
    backend = await startPortalBackend({
      plugin: '@model-delivery/plugin-model-delivery-backend',
      controlPlane: cp,
      entities: [
        groupEntity('ml-platform'),
        groupEntity('vision'),
        groupEntity('platform-team'),
        chatAssistant,
        visionApi,
        modelEntity,
      ],
      policy,
      features: [mcpActionsPlugin],
    });
    // The caches follow the cluster: wait until both servers are in view.
    const deadline = Date.now() + 60_000;
    while ((await listServers(ROOT, {})).length < 2) {
      if (Date.now() > deadline) throw new Error('Never saw both servers');
      await new Promise(r => setTimeout(r, 250));
    }
  });

  afterAll(async () => {
    await backend?.stop();
    await cp?.stop();
  });

  it('resolves what each server serves to the model id downloads and caches use, and says where it reads it from', async () => {
    const servers = await listServers(ROOT, {});
    expect(servers).toEqual([
      {
        entityRef: serverEntityRef(chatLlm),
        ...chatLlm,
        operator: 'KServe',
        serverType: 'openai-v1',
        url: 'https://chat-llm.team-a.example.com/openai/v1',
        ready: true,
        models: [
          {
            uri: `hf://${MODEL}`,
            modelId: MODEL,
            servedName: 'chat-llm',
            from: 'LocalModelNamespaceCache gemma-cache (node group gpu-a)',
          },
        ],
        providedBy: ['component:default/chat-assistant'],
        owners: ['group:default/ml-platform'],
      },
      {
        entityRef: serverEntityRef(visionLlm),
        ...visionLlm,
        operator: 'KServe',
        serverType: 'openai-v1',
        ready: false,
        reason: NOT_READY,
        models: [
          {
            uri: `pvc://models/${MODEL}`,
            modelId: MODEL,
            servedName: 'gemma',
            from: 'PVC models, downloaded by ModelDownload vision-models',
          },
        ],
        providedBy: ['component:default/vision-api'],
        owners: ['group:default/vision'],
      },
    ]);
    expect(JSON.stringify(servers)).not.toMatch(/s3cr3t|admin/);
  });

  it("runs the action's examples, and filters by model, owner and readiness", async () => {
    const listed = await get<{ actions: any[] }>(
      '/api/model-delivery/.backstage/actions/v1/actions',
      ROOT,
    );
    const action = listed.actions.find(a => a.name === 'list-model-servers');
    expect(action.attributes).toMatchObject({
      readOnly: true,
      destructive: false,
    });
    const names = async (input: object) =>
      (await listServers(ROOT, input)).map(s => s.name);
    const answers = Object.fromEntries(
      await Promise.all(
        action.examples.map(async (e: any) => [e.title, await names(e.input)]),
      ),
    );
    expect(answers).toEqual({
      'Every model server you may see': ['chat-llm', 'vision-llm'],
      'Ready servers of a model, to call it': ['chat-llm'],
      "A team's servers that are not ready, and why": [],
    });
    expect(await names({ owner: 'vision', ready: false })).toEqual([
      'vision-llm',
    ]);
    expect(await names({ model: 'gemma' })).toEqual(['vision-llm']);
    expect(
      await names({ model: `resource:default/${modelEntityName(MODEL)}` }),
    ).toEqual(['chat-llm', 'vision-llm']);
    expect(await names({ model: 'org/other' })).toEqual([]);
  });

  it("shows on the model's page each place: downloaded, cached and served, ready or why not", async () => {
    const page = await modelPage(ROOT);
    expect(
      page.places?.map(p => [p.how, p.kind, p.name, p.state, p.where]),
    ).toEqual([
      [
        'downloaded',
        'ModelDownload',
        'vision-models',
        'completed',
        'PVC models',
      ],
      [
        'cached',
        'LocalModelNamespaceCache',
        'gemma-cache',
        'completed',
        'node groups gpu-a',
      ],
      [
        'served',
        'InferenceService',
        'chat-llm',
        'completed',
        'LocalModelNamespaceCache gemma-cache (node group gpu-a)',
      ],
      [
        'served',
        'LLMInferenceService',
        'vision-llm',
        'pending',
        'PVC models, downloaded by ModelDownload vision-models',
      ],
    ]);
    expect(page.places?.[3]).toMatchObject({
      reason: NOT_READY,
      server: {
        entityRef: serverEntityRef(visionLlm),
        ready: false,
        servedName: 'gemma',
      },
    });
    expect(page.resources.map(r => r.name)).toEqual([
      'chat-llm',
      'gemma-cache',
      'vision-llm',
      'vision-models',
    ]);
  });

  it("links a holding entity's models to the servers serving them", async () => {
    const vision = await get<EntityStatusResponse>(
      '/api/model-delivery/entity/component/default/vision-api/status',
      ROOT,
    );
    expect(vision.servers?.map(s => [s.name, s.ready])).toEqual([
      ['chat-llm', true],
      ['vision-llm', false],
    ]);
  });

  it('shows a caller none of the servers of an entity they may not read, on any path', async () => {
    // vic may not read chat-assistant: its server is nowhere, not even counted.
    const page = await modelPage(VIC);
    expect(page.places?.map(p => p.name)).toEqual([
      'vision-models',
      'vision-llm',
    ]);
    expect(page.servers?.map(s => s.name)).toEqual(['vision-llm']);
    expect(JSON.stringify(page)).not.toMatch(/chat-llm|gemma-cache|team-a/);

    const vision = await get<EntityStatusResponse>(
      '/api/model-delivery/entity/component/default/vision-api/status',
      VIC,
    );
    expect(vision.servers?.map(s => s.name)).toEqual(['vision-llm']);
    expect(JSON.stringify(vision)).not.toContain('chat-llm');

    const fleet = await get<FleetResponse>('/api/model-delivery/fleet', VIC);
    expect(
      fleet.rows?.map(r => [r.name, r.served, r.servers?.map(s => s.name)]),
    ).toEqual([
      // The model is served and ready for root (chat-llm), not for vic.
      ['vision-models', 'not-ready', ['vision-llm']],
    ]);
    const rootFleet = await get<FleetResponse>(
      '/api/model-delivery/fleet?served=ready',
      ROOT,
    );
    expect(
      rootFleet.rows?.map(r => [r.name, r.served, r.servers?.map(s => s.name)]),
    ).toEqual([
      ['gemma-cache', 'ready', ['chat-llm', 'vision-llm']],
      ['vision-models', 'ready', ['chat-llm', 'vision-llm']],
    ]);
    expect(JSON.stringify(fleet)).not.toContain('chat-llm');

    expect((await listServers(VIC, {})).map(s => s.name)).toEqual([
      'vision-llm',
    ]);
  });
});
