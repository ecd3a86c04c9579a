import { groupEntity, teamComponent } from '@model-delivery/test-kit/fixtures';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { TestBackend, mockCredentials } from '@backstage/backend-test-utils';
import {
  Entity,
  RELATION_API_PROVIDED_BY,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  RELATION_OWNED_BY,
  RELATION_PROVIDES_API,
} from '@backstage/catalog-model';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import { ControlPlane, startControlPlane } from '@internal/local-control-plane';
import { KubeConfig } from '@kubernetes/client-node';
import {
  ANNOTATION_SERVER_READY,
  GEMMA_CHECKPOINT_HANDLE,
  LOCAL_MODEL_API_VERSION,
  gemmaOnTPUServerKind,
  modelEntityName,
  modelEntityRef,
  serverEntityName,
  serverEntityRef,
} from '@model-delivery/plugin-model-delivery-common';
import {
  gemmaService,
  givenObjects,
  inferenceService,
  kroStatus,
  kserveServerStatus,
  namespace,
  statusOf,
} from '@model-delivery/test-kit';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports -- the suite's portal backend for tests: the real catalog, permission backend and Model Delivery plugin
import {
  startPortalBackend,
  teamPolicy,
} from '@model-delivery/test-kit/portal';
import catalogModuleModelDelivery from './index';

/*
 * Model servers as catalog entities, against a real API server and the real catalog:
 * each an `API` of type `ai-model-server` (upstream's proposal: serverType, serverUrl,
 * models), owned like the entity whose resource it is, related to that entity and to its
 * models' entities, and read under the same catalog rules as that entity.
 */

jest.setTimeout(240_000);

const MODEL = 'org/model';
const GEMMA = `kaggle://${GEMMA_CHECKPOINT_HANDLE}`;
/** alice reads the ML team's and the platform team's entities, not the vision team's. */
const ALICE = 'user:default/alice';

const policy = teamPolicy({
  entitiesOf: { [ALICE]: ['group:default/ml', 'group:default/platform-team'] },
});

const chatLlm = {
  cluster: 'local',
  kind: 'InferenceService',
  namespace: 'team-a',
  name: 'chat-llm',
};
const gemmaChat = {
  cluster: 'local',
  kind: 'GemmaOnTPUServer',
  namespace: 'team-a',
  name: 'gemma-chat',
};
const visionLlm = {
  cluster: 'local',
  kind: 'InferenceService',
  namespace: 'team-b',
  name: 'vision-llm',
};

const targets = (entity: Entity | undefined, type: string) =>
  (entity?.relations ?? [])
    .filter(r => r.type === type)
    .map(r => r.targetRef)
    .sort();

describe('model servers in the catalog', () => {
  let cp: ControlPlane;
  let admin: KubeConfig;
  let backend: TestBackend;

  function baseUrl() {
    const address = backend.server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    return `http://localhost:${address.port}`;
  }

  /** An entity of the catalog (`kind/namespace/name`), as `user` may read it (undefined: not found for them). */
  async function entity(
    path: string,
    user?: string,
  ): Promise<Entity | undefined> {
    const response = await fetch(
      `${baseUrl()}/api/catalog/entities/by-name/${path}`,
      {
        headers: {
          authorization: user
            ? mockCredentials.user.header(user)
            : mockCredentials.service.header(),
        },
      },
    );
    if (response.status === 404) return undefined;
    expect(response.status).toBe(200);
    return (await response.json()) as Entity;
  }

  const api = (name: string, user?: string) =>
    entity(`api/default/${name}`, user);

  /** The names of the ai-model-server APIs `user` finds listing the catalog (the API explorer's query). */
  async function listedServers(user: string): Promise<string[]> {
    const response = await fetch(
      `${baseUrl()}/api/catalog/entities/by-query?filter=kind=api,spec.type=ai-model-server&fields=metadata.name`,
      { headers: { authorization: mockCredentials.user.header(user) } },
    );
    expect(response.status).toBe(200);
    const { items } = (await response.json()) as { items: Entity[] };
    return items.map(e => e.metadata.name).sort();
  }

  async function until<T>(
    read: () => Promise<T>,
    check: (value: T) => boolean,
    what: string,
  ): Promise<T> {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const value = await read();
      if (check(value)) return value;
      if (Date.now() > deadline) {
        throw new Error(`${what}; last: ${JSON.stringify(value)}`);
      }
      await new Promise(r => setTimeout(r, 250));
    }
  }

  beforeAll(async () => {
    cp = await startControlPlane();
    admin = cp.kubeConfig('admin');
    const cache = {
      name: 'org-model',
      sourceModelUri: `hf://${MODEL}`,
      nodeGroup: 'gpu-a',
    };
    await givenObjects(
      admin,
      namespace('team-a'),
      namespace('team-b'),
      {
        apiVersion: LOCAL_MODEL_API_VERSION,
        kind: 'LocalModelCache',
        metadata: {
          name: cache.name,
          labels: { 'backstage.io/kubernetes-id': 'chat-assistant' },
        },
        spec: {
          sourceModelUri: cache.sourceModelUri,
          modelSize: '5Gi',
          nodeGroups: [cache.nodeGroup],
        },
      },
      // KServe reports the URL it is given: a credential in it must reach no entity.
      inferenceService({
        name: 'chat-llm',
        namespace: 'team-a',
        kubernetesId: 'chat-assistant',
        storageUri: `hf://${MODEL}`,
        cache,
        status: kserveServerStatus.ready(
          'https://admin:s3cr3t@chat-llm.team-a.example.com',
        ),
      }),
      {
        apiVersion: gemmaOnTPUServerKind.resource.apiVersion,
        kind: 'GemmaOnTPUServer',
        metadata: {
          name: 'gemma-chat',
          namespace: 'team-a',
          labels: { 'backstage.io/kubernetes-id': 'chat-assistant' },
        },
        spec: { replicas: 1, kaggleSecret: 'kaggle-credentials' },
        status: kroStatus.activeAndReady(new Date().toISOString()),
      },
      gemmaService('gemma-chat', 'team-a'),
      inferenceService({
        name: 'vision-llm',
        namespace: 'team-b',
        kubernetesId: 'vision-api',
        storageUri: `hf://${MODEL}`,
        status: kserveServerStatus.ready(
          'http://vision-llm.team-b.example.com',
        ),
      }),
    );
    backend = await startPortalBackend({
      plugin: '@model-delivery/plugin-model-delivery-backend',
      controlPlane: cp,
      entities: [
        groupEntity('ml'),
        groupEntity('vision'),
        groupEntity('platform-team'),
        teamComponent('chat-assistant', 'group:default/ml'),
        teamComponent('vision-api', 'group:default/vision'),
      ],
      policy,
      features: [
        catalogModuleModelDelivery,
        eventsServiceFactory,
        schedulerServiceFactory,
      ],
      config: { events: { useEventBus: 'never' } },
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await cp?.stop();
  });

  it("makes an InferenceService of hf://org/model, served from a LocalModelCache, an ai-model-server API related to the model's entity and to its component", async () => {
    const server = await until(
      () => api(serverEntityName(chatLlm)),
      e => targets(e, RELATION_DEPENDS_ON).length > 0,
      'chat-llm never became a related API entity',
    );
    expect(server).toMatchObject({
      kind: 'API',
      metadata: {
        title: 'chat-llm',
        annotations: { [ANNOTATION_SERVER_READY]: 'true' },
        tags: ['kserve', 'openai-v1'],
      },
      spec: {
        type: 'ai-model-server',
        lifecycle: 'production',
        owner: 'group:default/ml',
        serverType: 'openai-v1',
        serverUrl: 'https://chat-llm.team-a.example.com/openai/v1',
        models: { available: ['chat-llm'], default: 'chat-llm' },
      },
    });
    expect(targets(server, RELATION_DEPENDS_ON)).toEqual([
      modelEntityRef(MODEL),
    ]);
    expect(targets(server, RELATION_API_PROVIDED_BY)).toEqual([
      'component:default/chat-assistant',
    ]);
    expect(targets(server, RELATION_OWNED_BY)).toEqual(['group:default/ml']);
    expect(JSON.stringify(server)).not.toMatch(/s3cr3t|admin/);

    // The model's entity and the component see the server from their side.
    const model = await until(
      () => entity(`resource/default/${modelEntityName(MODEL)}`),
      e =>
        targets(e, RELATION_DEPENDENCY_OF).includes(serverEntityRef(chatLlm)),
      "the model's entity never named chat-llm",
    );
    expect(targets(model, RELATION_DEPENDENCY_OF)).toEqual(
      expect.arrayContaining([
        'component:default/chat-assistant',
        serverEntityRef(chatLlm),
        serverEntityRef(visionLlm),
      ]),
    );
    const component = await until(
      () => entity('component/default/chat-assistant'),
      e => targets(e, RELATION_PROVIDES_API).length === 2,
      'chat-assistant never provided both servers',
    );
    expect(targets(component, RELATION_PROVIDES_API)).toEqual(
      [serverEntityRef(chatLlm), serverEntityRef(gemmaChat)].sort(),
    );
  });

  it('makes a GemmaOnTPUServer one at its Service URL', async () => {
    const gemma = await until(
      () => api(serverEntityName(gemmaChat)),
      e => targets(e, RELATION_DEPENDS_ON).length > 0,
      'gemma-chat never became a related API entity',
    );
    expect(gemma?.spec).toMatchObject({
      type: 'ai-model-server',
      serverType: 'jetstream-http',
      serverUrl: 'http://gemma-chat.team-a.svc.cluster.local:8000',
      models: { available: [GEMMA] },
    });
    expect(targets(gemma, RELATION_DEPENDS_ON)).toEqual([
      modelEntityRef(GEMMA),
    ]);
  });

  it('records a server that turns not ready, and shows no server of an entity the reader may not read', async () => {
    await givenObjects(
      admin,
      statusOf(
        inferenceService({
          name: 'chat-llm',
          namespace: 'team-a',
          storageUri: `hf://${MODEL}`,
        }),
        kserveServerStatus.notReady(
          'RevisionMissing',
          'waiting for a Revision',
        ),
      ),
    );
    await until(
      () => api(serverEntityName(chatLlm)),
      e => e?.metadata.annotations?.[ANNOTATION_SERVER_READY] === 'false',
      'chat-llm never became not ready in the catalog',
    );

    // alice may not read vision-api: nor its server, which is owned like it.
    expect(await api(serverEntityName(visionLlm))).toBeDefined();
    expect(await api(serverEntityName(visionLlm), ALICE)).toBeUndefined();
    expect(await api(serverEntityName(chatLlm), ALICE)).toBeDefined();
    // Nor is it listed to her.
    expect(await listedServers(ALICE)).toEqual(
      [serverEntityName(chatLlm), serverEntityName(gemmaChat)].sort(),
    );
    expect(await listedServers('user:default/root')).toEqual(
      [
        serverEntityName(chatLlm),
        serverEntityName(gemmaChat),
        serverEntityName(visionLlm),
      ].sort(),
    );
  });
});
