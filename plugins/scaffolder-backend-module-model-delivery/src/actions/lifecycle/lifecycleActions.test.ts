import {
  AuditorService,
  AuditorServiceCreateEventOptions,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  modelDeliveryRedownloadPermission,
  modelDownloadKind,
} from '@model-delivery/plugin-model-delivery-common';
import {
  CHAT_ASSISTANT_REF,
  actionRunner,
  eventually,
  modelDownload,
  modelDownloadNeeds,
  playHfOperator,
  useTestCluster,
} from '@model-delivery/test-kit';
import { createDeleteResourceAction } from './deleteResourceAction';
import { createRedownloadAction } from './redownloadAction';

jest.setTimeout(90_000);

const NS = 'ml-models';
const JOB = { apiVersion: 'batch/v1', kind: 'Job' };

/** Every audit event the actions open, with how it ended. */
function recordingAuditor() {
  const events: Array<
    AuditorServiceCreateEventOptions & { status: string; error?: string }
  > = [];
  const auditor: AuditorService = {
    async createEvent(options) {
      events.push({ ...options, status: 'initiated' });
      return {
        async success(params) {
          events.push({
            ...options,
            meta: { ...options.meta, ...params?.meta },
            status: 'succeeded',
          });
        },
        async fail(params) {
          events.push({
            ...options,
            status: 'failed',
            error: params.error.message,
          });
        },
      };
    },
  };
  return { auditor, events };
}

const cluster = useTestCluster({
  given: () => [
    ...modelDownloadNeeds(NS, 'models'),
    modelDownload({
      name: 'old-models',
      namespace: NS,
      kubernetesId: 'chat-assistant',
      models: ['org/a', 'org/b'],
    }),
    {
      ...modelDownload({
        name: 'looping-models',
        namespace: NS,
        kubernetesId: 'chat-assistant',
        models: ['org/c'],
      }),
      spec: {
        models: [{ name: 'org/c' }],
        storagePVC: 'models',
        hfTokenRef: { name: 'hf-token', key: 'token' },
        settings: { forceReload: true },
      },
    },
    modelDownload({
      name: 'their-models',
      namespace: NS,
      kubernetesId: 'other-assistant',
      models: ['org/theirs'],
    }),
  ],
});

const ref = (name: string) => ({
  cluster: 'local',
  kind: 'ModelDownload',
  namespace: NS,
  name,
  entityRef: CHAT_ASSISTANT_REF,
});

const failed = { state: 'failed' as const, exitCode: 1, message: 'throttled' };

describe('model-delivery:resource:delete', () => {
  const audit = recordingAuditor();
  const { run } = actionRunner(() =>
    createDeleteResourceAction({ ...cluster.options, auditor: audit.auditor }),
  );

  beforeAll(async () => {
    await playHfOperator(cluster.admin, NS, 'old-models', {
      'org/a': failed,
      'org/b': { state: 'completed' },
    });
  });

  it('checks with a dry run, deletes nothing, then deletes the resource and its Jobs; a re-run finds it absent', async () => {
    const dry = await run(ref('old-models'), { dryRun: true });
    expect(dry.error).toBeUndefined();
    expect(dry.outputs).toMatchObject({ outcome: 'deleted', dryRun: true });
    expect(dry.outputs.deleted).toHaveLength(3);
    expect(
      await cluster.get(modelDownloadKind.resource, 'old-models', NS),
    ).toBeDefined();
    expect(await cluster.get(JOB, 'hf-dl-old-models-org-a', NS)).toBeDefined();

    const real = await run(ref('old-models'));
    expect(real.error).toBeUndefined();
    expect(real.outputs).toMatchObject({ outcome: 'deleted', dryRun: false });
    // The Jobs are the resource's own (owner reference): the garbage collector removes them.
    expect(real.outputs.deleted).toEqual([
      { kind: 'ModelDownload', namespace: NS, name: 'old-models' },
      {
        kind: 'Job',
        namespace: NS,
        name: 'hf-dl-old-models-org-a',
        removedBy: 'garbage-collector',
      },
      {
        kind: 'Job',
        namespace: NS,
        name: 'hf-dl-old-models-org-b',
        removedBy: 'garbage-collector',
      },
    ]);
    expect(real.outputs.summary).toContain('stay in its PersistentVolumeClaim');
    expect(
      await cluster.get(modelDownloadKind.resource, 'old-models', NS),
    ).toBeUndefined();
    for (const job of ['hf-dl-old-models-org-a', 'hf-dl-old-models-org-b']) {
      await eventually(
        async () =>
          (await cluster.get(JOB, job, NS)) === undefined ? true : undefined,
        `Job ${job} removed by the garbage collector`,
      );
    }

    const again = await run(ref('old-models'));
    expect(again.error).toBeUndefined();
    expect(again.outputs).toMatchObject({ outcome: 'absent', deleted: [] });

    expect(
      audit.events.map(e => [e.eventId, e.status, e.meta?.dryRun]),
    ).toEqual([
      ['resource-delete', 'initiated', true],
      ['resource-delete', 'succeeded', true],
      ['resource-delete', 'initiated', false],
      ['resource-delete', 'succeeded', false],
      ['resource-delete', 'initiated', false],
      ['resource-delete', 'succeeded', false],
    ]);
  });

  it("refuses another entity's resource as not found, and deletes nothing", async () => {
    const { error } = await run(ref('their-models'));
    expect(error?.name).toBe('NotFoundError');
    expect(error?.message).toContain(
      `is not a resource of ${CHAT_ASSISTANT_REF}`,
    );
    expect(
      await cluster.get(modelDownloadKind.resource, 'their-models', NS),
    ).toBeDefined();
  });

  it('refuses without the permission, deletes nothing, and audits the refusal', async () => {
    const denied = recordingAuditor();
    const { run: runDenied } = actionRunner(() =>
      createDeleteResourceAction({
        ...cluster.options,
        permissions: mockServices.permissions({ result: AuthorizeResult.DENY }),
        auditor: denied.auditor,
      }),
    );
    const { error } = await runDenied(ref('looping-models'));
    expect(error?.name).toBe('NotAllowedError');
    expect(error?.message).toContain('model-delivery.resource.delete');
    expect(
      await cluster.get(modelDownloadKind.resource, 'looping-models', NS),
    ).toBeDefined();
    expect(denied.events.map(e => e.status)).toEqual(['initiated', 'failed']);
  });

  it('names every invalid input before any request', async () => {
    const { error } = await run({
      cluster: '',
      kind: 'Deployment',
      name: 'Not_A_Name',
      entityRef: '',
    });
    expect(error?.name).toBe('InputValidationError');
    for (const field of ['cluster', 'kind', 'name', 'entityRef']) {
      expect(error?.message).toContain(field);
    }
  });
});

describe('model-delivery:model-download:redownload', () => {
  const audit = recordingAuditor();
  const { run } = actionRunner(() =>
    createRedownloadAction({ ...cluster.options, auditor: audit.auditor }),
  );

  it('unsets forceReload and deletes the Job; hf-operator creates it again; forceReload stays unset', async () => {
    // hf-operator at work on a resource with forceReload: it recreates the Job (and meets
    // the old one being deleted, AlreadyExists, until the garbage collector releases it).
    await playHfOperator(cluster.admin, NS, 'looping-models', {
      'org/c': failed,
    });
    const before = await cluster.get(JOB, 'hf-dl-looping-models-org-c', NS);

    const dry = await run(
      { ...ref('looping-models'), models: ['org/c'] },
      { dryRun: true },
    );
    expect(dry.error).toBeUndefined();
    expect(dry.outputs).toMatchObject({ dryRun: true, forceReloadUnset: true });
    expect(
      (await cluster.get(JOB, 'hf-dl-looping-models-org-c', NS)).metadata.uid,
    ).toBe(before.metadata.uid);
    expect(
      (await cluster.get(modelDownloadKind.resource, 'looping-models', NS)).spec
        .settings.forceReload,
    ).toBe(true);

    const { error, outputs } = await run({
      ...ref('looping-models'),
      models: ['org/c'],
    });

    expect(error).toBeUndefined();
    expect(outputs).toMatchObject({
      forceReloadUnset: true,
      jobs: [
        { model: 'org/c', job: 'hf-dl-looping-models-org-c', deleted: true },
      ],
    });
    expect(
      await cluster.get(JOB, 'hf-dl-looping-models-org-c', NS),
    ).toBeUndefined();

    await playHfOperator(cluster.admin, NS, 'looping-models', {
      'org/c': { state: 'running' },
    });
    const after = await cluster.get(JOB, 'hf-dl-looping-models-org-c', NS);
    expect(after.metadata.uid).not.toBe(before.metadata.uid);
    const resource = await cluster.get(
      modelDownloadKind.resource,
      'looping-models',
      NS,
    );
    expect(resource.spec.settings?.forceReload).toBeUndefined();
    expect(audit.events.map(e => [e.eventId, e.status])).toEqual([
      ['model-redownload', 'initiated'],
      ['model-redownload', 'succeeded'],
      ['model-redownload', 'initiated'],
      ['model-redownload', 'succeeded'],
    ]);
  });

  it('refuses without the permission and leaves the Job', async () => {
    const { run: runDenied } = actionRunner(() =>
      createRedownloadAction({
        ...cluster.options,
        permissions: {
          authorize: async requests =>
            requests.map(r => ({
              result:
                r.permission.name === modelDeliveryRedownloadPermission.name
                  ? AuthorizeResult.DENY
                  : AuthorizeResult.ALLOW,
            })),
          authorizeConditional: async requests =>
            requests.map(() => ({ result: AuthorizeResult.DENY })),
        },
      }),
    );
    const { error } = await runDenied(ref('looping-models'));
    expect(error?.name).toBe('NotAllowedError');
    expect(error?.message).toContain('model-delivery.model.redownload');
    expect(
      await cluster.get(JOB, 'hf-dl-looping-models-org-c', NS),
    ).toBeDefined();
  });

  it('refuses a model that is not in the spec', async () => {
    const { error } = await run({
      ...ref('looping-models'),
      models: ['org/x'],
    });
    expect(error?.name).toBe('NotFoundError');
    expect(error?.message).toContain("no model 'org/x'");
  });
});
