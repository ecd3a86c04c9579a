import { TestBackend, mockCredentials } from '@backstage/backend-test-utils';
import {
  DeleteResourceRequest,
  HF_OPERATOR_JOBS,
  LABEL_KUBERNETES_ID,
  RedownloadRequest,
  formatLabelSelector,
  gemmaOnTPUServerKind,
  hfOperatorJobLabels,
  kindLifecycle,
  localModelCacheKind,
  modelDeliveryDeletePermission,
  modelDeliveryRedownloadPermission,
  modelDownloadKind,
} from '@model-delivery/plugin-model-delivery-common';
import { Manifest } from '@internal/local-control-plane';
import {
  chatAssistant,
  componentEntity,
  eventually,
  getObject,
  givenObjects,
  hfOperatorJob,
  jobWithOutcome,
  listObjects,
  modelDownload,
  optedInNamespace,
  playHfOperator,
  refOf,
  secret,
} from '@model-delivery/test-kit';
import request from 'supertest';
import { recordingRootLogger } from '../__testUtils__/auditLog';
import { statusScene, waitForStatus } from '../__testUtils__/statusBackend';

jest.setTimeout(120_000);

const NS = 'ml';
const CHAT = 'component:default/chat-assistant';
const other = componentEntity('other-assistant', {
  'backstage.io/kubernetes-id': 'other-assistant',
});

const withForceReload = (manifest: Manifest): Manifest => ({
  ...manifest,
  spec: { ...(manifest.spec as object), settings: { forceReload: true } },
});

const gemma = (name: string) => ({
  ...refOf(gemmaOnTPUServerKind.resource, name, NS),
  metadata: {
    name,
    namespace: NS,
    labels: { [LABEL_KUBERNETES_ID]: 'chat-assistant' },
  },
  spec: { replicas: 1, kaggleSecret: 'kaggle-credentials' },
});

const cache = (name: string) => ({
  ...refOf(localModelCacheKind.resource, name),
  metadata: {
    name,
    labels: { [LABEL_KUBERNETES_ID]: 'chat-assistant' },
  },
  spec: {
    sourceModelUri: 'hf://org/cached-model',
    modelSize: '2Gi',
    nodeGroups: ['gpu-nodes'],
  },
});

function post(
  backend: TestBackend,
  path: '/delete' | '/redownload',
  user: string,
  body: Partial<DeleteResourceRequest | RedownloadRequest>,
) {
  return request(backend.server)
    .post(`/api/model-delivery${path}`)
    .set('Authorization', mockCredentials.user.header(user))
    .send(body);
}

const chatModels = modelDownload({
  name: 'chat-models',
  namespace: NS,
  kubernetesId: 'chat-assistant',
  models: ['org/first', 'org/second'],
});

const modelDownloadRef = (name: string): DeleteResourceRequest => ({
  entityRef: CHAT,
  cluster: 'local',
  kind: 'ModelDownload',
  namespace: NS,
  name,
});

describe('POST /delete and POST /redownload', () => {
  const logs = recordingRootLogger();
  const scene = statusScene({
    manifests: () => [
      ...optedInNamespace(NS),
      secret(NS, 'hf-token', { token: 'hf_not-a-real-token' }),
      chatModels,
      modelDownload({
        name: 'doomed-models',
        namespace: NS,
        kubernetesId: 'chat-assistant',
        models: ['org/a', 'org/b'],
      }),
      modelDownload({
        name: 'kept-models',
        namespace: NS,
        kubernetesId: 'chat-assistant',
        models: ['org/kept'],
      }),
      modelDownload({
        name: 'other-models',
        namespace: NS,
        kubernetesId: 'other-assistant',
        models: ['org/theirs'],
      }),
      gemma('gemma-a'),
      gemma('gemma-b'),
      cache('llama-cache'),
    ],
    entities: [chatAssistant, other],
    access: {
      deny: {
        'user:default/bob': [
          modelDeliveryDeletePermission.name,
          modelDeliveryRedownloadPermission.name,
        ],
      },
    },
    features: [logs.factory],
  });

  const jobsOf = async (resource: string) =>
    listObjects(scene.admin, {
      ...HF_OPERATOR_JOBS,
      namespace: NS,
      labelSelector: formatLabelSelector(hfOperatorJobLabels(resource)),
    });
  const podsOf = async (resource: string) =>
    (
      await listObjects(scene.admin, {
        apiVersion: 'v1',
        kind: 'Pod',
        namespace: NS,
        labelSelector: 'job-name',
      })
    ).filter(p =>
      p.metadata.labels!['job-name'].startsWith(`hf-dl-${resource}-`),
    );
  const exists = async (ref: ReturnType<typeof refOf>) =>
    (await getObject(scene.admin, ref)) !== undefined;
  const md = (name: string) => refOf(modelDownloadKind.resource, name, NS);

  beforeAll(async () => {
    // hf-operator, played (its stand-in's reconcile): a Job per model, controlled by its
    // ModelDownload; the Job controller runs each to completion.
    for (const [name, models] of Object.entries({
      'chat-models': ['org/first', 'org/second'],
      'doomed-models': ['org/a', 'org/b'],
      'kept-models': ['org/kept'],
      'other-models': ['org/theirs'],
    })) {
      await playHfOperator(
        scene.admin,
        NS,
        name,
        Object.fromEntries(models.map(m => [m, { state: 'completed' }])),
      );
    }
    // Then someone sets forceReload on one (hf-operator is not running meanwhile: the
    // loop it would start is the subject of forceReload.test.ts).
    await givenObjects(scene.admin, withForceReload(chatModels));
    await waitForStatus(
      scene.backend,
      chatAssistant,
      s =>
        s.resources.length === 6 &&
        s.resources.every(
          r => r.kind !== 'ModelDownload' || r.counts.completed > 0,
        ),
    );
    await waitForStatus(scene.backend, other, s => s.resources.length === 1);
  });

  describe('delete', () => {
    it("deletes a ModelDownload; the garbage collector removes the Jobs it controls and their pods, leaving other resources' Jobs; it is audited", async () => {
      expect(await jobsOf('doomed-models')).toHaveLength(2);
      expect(await podsOf('doomed-models')).toHaveLength(2);

      const response = await post(
        scene.backend,
        '/delete',
        'user:default/alice',
        modelDownloadRef('doomed-models'),
      );

      expect(response.status).toBe(200);
      expect(response.body.takesWith).toBe(
        kindLifecycle('ModelDownload')!.deleteTakesWith,
      );
      expect(response.body.deleted).toEqual([
        { kind: 'ModelDownload', namespace: NS, name: 'doomed-models' },
        {
          kind: 'Job',
          namespace: NS,
          name: 'hf-dl-doomed-models-org-a',
          removedBy: 'garbage-collector',
        },
        {
          kind: 'Job',
          namespace: NS,
          name: 'hf-dl-doomed-models-org-b',
          removedBy: 'garbage-collector',
        },
      ]);
      expect(await exists(md('doomed-models'))).toBe(false);
      // The real garbage collector follows the owner references: Jobs, then their pods.
      await eventually(
        async () =>
          (await jobsOf('doomed-models')).length === 0 &&
          (await podsOf('doomed-models')).length === 0
            ? true
            : undefined,
        "doomed-models' Jobs and pods removed by the garbage collector",
      );
      expect(await exists(md('kept-models'))).toBe(true);
      expect(await jobsOf('kept-models')).toHaveLength(1);

      const events = logs
        .auditEvents()
        .filter(e => e.message === 'model-delivery.resource-delete');
      expect(events.map(e => e.fields.status)).toEqual([
        'initiated',
        'succeeded',
      ]);
      expect(events[1].fields).toMatchObject({
        severityLevel: 'high',
        actor: { actorId: 'user:default/alice' },
        meta: {
          entityRef: CHAT,
          cluster: 'local',
          kind: 'ModelDownload',
          namespace: NS,
          name: 'doomed-models',
        },
      });
    });

    it("deletes itself the Jobs that carry the resource's labels but no owner reference, which no garbage collector would", async () => {
      // A cluster where hf-operator's Jobs lack the owner reference (made by hand here).
      await givenObjects(
        scene.admin,
        modelDownload({
          name: 'orphaned-models',
          namespace: NS,
          kubernetesId: 'chat-assistant',
          models: ['org/orphan'],
        }),
        ...jobWithOutcome(
          hfOperatorJob({
            resource: 'orphaned-models',
            namespace: NS,
            model: 'org/orphan',
          }),
          { state: 'running' },
        ),
      );
      await waitForStatus(scene.backend, chatAssistant, s =>
        s.resources.some(r => r.name === 'orphaned-models'),
      );

      const response = await post(
        scene.backend,
        '/delete',
        'user:default/alice',
        modelDownloadRef('orphaned-models'),
      );

      expect(response.status).toBe(200);
      expect(response.body.deleted).toEqual([
        { kind: 'ModelDownload', namespace: NS, name: 'orphaned-models' },
        {
          kind: 'Job',
          namespace: NS,
          name: 'hf-dl-orphaned-models-org-orphan',
        },
      ]);
      expect(await jobsOf('orphaned-models')).toEqual([]);
      // Deleted with propagation Background: the garbage collector takes its pod.
      await eventually(
        async () =>
          (await podsOf('orphaned-models')).length === 0 ? true : undefined,
        "the orphaned Job's pod removed by the garbage collector",
      );
    });

    it('answers 403 and deletes nothing without the delete permission, and audits the refusal', async () => {
      const before = logs.auditEvents().length;
      const response = await post(
        scene.backend,
        '/delete',
        'user:default/bob',
        modelDownloadRef('kept-models'),
      );

      expect(response.status).toBe(403);
      expect(response.body.error.message).toContain(
        'model-delivery.resource.delete',
      );
      expect(await exists(md('kept-models'))).toBe(true);
      expect(await jobsOf('kept-models')).toHaveLength(1);
      const events = logs.auditEvents().slice(before);
      expect(events.map(e => [e.message, e.fields.status])).toEqual([
        ['model-delivery.resource-delete', 'initiated'],
        ['model-delivery.resource-delete', 'failed'],
      ]);
      expect(events[1].fields).toMatchObject({
        actor: { actorId: 'user:default/bob' },
      });
    });

    it("answers 404 for another entity's resource and leaves it and its Jobs alone", async () => {
      const response = await post(
        scene.backend,
        '/delete',
        'user:default/alice',
        modelDownloadRef('other-models'),
      );

      expect(response.status).toBe(404);
      expect(response.body.error.message).toContain(
        `is not a resource of ${CHAT}`,
      );
      expect(await exists(md('other-models'))).toBe(true);
      expect(await jobsOf('other-models')).toHaveLength(1);
    });

    it('deletes a GemmaOnTPUServer, saying that kro deletes its children', async () => {
      const response = await post(
        scene.backend,
        '/delete',
        'user:default/alice',
        {
          entityRef: CHAT,
          cluster: 'local',
          kind: 'GemmaOnTPUServer',
          namespace: NS,
          name: 'gemma-a',
        },
      );

      expect(response.status).toBe(200);
      expect(response.body.deleted).toEqual([
        { kind: 'GemmaOnTPUServer', namespace: NS, name: 'gemma-a' },
      ]);
      expect(response.body.takesWith).toContain('kro deletes every child');
      expect(
        await exists(refOf(gemmaOnTPUServerKind.resource, 'gemma-a', NS)),
      ).toBe(false);
    });

    it('deletes a cluster-scoped LocalModelCache, saying that KServe removes the copies on the nodes', async () => {
      const response = await post(
        scene.backend,
        '/delete',
        'user:default/alice',
        {
          entityRef: CHAT,
          cluster: 'local',
          kind: 'LocalModelCache',
          name: 'llama-cache',
        },
      );

      expect(response.status).toBe(200);
      expect(response.body.deleted).toEqual([
        { kind: 'LocalModelCache', name: 'llama-cache' },
      ]);
      expect(response.body.takesWith).toContain('copies on those nodes');
      expect(
        await exists(refOf(localModelCacheKind.resource, 'llama-cache')),
      ).toBe(false);
    });
  });

  describe('redownload', () => {
    const jobUid = async (name: string) =>
      (await jobsOf('chat-models')).find(j => j.metadata.name === name)
        ?.metadata.uid;

    it('answers 403 and changes nothing without the re-download permission', async () => {
      const before = await jobUid('hf-dl-chat-models-org-first');
      const response = await post(
        scene.backend,
        '/redownload',
        'user:default/bob',
        {
          ...modelDownloadRef('chat-models'),
          model: 'org/first',
        },
      );

      expect(response.status).toBe(403);
      expect(response.body.error.message).toContain(
        'model-delivery.model.redownload',
      );
      expect(await jobUid('hf-dl-chat-models-org-first')).toBe(before);
      const resource = await getObject(scene.admin, md('chat-models'));
      expect(resource.spec.settings.forceReload).toBe(true);
    });

    it("unsets forceReload and deletes the model's Job; hf-operator's new Job is the last one", async () => {
      const first = await jobUid('hf-dl-chat-models-org-first');
      const second = await jobUid('hf-dl-chat-models-org-second');
      expect(first).toBeDefined();

      const response = await post(
        scene.backend,
        '/redownload',
        'user:default/alice',
        { ...modelDownloadRef('chat-models'), model: 'org/first' },
      );

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        namespace: NS,
        jobs: [
          {
            model: 'org/first',
            job: 'hf-dl-chat-models-org-first',
            deleted: true,
          },
        ],
        forceReloadUnset: true,
      });
      expect(await jobUid('hf-dl-chat-models-org-first')).toBeUndefined();
      // Only the asked-for model's Job went.
      expect(await jobUid('hf-dl-chat-models-org-second')).toBe(second);
      const resource = await getObject(scene.admin, md('chat-models'));
      expect(resource.spec.settings?.forceReload).toBeUndefined();

      // hf-operator, played (its stand-in's reconcile): it creates the missing Job again.
      await playHfOperator(scene.admin, NS, 'chat-models', {
        'org/first': { state: 'running' },
      });
      const recreated = await jobUid('hf-dl-chat-models-org-first');
      expect(recreated).toBeDefined();
      expect(recreated).not.toBe(first);
      await waitForStatus(scene.backend, chatAssistant, s =>
        s.resources.some(r =>
          r.items.some(
            i => i.name === 'org/first' && i.phase === 'downloading',
          ),
        ),
      );

      const events = logs
        .auditEvents()
        .filter(e => e.message === 'model-delivery.model-redownload');
      expect(events.map(e => e.fields.status)).toEqual([
        'initiated',
        'failed',
        'initiated',
        'succeeded',
      ]);
      expect(events[3].fields).toMatchObject({
        severityLevel: 'medium',
        actor: { actorId: 'user:default/alice' },
        meta: { name: 'chat-models', model: 'org/first' },
      });
    });

    it('re-downloads every model of the spec when no model is named', async () => {
      const response = await post(
        scene.backend,
        '/redownload',
        'user:default/alice',
        modelDownloadRef('kept-models'),
      );

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        namespace: NS,
        jobs: [
          {
            model: 'org/kept',
            job: 'hf-dl-kept-models-org-kept',
            deleted: true,
          },
        ],
        forceReloadUnset: false,
      });
      expect(await jobsOf('kept-models')).toEqual([]);
    });

    it('refuses a model that is not in the spec, and a kind that is not a ModelDownload', async () => {
      const unknown = await post(
        scene.backend,
        '/redownload',
        'user:default/alice',
        { ...modelDownloadRef('chat-models'), model: 'org/nope' },
      );
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.message).toContain("no model 'org/nope'");

      const notAModelDownload = await post(
        scene.backend,
        '/redownload',
        'user:default/alice',
        { ...modelDownloadRef('gemma-b'), kind: 'GemmaOnTPUServer' },
      );
      expect(notAModelDownload.status).toBe(400);
      expect(notAModelDownload.body.error.message).toContain(
        "Only a ModelDownload's models can be re-downloaded",
      );
      expect(
        await exists(refOf(gemmaOnTPUServerKind.resource, 'gemma-b', NS)),
      ).toBe(true);
    });
  });
});
