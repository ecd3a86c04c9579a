import { groupEntity, teamComponent } from '@model-delivery/test-kit/fixtures';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { TestBackend, mockCredentials } from '@backstage/backend-test-utils';
import {
  Entity,
  KubernetesValidatorFunctions,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  RELATION_OWNED_BY,
} from '@backstage/catalog-model';
import { ControlPlane, startControlPlane } from '@internal/local-control-plane';
import { KubeConfig } from '@kubernetes/client-node';
import {
  ANNOTATION_HUGGING_FACE_REPO,
  ANNOTATION_MODEL_ID,
  ANNOTATION_MODEL_SOURCE,
  EntityStatusResponse,
  LOCAL_MODEL_API_VERSION,
  modelEntityName,
} from '@model-delivery/plugin-model-delivery-common';
import {
  deleteIfExists,
  givenObjects,
  modelDownload,
  modelDownloadNeeds,
} from '@model-delivery/test-kit';
import {
  startPortalBackend,
  teamPolicy,
} from '@model-delivery/test-kit/portal';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import catalogModuleModelDelivery from './index';

jest.setTimeout(240_000);

const group = groupEntity;

const component = teamComponent;

const ENTITIES = [
  group('ml'),
  group('vision'),
  group('platform-team'),
  component('chat-assistant', 'group:default/ml'),
  component('vision-api', 'group:default/vision'),
];

/**
 * `alice` (ML team) may read only the ML team's and the platform team's entities in the
 * catalog: the model entities, chat-assistant, not vision-api. Everyone else reads all.
 */
const policy = teamPolicy({
  entitiesOf: {
    'user:default/alice': ['group:default/ml', 'group:default/platform-team'],
  },
});

async function modelEntityStatus(
  backend: TestBackend,
  modelId: string,
  userRef: string,
): Promise<EntityStatusResponse> {
  const response = await fetch(
    `${baseUrl(
      backend,
    )}/api/model-delivery/entity/resource/default/${modelEntityName(
      modelId,
    )}/status`,
    { headers: { authorization: mockCredentials.user.header(userRef) } },
  );
  expect(response.status).toBe(200);
  return (await response.json()) as EntityStatusResponse;
}

const TOKEN = 'hf_secretTokenValueNeverInTheCatalog';
const LLAMA = 'meta-llama/Llama-3.1-8B';
const GEMMA = 'google/gemma-2-2b-it';

async function catalogEntity(
  backend: TestBackend,
  ref: { kind: string; name: string },
): Promise<Entity | undefined> {
  const response = await fetch(
    `${baseUrl(backend)}/api/catalog/entities/by-name/${ref.kind}/default/${
      ref.name
    }`,
    { headers: { authorization: mockCredentials.service.header() } },
  );
  if (response.status === 404) return undefined;
  expect(response.status).toBe(200);
  return (await response.json()) as Entity;
}

function baseUrl(backend: TestBackend) {
  const address = backend.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return `http://localhost:${address.port}`;
}

/** Polls the catalog until `check` holds for the model's entity (or its absence). */
async function untilModelEntity(
  backend: TestBackend,
  modelId: string,
  check: (entity: Entity | undefined) => boolean,
  what: string,
): Promise<Entity | undefined> {
  const deadline = Date.now() + 90_000;
  let last: Entity | undefined;
  for (;;) {
    last = await catalogEntity(backend, {
      kind: 'resource',
      name: modelEntityName(modelId),
    });
    if (check(last)) return last;
    if (Date.now() > deadline) {
      throw new Error(`${what}; the catalog holds ${JSON.stringify(last)}`);
    }
    await new Promise(r => setTimeout(r, 250));
  }
}

const targets = (entity: Entity | undefined, type: string) =>
  (entity?.relations ?? [])
    .filter(r => r.type === type)
    .map(r => r.targetRef)
    .sort();

describe('model entities in the catalog', () => {
  let cp: ControlPlane;
  let admin: KubeConfig;
  let backend: TestBackend;

  beforeAll(async () => {
    cp = await startControlPlane();
    admin = cp.kubeConfig('admin');
    await givenObjects(
      admin,
      ...modelDownloadNeeds('team-a', 'models', { token: TOKEN }),
      ...modelDownloadNeeds('team-b', 'models', { token: TOKEN }),
    );
    backend = await startPortalBackend({
      plugin: '@model-delivery/plugin-model-delivery-backend',
      controlPlane: cp,
      entities: ENTITIES,
      policy,
      // The real scheduler and events service, as the portal runs them (the test
      // backend's mocks give each plugin its own events and drop a trigger while running).
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

  it('makes a ModelDownload’s models entities that its component depends on, owned by the platform group', async () => {
    await givenObjects(
      admin,
      modelDownload({
        name: 'chat-models',
        namespace: 'team-a',
        kubernetesId: 'chat-assistant',
        models: [LLAMA, GEMMA],
      }),
    );

    const llama = await untilModelEntity(
      backend,
      LLAMA,
      e => targets(e, RELATION_DEPENDENCY_OF).length > 0,
      `${LLAMA} never became an entity`,
    );
    expect(llama).toMatchObject({
      kind: 'Resource',
      metadata: {
        name: modelEntityName(LLAMA),
        title: LLAMA,
        annotations: {
          [ANNOTATION_MODEL_ID]: LLAMA,
          [ANNOTATION_MODEL_SOURCE]: `hf://${LLAMA}`,
          [ANNOTATION_HUGGING_FACE_REPO]: LLAMA,
        },
        links: [{ url: `https://huggingface.co/${LLAMA}` }],
        tags: ['hf-operator'],
      },
      spec: {
        type: 'ai-model',
        owner: 'group:default/platform-team',
        dependencyOf: ['component:default/chat-assistant'],
      },
    });
    expect(targets(llama, RELATION_DEPENDENCY_OF)).toEqual([
      'component:default/chat-assistant',
    ]);
    expect(targets(llama, RELATION_OWNED_BY)).toEqual([
      'group:default/platform-team',
    ]);
    // What the Overview's "Depends on resources" card and the graph read.
    const chat = await catalogEntity(backend, {
      kind: 'component',
      name: 'chat-assistant',
    });
    expect(targets(chat, RELATION_DEPENDS_ON)).toEqual(
      expect.arrayContaining([
        `resource:default/${modelEntityName(LLAMA)}`,
        `resource:default/${modelEntityName(GEMMA)}`,
      ]),
    );
    // Nothing of the resource's wiring: no Secret, token, PVC, namespace or cluster.
    const json = JSON.stringify(llama);
    for (const secretish of [TOKEN, 'hf-token', 'team-a', cp.server]) {
      expect(json).not.toContain(secretish);
    }
  });

  it('makes one entity of a model two teams hold, a dependency of both, tagged with both operators', async () => {
    await givenObjects(
      admin,
      modelDownload({
        name: 'vision-models',
        namespace: 'team-b',
        kubernetesId: 'vision-api',
        models: [GEMMA],
      }),
      {
        apiVersion: LOCAL_MODEL_API_VERSION,
        kind: 'LocalModelNamespaceCache',
        metadata: {
          name: 'gemma-cache',
          namespace: 'team-b',
          labels: { 'backstage.io/kubernetes-id': 'vision-api' },
        },
        spec: {
          // A KServe hf:// URI of the same repo is the same model.
          sourceModelUri: `hf://${GEMMA}`,
          modelSize: '5Gi',
          nodeGroups: ['gpu'],
        },
      },
    );
    const gemma = await untilModelEntity(
      backend,
      GEMMA,
      e =>
        targets(e, RELATION_DEPENDENCY_OF).length === 2 &&
        (e?.metadata.tags ?? []).length === 2,
      `${GEMMA} never became a dependency of both teams' components`,
    );
    expect(targets(gemma, RELATION_DEPENDENCY_OF)).toEqual([
      'component:default/chat-assistant',
      'component:default/vision-api',
    ]);
    expect(gemma?.metadata.tags).toEqual(['hf-operator', 'kserve']);
  });

  it("shows on a model entity's tab every place the model is, among the entities the viewer may read", async () => {
    const everywhere = await modelEntityStatus(
      backend,
      GEMMA,
      'user:default/root',
    );
    expect(
      everywhere.resources.map(r => `${r.kind} ${r.namespace}/${r.name}`),
    ).toEqual([
      'ModelDownload team-a/chat-models',
      'LocalModelNamespaceCache team-b/gemma-cache',
      'ModelDownload team-b/vision-models',
    ]);
    const chat = everywhere.resources[0];
    // Only this model's item: the download's other model is another entity's business.
    expect(chat.items.map(i => i.name)).toEqual([GEMMA]);
    expect(chat.facts).toEqual(
      expect.arrayContaining([
        { label: 'Held for', value: 'component:default/chat-assistant' },
        { label: 'Stored on', value: 'PVC models' },
      ]),
    );
    expect(everywhere.resources[1].facts).toEqual(
      expect.arrayContaining([
        { label: 'Stored on', value: 'node groups gpu' },
        { label: 'Size', value: '5Gi' },
      ]),
    );

    // alice may not read vision-api: none of its places, not even a count.
    const alices = await modelEntityStatus(
      backend,
      GEMMA,
      'user:default/alice',
    );
    expect(alices.resources.map(r => r.name)).toEqual(['chat-models']);
    expect(
      alices.counts.pending + alices.counts.completed + alices.counts.failed,
    ).toBe(1);
    expect(JSON.stringify(alices)).not.toMatch(/team-b|vision/);
  });

  it('removes a model no resource holds any more, and a team from a model it stopped holding', async () => {
    await deleteIfExists(admin, {
      apiVersion: 'hfops.kamal.dev/v1alpha1',
      kind: 'ModelDownload',
      metadata: { name: 'chat-models', namespace: 'team-a' },
    });
    await untilModelEntity(
      backend,
      LLAMA,
      e => e === undefined,
      `${LLAMA} stayed in the catalog after its last ModelDownload went`,
    );
    const gemma = await untilModelEntity(
      backend,
      GEMMA,
      e => targets(e, RELATION_DEPENDENCY_OF).length === 1,
      `${GEMMA} kept chat-assistant`,
    );
    expect(targets(gemma, RELATION_DEPENDENCY_OF)).toEqual([
      'component:default/vision-api',
    ]);
  });

  it('gives awkward model ids valid, distinct entities named as modelEntityName names them', async () => {
    const awkward = [
      'Org.Name/Model_V2.0',
      'org.name/model_v2.0',
      `long-organisation/${'Very-Long-Model-Name.'.repeat(6)}end`,
    ];
    await givenObjects(
      admin,
      modelDownload({
        name: 'odd-models',
        namespace: 'team-a',
        kubernetesId: 'chat-assistant',
        models: awkward,
      }),
    );
    const names = new Set<string>();
    for (const id of awkward) {
      const entity = await untilModelEntity(
        backend,
        id,
        e => e !== undefined,
        `${id} never became an entity`,
      );
      expect(entity?.metadata.title).toBe(id);
      expect(
        KubernetesValidatorFunctions.isValidObjectName(entity!.metadata.name),
      ).toBe(true);
      names.add(entity!.metadata.name.toLocaleLowerCase('en-US'));
    }
    expect(names.size).toBe(awkward.length);
  });
});
