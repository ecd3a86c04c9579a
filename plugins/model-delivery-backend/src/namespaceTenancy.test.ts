import {
  BackstageCredentials,
  BackstageUserPrincipal,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { TestBackend, mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import catalogTemplatesModule from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import {
  AuthorizeResult,
  PolicyDecision,
  isResourcePermission,
} from '@backstage/plugin-permission-common';
import { PermissionPolicy } from '@backstage/plugin-permission-node';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import {
  ControlPlane,
  FAKE_HUB_SAMPLE_TOKEN,
  FakeHuggingFaceHub,
  IDENTITIES,
  startControlPlane,
  startFakeHuggingFaceHub,
} from '@internal/local-control-plane';
import { KubeConfig } from '@kubernetes/client-node';
import {
  RESOURCE_TYPE_MODEL_DELIVERY_NAMESPACE,
  hfOperatorJobName,
  modelDeliveryNamespaceWritePermission,
  modelDownloadKind,
} from '@model-delivery/plugin-model-delivery-common';
import {
  createModelDeliveryNamespaceConditionalDecision,
  modelDeliveryNamespaceConditions as namespaceIs,
} from '@model-delivery/plugin-model-delivery-node';
import scaffolderModelDeliveryModule from '@model-delivery/plugin-scaffolder-backend-module-model-delivery';
import {
  SECRET_TYPE,
  clusterWideSecretReads,
  getObject,
  givenObjects,
  localModelNodeGroup,
  modelDownload,
  optedInNamespace,
  namespace,
  persistentVolumeClaim,
  playHfOperator,
  refOf,
  repositoryFile,
  requestCountsByScope,
  secret,
} from '@model-delivery/test-kit';
import { groupEntity, teamComponent } from '@model-delivery/test-kit/fixtures';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { parse } from 'yaml';
import {
  backendUrl,
  startPortalBackend,
} from '@model-delivery/test-kit/portal';

jest.setTimeout(300_000);

/*
 * Tenancy, end to end: the real permission backend deciding with an adopter's conditional
 * policy on the target namespace, the real API server holding the suite's two-part RBAC,
 * and every path a user reaches a namespace by: the REST routes, the scaffolder (the
 * suite's template and its actions) and MCP (the plan and retry actions). Alice is in team
 * A; team B's namespace is refused to her on each path, her team's is not; her team's
 * sandbox, which the cluster admin did not opt in, is refused by the cluster itself.
 */

const TEAM_A = 'group:default/team-a';
const TEAM_B = 'group:default/team-b';
const ALICE = 'user:default/alice';

const A = 'team-a-models';
const B = 'team-b-models';
/** Team A's, but not opted in: the suite's identity has only the read-only ClusterRole there. */
const SANDBOX = 'team-a-sandbox';

const ASSISTANT_A = 'component:default/assistant-a';
const ASSISTANT_B = 'component:default/assistant-b';
const MODEL = 'Qwen/Qwen2.5-0.5B-Instruct';
const FAILING = ['org/fails-once', 'org/fails-twice'];
/** A token the stand-in Hub does not know. */
const REFUSED_TOKEN = 'hf_NoSuchTokenOnTheHub00000000000';

/** A Secret form field's value in the form: the scaffolder's Secret widget masks it. */
const masked = (token: string) => '*'.repeat(token.length);

/** The namespace and Role a refusal of the cluster names. */
const notOptedIn = (ns: string) =>
  `Namespace '${ns}' is not opted in for Model Delivery. A cluster admin of 'local' opts it in by binding the Role backstage-model-delivery-writer (node_modules/@model-delivery/plugin-model-delivery-node/manifests/rbac/model-delivery-namespace-role.yaml)`;
/** What the permission policy's refusal says. */
const refused = (doing: string, ns: string) =>
  `You may not ${doing} in namespace '${ns}' of cluster 'local'`;

/**
 * An adopter's policy: each team acts in the namespaces it owns (their backstage.io/owner
 * annotation), and only for entities it owns; it reads only its namespaces' claims and
 * Secrets. Everything else is allowed: the entity permissions let Alice act on team B's
 * entity, so that what refuses her there is the namespace.
 */
const policy: PermissionPolicy = {
  async handle(req, user): Promise<PolicyDecision> {
    const { permission } = req;
    if (
      !isResourcePermission(permission, RESOURCE_TYPE_MODEL_DELIVERY_NAMESPACE)
    ) {
      return { result: AuthorizeResult.ALLOW };
    }
    const owned = namespaceIs.isNamespaceOwner({
      claims: user?.info.ownershipEntityRefs ?? [],
    });
    return createModelDeliveryNamespaceConditionalDecision(
      permission,
      permission.name === modelDeliveryNamespaceWritePermission.name
        ? { allOf: [owned, namespaceIs.isEntityOwnerNamespaceOwner()] }
        : owned,
    );
  },
};

/** Team memberships, as the catalog's User entities say them. */
const MEMBERS: Record<string, string[]> = { [ALICE]: [TEAM_A] };

/**
 * The ownership refs a sign-in resolver gives a user (the user and its groups, from the
 * catalog): the mock auth's tokens carry the user only.
 */
const userInfoWithGroups = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () => ({
    async getUserInfo(credentials: BackstageCredentials) {
      const { userEntityRef } = credentials.principal as BackstageUserPrincipal;
      return {
        userEntityRef,
        ownershipEntityRefs: [userEntityRef, ...(MEMBERS[userEntityRef] ?? [])],
      };
    },
  }),
});

/** A one-step template running a lifecycle action with the form's values. */
function lifecycleTemplate(
  name: string,
  action: string,
  inputs: string[],
): Entity {
  return {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: { name, namespace: 'default' },
    spec: {
      owner: TEAM_A,
      type: 'test',
      parameters: [
        {
          properties: Object.fromEntries(
            inputs.map(i => [i, { type: 'string' }]),
          ),
        },
      ],
      steps: [
        {
          id: 'act',
          name,
          action,
          input: Object.fromEntries(
            inputs.map(i => [i, `\${{ parameters.${i} }}`]),
          ),
        },
      ],
    },
  };
}

const ENTITIES: Entity[] = [
  groupEntity('team-a'),
  groupEntity('team-b'),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'alice', namespace: 'default' },
    spec: { memberOf: ['team-a'] },
  },
  teamComponent('assistant-a', TEAM_A),
  teamComponent('assistant-b', TEAM_B),
  parse(
    readFileSync(
      repositoryFile(
        'plugins/scaffolder-backend-module-model-delivery/templates/model-download/template.yaml',
      ),
      'utf8',
    ),
  ),
  lifecycleTemplate('delete-resource', 'model-delivery:resource:delete', [
    'entityRef',
    'cluster',
    'kind',
    'namespace',
    'name',
  ]),
  lifecycleTemplate('redownload', 'model-delivery:model-download:redownload', [
    'entityRef',
    'cluster',
    'namespace',
    'name',
  ]),
];

/** What each team's namespace holds: a claim, the token Secret, its entity's downloads. */
function teamNamespace(ns: string, kubernetesId: string) {
  return [
    persistentVolumeClaim(ns, 'models'),
    secret(ns, 'hf-token', { token: FAKE_HUB_SAMPLE_TOKEN }),
    modelDownload({
      name: 'downloads',
      namespace: ns,
      kubernetesId,
      models: FAILING,
    }),
  ];
}

describe('tenancy: team A acts only in its own namespaces', () => {
  let cp: ControlPlane;
  let admin: KubeConfig;
  let hub: FakeHuggingFaceHub;
  let backend: TestBackend;

  const api = () => request(backend.server);
  const auth = (user = ALICE) => mockCredentials.user.header(user);
  const get = (path: string) =>
    api().get(`/api/model-delivery${path}`).set('Authorization', auth());
  const post = (path: string, body: object) =>
    api()
      .post(`/api/model-delivery${path}`)
      .set('Authorization', auth())
      .send(body);

  async function mcp(tool: string, args: object) {
    const client = new Client({ name: 'tenancy-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(
        new URL(backendUrl(backend, '/api/mcp-actions/v1')),
        { requestInit: { headers: { Authorization: auth() } } },
      ),
    );
    try {
      return (await client.callTool({
        name: tool,
        arguments: { ...args },
      })) as {
        isError?: boolean;
        structuredContent?: any;
        content: Array<{ type: string; text: string }>;
      };
    } finally {
      await client.close();
    }
  }

  /** Runs a template as Alice, as the Create page does; resolves when it finished. */
  async function task(
    template: string,
    values: object,
    secrets?: Record<string, string>,
  ): Promise<{ status: string; log: string }> {
    const created = await api()
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', auth())
      .send({
        templateRef: `template:default/${template}`,
        values,
        ...(secrets ? { secrets } : {}),
      });
    expect(created.status).toBe(201);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const { body } = await api()
        .get(`/api/scaffolder/v2/tasks/${created.body.id}`)
        .set('Authorization', auth());
      if (['completed', 'failed', 'cancelled'].includes(body.status)) {
        const events = await api()
          .get(`/api/scaffolder/v2/tasks/${created.body.id}/events`)
          .set('Authorization', auth());
        return {
          status: body.status,
          log: events.body
            .map((e: any) => e.body?.message)
            .filter(Boolean)
            .join('\n'),
        };
      }
      if (Date.now() > deadline)
        throw new Error(`task ${template} never ended`);
      await new Promise(r => setTimeout(r, 250));
    }
  }

  const download = (ns: string) =>
    getObject(admin, refOf(modelDownloadKind.resource, 'downloads', ns));
  const job = (ns: string, model: string) =>
    getObject(admin, {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: hfOperatorJobName('downloads', model), namespace: ns },
    });

  /** The form's values for the suite's model-download template. */
  const downloadValues = (ns: string, entityRef: string, name: string) => ({
    entityRef,
    cluster: 'local',
    namespace: ns,
    name,
    models: [{ name: MODEL }],
    storagePVC: 'models',
    tokenSource: 'existing',
    hfTokenRef: { name: 'hf-token', key: 'token' },
    settings: {},
  });

  beforeAll(async () => {
    [cp, hub] = await Promise.all([
      startControlPlane(),
      startFakeHuggingFaceHub(),
    ]);
    admin = cp.kubeConfig('admin');
    await givenObjects(
      admin,
      ...optedInNamespace(A, TEAM_A),
      ...optedInNamespace(B, TEAM_B),
      {
        ...namespace(SANDBOX),
        metadata: {
          name: SANDBOX,
          annotations: { 'backstage.io/owner': TEAM_A },
        },
      },
      ...teamNamespace(A, 'assistant-a'),
      ...teamNamespace(B, 'assistant-b'),
      persistentVolumeClaim(SANDBOX, 'models'),
      secret(SANDBOX, 'hf-token', { token: FAKE_HUB_SAMPLE_TOKEN }),
      localModelNodeGroup('gpu-pool'),
    );
    for (const ns of [A, B]) {
      await playHfOperator(
        admin,
        ns,
        'downloads',
        Object.fromEntries(
          FAILING.map(m => [
            m,
            { state: 'failed', exitCode: 1, message: 'disk full' },
          ]),
        ),
      );
    }
    backend = await startPortalBackend({
      plugin: '@model-delivery/plugin-model-delivery-backend',
      controlPlane: cp,
      entities: ENTITIES,
      policy,
      features: [
        scaffolderPlugin,
        scaffolderModelDeliveryModule,
        catalogTemplatesModule,
        mcpActionsPlugin,
        userInfoWithGroups,
      ],
      config: {
        modelDelivery: {
          status: { maxReconnectDelaySeconds: 1, crdRecheckIntervalSeconds: 1 },
          huggingFace: { endpoint: hub.url },
        },
      },
    });
    // Retry acts on what the caches see: wait until both teams' failures are in view.
    const deadline = Date.now() + 60_000;
    for (const entity of ['assistant-a', 'assistant-b']) {
      for (;;) {
        const { body } = await get(
          `/entity/component/default/${entity}/status`,
        );
        if (body?.resources?.[0]?.counts?.failed === FAILING.length) break;
        if (Date.now() > deadline) {
          throw new Error(`${entity}'s failures never showed`);
        }
        await new Promise(r => setTimeout(r, 250));
      }
    }
  });

  afterAll(async () => {
    await backend?.stop();
    await Promise.all([cp?.stop(), hub?.stop()]);
  });

  describe('through the REST routes', () => {
    it("the namespace picker offers team A's namespaces only, with their owners", async () => {
      const response = await get(
        `/form-data/namespaces?cluster=local&entityRef=${encodeURIComponent(
          ASSISTANT_A,
        )}`,
      );
      expect(response.status).toBe(200);
      expect(response.body.items).toEqual([
        { name: A, owner: TEAM_A },
        { name: SANDBOX, owner: TEAM_A },
      ]);
    });

    it("says why team B's namespace, typed by hand, is refused", async () => {
      const response = await get(
        `/form-data/namespace-access?cluster=local&namespace=${B}&entityRef=${encodeURIComponent(
          ASSISTANT_A,
        )}`,
      );
      expect(response.body).toEqual({
        cluster: 'local',
        namespace: B,
        exists: true,
        allowed: false,
        owner: TEAM_B,
        message: `You may not act in namespace '${B}' of cluster 'local' for ${ASSISTANT_A}: the portal's permission policy does not grant you model-delivery.namespace.write there. Use a namespace your team may use, or ask the namespace's owner or the platform team. It belongs to ${TEAM_B} (its backstage.io/owner annotation).`,
      });
      const own = await get(
        `/form-data/namespace-access?cluster=local&namespace=${A}&entityRef=${encodeURIComponent(
          ASSISTANT_A,
        )}`,
      );
      expect(own.body).toEqual({
        cluster: 'local',
        namespace: A,
        exists: true,
        allowed: true,
        owner: TEAM_A,
      });
    });

    it.each([
      ['persistent-volume-claims', 'list the PersistentVolumeClaims', 'models'],
      ['secrets', 'list the Secrets', 'hf-token'],
    ])(
      "lists %s in team A's namespace, and refuses team B's",
      async (list, doing, name) => {
        const theirs = await get(
          `/form-data/${list}?cluster=local&namespace=${B}`,
        );
        expect(theirs.status).toBe(403);
        expect(theirs.body.error.message).toBe(
          `You may not ${doing} in namespace '${B}' of cluster 'local': the portal's permission policy does not grant you model-delivery.namespace.read there. Use a namespace your team may use, or ask the namespace's owner or the platform team`,
        );
        const own = await get(
          `/form-data/${list}?cluster=local&namespace=${A}`,
        );
        expect(own.status).toBe(200);
        expect(own.body.items.map((i: any) => i.name)).toEqual([name]);
      },
    );

    it('lists node groups for a cache in team A’s namespace, not in team B’s', async () => {
      const theirs = await get(
        `/form-data/node-groups?cluster=local&namespace=${B}`,
      );
      expect(theirs.status).toBe(403);
      const own = await get(
        `/form-data/node-groups?cluster=local&namespace=${A}`,
      );
      expect(own.body.items.map((i: any) => i.name)).toEqual(['gpu-pool']);
    });

    it("asks the Hub with team A's token Secret, never with team B's", async () => {
      const ask = (ns: string) =>
        post('/form-data/hugging-face/models', {
          models: [{ id: MODEL }],
          tokenSecret: {
            cluster: 'local',
            namespace: ns,
            name: 'hf-token',
            key: 'token',
          },
        });
      const before = hub.requests.length;
      const theirs = await ask(B);
      expect(theirs.status).toBe(403);
      expect(theirs.body.error.message).toContain(
        refused("read the token of Secret 'hf-token'", B),
      );
      expect(hub.requests.length).toBe(before);
      const own = await ask(A);
      expect(own.status).toBe(200);
      expect(own.body).toMatchObject({
        tokenSource: 'secret',
        models: [{ id: MODEL, access: 'readable' }],
      });
    });

    it("refuses to delete, re-download or retry in team B's namespace, though the entity permissions allow it", async () => {
      const target = {
        entityRef: ASSISTANT_B,
        cluster: 'local',
        kind: 'ModelDownload',
        namespace: B,
        name: 'downloads',
      };
      const deleted = await post('/delete', target);
      expect(deleted.status).toBe(403);
      expect(deleted.body.error.message).toBe(
        `You may not delete ModelDownload downloads in namespace '${B}' of cluster 'local' for ${ASSISTANT_B}: the portal's permission policy does not grant you model-delivery.namespace.write there. Use a namespace your team may use, or ask the namespace's owner or the platform team`,
      );
      const redownloaded = await post('/redownload', target);
      expect(redownloaded.status).toBe(403);
      const retried = await post('/retry', { ...target, item: FAILING[0] });
      expect(retried.status).toBe(403);
      expect(retried.body.error.message).toContain(
        refused(`retry model '${FAILING[0]}' of ModelDownload downloads`, B),
      );
      // Nothing happened there.
      expect(await download(B)).toBeDefined();
      for (const model of FAILING) expect(await job(B, model)).toBeDefined();
    });

    it("retries in team A's namespace", async () => {
      const retried = await post('/retry', {
        entityRef: ASSISTANT_A,
        cluster: 'local',
        kind: 'ModelDownload',
        namespace: A,
        name: 'downloads',
        item: FAILING[0],
      });
      expect(retried.status).toBe(200);
      expect(await job(A, FAILING[0])).toBeUndefined();
    });
  });

  describe('through MCP', () => {
    it("refuses a retry in team B's namespace, and retries in team A's", async () => {
      const retry = (entityRef: string, ns: string) =>
        mcp('model-delivery.retry-failed-item', {
          entityRef,
          cluster: 'local',
          kind: 'ModelDownload',
          namespace: ns,
          name: 'downloads',
          item: FAILING[1],
        });
      const theirs = await retry(ASSISTANT_B, B);
      expect(theirs.isError).toBe(true);
      expect(theirs.content[0].text).toContain(
        refused(`retry model '${FAILING[1]}' of ModelDownload downloads`, B),
      );
      expect(await job(B, FAILING[1])).toBeDefined();
      const own = await retry(ASSISTANT_A, A);
      expect(own.isError).toBeFalsy();
      expect(await job(A, FAILING[1])).toBeUndefined();
    });

    it("plans a ModelDownload in team A's namespace, not in team B's", async () => {
      const plan = (ns: string) =>
        mcp('scaffolder.model-delivery-plan-model-download', {
          cluster: 'local',
          namespace: ns,
          name: 'planned',
          entityRef: ASSISTANT_A,
          models: [{ name: MODEL }],
          storagePVC: 'models',
          hfTokenRef: { name: 'hf-token', key: 'token' },
        });
      const theirs = await plan(B);
      expect(theirs.structuredContent).toMatchObject({ ok: false });
      expect(theirs.structuredContent.problems).toEqual([
        expect.stringContaining(
          `${refused(
            `create ModelDownload ${B}/planned`,
            B,
          )} for ${ASSISTANT_A}: the portal's permission policy does not grant you model-delivery.namespace.write there`,
        ),
      ]);
      const own = await plan(A);
      expect(own.structuredContent).toMatchObject({ ok: true, problems: [] });
    });
  });

  describe('through the scaffolder', () => {
    it("refuses the suite's template in team B's namespace and runs it in team A's", async () => {
      const theirs = await task(
        'model-download',
        downloadValues(B, ASSISTANT_A, 'a-in-b'),
      );
      expect(theirs.status).toBe('failed');
      expect(theirs.log).toContain(
        `You may not create ModelDownload ${B}/a-in-b in namespace '${B}' of cluster 'local' for ${ASSISTANT_A}`,
      );
      expect(
        await getObject(admin, refOf(modelDownloadKind.resource, 'a-in-b', B)),
      ).toBeUndefined();

      const own = await task(
        'model-download',
        downloadValues(A, ASSISTANT_A, 'created'),
      );
      expect(own.status).toBe('completed');
      expect(
        await getObject(admin, refOf(modelDownloadKind.resource, 'created', A)),
      ).toBeDefined();
    });

    it("refuses the delete and re-download actions in team B's namespace, and runs them in team A's", async () => {
      const target = (
        template: string,
        entityRef: string,
        ns: string,
        name: string,
      ) => ({
        entityRef,
        cluster: 'local',
        ...(template === 'delete-resource' ? { kind: 'ModelDownload' } : {}),
        namespace: ns,
        name,
      });
      for (const template of ['redownload', 'delete-resource']) {
        const theirs = await task(
          template,
          target(template, ASSISTANT_B, B, 'downloads'),
        );
        expect(theirs.status).toBe('failed');
        expect(theirs.log).toContain(
          `in namespace '${B}' of cluster 'local' for ${ASSISTANT_B}: the portal's permission policy does not grant you model-delivery.namespace.write there`,
        );
      }
      expect(await download(B)).toBeDefined();

      for (const template of ['redownload', 'delete-resource']) {
        const own = await task(
          template,
          target(template, ASSISTANT_A, A, 'created'),
        );
        expect(own.status).toBe('completed');
      }
      expect(
        await getObject(admin, refOf(modelDownloadKind.resource, 'created', A)),
      ).toBeUndefined();
    });

    it('stores no token the Hub refuses, and the task says so', async () => {
      const run = await task(
        'model-download',
        {
          ...downloadValues(A, ASSISTANT_A, 'with-new-token'),
          tokenSource: 'new',
          hfTokenRef: { name: 'refused-token', key: 'token' },
          hfToken: masked(REFUSED_TOKEN),
        },
        { hfToken: REFUSED_TOKEN },
      );
      expect(run.status).toBe('failed');
      expect(run.log).toContain(
        `refused the token of task secret 'hfToken' (invalid credentials), so it was not stored`,
      );
      expect(run.log).not.toContain(REFUSED_TOKEN);
      // Read back from the API server: neither the Secret nor the ModelDownload.
      expect(
        await getObject(admin, refOf(SECRET_TYPE, 'refused-token', A)),
      ).toBeUndefined();
      expect(
        await getObject(
          admin,
          refOf(modelDownloadKind.resource, 'with-new-token', A),
        ),
      ).toBeUndefined();
    });
  });

  describe("in team A's namespace that is not opted in, the cluster refuses (403) on every path", () => {
    it('the template: the ModelDownload, and a new token Secret, naming the namespace and the Role; nothing is left behind', async () => {
      const existing = await task(
        'model-download',
        downloadValues(SANDBOX, ASSISTANT_A, 'in-sandbox'),
      );
      expect(existing.status).toBe('failed');
      expect(existing.log).toContain(notOptedIn(SANDBOX));

      const withToken = await task(
        'model-download',
        {
          ...downloadValues(SANDBOX, ASSISTANT_A, 'in-sandbox'),
          tokenSource: 'new',
          hfTokenRef: { name: 'new-token', key: 'token' },
          hfToken: masked(FAKE_HUB_SAMPLE_TOKEN),
        },
        { hfToken: FAKE_HUB_SAMPLE_TOKEN },
      );
      expect(withToken.status).toBe('failed');
      expect(withToken.log).toContain(notOptedIn(SANDBOX));
      expect(withToken.log).not.toContain(FAKE_HUB_SAMPLE_TOKEN);

      expect(
        await getObject(admin, refOf(SECRET_TYPE, 'new-token', SANDBOX)),
      ).toBeUndefined();
      expect(
        await getObject(
          admin,
          refOf(modelDownloadKind.resource, 'in-sandbox', SANDBOX),
        ),
      ).toBeUndefined();
    });

    it('the pickers and the Hub check say so, and read no Secret', async () => {
      const secrets = await get(
        `/form-data/secrets?cluster=local&namespace=${SANDBOX}`,
      );
      expect(secrets.status).toBe(200);
      expect(secrets.body.items).toEqual([]);
      expect(secrets.body.problem).toEqual({
        reason: 'forbidden',
        message: expect.stringContaining(notOptedIn(SANDBOX)),
      });

      const checked = await post('/form-data/hugging-face/models', {
        models: [{ id: MODEL }],
        tokenSecret: {
          cluster: 'local',
          namespace: SANDBOX,
          name: 'hf-token',
          key: 'token',
        },
      });
      expect(checked.status).toBe(200);
      expect(checked.body.problem).toContain(notOptedIn(SANDBOX));
      expect(checked.body.models[0].access).toBe('unknown');
    });

    it('the plan action lists it as the problem', async () => {
      const plan = await mcp('scaffolder.model-delivery-plan-model-download', {
        cluster: 'local',
        namespace: SANDBOX,
        name: 'planned',
        entityRef: ASSISTANT_A,
        models: [{ name: MODEL }],
        storagePVC: 'models',
        hfTokenRef: { name: 'hf-token', key: 'token' },
      });
      expect(plan.structuredContent.ok).toBe(false);
      expect(plan.structuredContent.problems.join('\n')).toContain(
        notOptedIn(SANDBOX),
      );
    });
  });

  // Last: over this whole file's run, with every flow above.
  it('never listed or watched Secrets across the cluster (apiserver_request_total by scope, attributed by the audit log)', async () => {
    const metrics = await cp.metrics();
    const audited = cp.auditedSecretRequests();
    const reads = clusterWideSecretReads(metrics, audited);
    // The portal's identity: never, not even a watch still running.
    expect(reads.byUser[IDENTITIES.backstage.user]).toBeUndefined();
    // What the metric counts across the cluster is, request for request, the control
    // plane's own: the API server's informers and kube-controller-manager's (its garbage
    // collector watches every kind, Secrets too).
    expect(reads.counted).toEqual(reads.ended);
    expect(
      Object.keys(reads.byUser).filter(
        user =>
          !['system:apiserver', IDENTITIES['controller-manager'].user].includes(
            user,
          ),
      ),
    ).toEqual([]);
    // The metric does attribute scope: the Secret picker listed one namespace at a time,
    // as the portal's identity.
    expect(
      requestCountsByScope(metrics, 'secrets')['LIST namespace'],
    ).toBeGreaterThan(0);
    expect(
      audited.filter(
        r => r.user === IDENTITIES.backstage.user && r.verb === 'list',
      ),
    ).toEqual(
      expect.arrayContaining([expect.objectContaining({ namespace: A })]),
    );
  });
});
