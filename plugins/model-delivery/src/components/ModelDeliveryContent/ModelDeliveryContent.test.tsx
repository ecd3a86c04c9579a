import {
  EntityStatusResponse,
  entitySignalChannel,
  modelDeliveryRetryPermission,
} from '@model-delivery/plugin-model-delivery-common';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FakeSignalApi } from '../../__testUtils__/FakeSignalApi';
import { mockModelDeliveryApi } from '../../__testUtils__/modelDeliveryApi';
import { permissionApiAnswering } from '../../__testUtils__/permissions';
import { renderForEntity } from '../../__testUtils__/renderForEntity';
import { responseError } from '../../__testUtils__/responseError';
import {
  CHAT_ASSISTANT_REF,
  chatAssistant,
  cluster,
  item,
  minutesAgo,
  resource,
  statusResponse,
} from '../../__testUtils__/statusFixtures';
import { SUBSCRIBED_REFETCH_MS } from '../../hooks/useEntityModelStatus';
import { ModelDeliveryContent } from './ModelDeliveryContent';
import { formatTimestamp } from '../formatTimestamp';

const FAILED_REASON = [
  'container downloader: Error, exit code 1: Traceback (most recent call last):',
  '  File "/app/download.py", line 42, in <module>',
  '    snapshot_download(repo_id=model, revision=sha, local_dir=target)',
  'huggingface_hub.errors.GatedRepoError: 403 Client Error. Cannot access gated repo for url https://huggingface.co/api/models/meta-llama/Llama-3.1-8B/revision/main. Access to model meta-llama/Llama-3.1-8B is restricted. You must have access to it and be authenticated to access it. Please log in.',
].join('\n');

const UNSCHEDULABLE_REASON =
  "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.";

/** One ModelDownload with an item in every state the tab distinguishes. */
function everyState(): EntityStatusResponse {
  return statusResponse([
    resource({
      name: 'chat-models',
      createdAt: minutesAgo(125.5),
      facts: [
        { label: 'PVC', value: 'model-cache' },
        { label: 'Node pool', value: 'gpu-pool' },
      ],
      notes: [
        'hf-operator still lists org/old-model in its status, though no longer in the spec (it never clears its lists); not shown.',
      ],
      items: [
        item({ name: 'org/waiting' }),
        item({
          name: 'org/downloading',
          phase: 'downloading',
          detail: 'downloading (pod running)',
          jobName: 'hf-dl-chat-models-org-downloading',
          startedAt: minutesAgo(3),
        }),
        item({
          name: 'org/unschedulable',
          phase: 'unschedulable',
          detail: 'pod unschedulable',
          reason: UNSCHEDULABLE_REASON,
          jobName: 'hf-dl-chat-models-org-unschedulable',
        }),
        item({
          name: 'org/completed',
          state: 'completed',
          phase: 'completed',
          detail: 'completed',
          jobName: 'hf-dl-chat-models-org-completed',
          startedAt: '2025-01-01T10:00:00Z',
          finishedAt: '2025-01-01T10:03:20Z',
        }),
        item({
          name: 'meta-llama/Llama-3.1-8B',
          state: 'failed',
          phase: 'failed',
          detail: 'failed: BackoffLimitExceeded',
          reason: FAILED_REASON,
          jobName: 'hf-dl-chat-models-meta-llama-llama-3-1-8b',
          podName: 'hf-dl-chat-models-meta-llama-llama-3-1-8b-x7k2p',
          startedAt: '2025-01-01T10:00:00Z',
          finishedAt: '2025-01-01T10:01:05Z',
          retryable: true,
        }),
      ],
    }),
  ]);
}

function rowOf(name: string): HTMLElement {
  return screen.getByRole('row', {
    name: new RegExp(name.replace(/[/.]/g, '\\$&')),
  });
}

/** The state chip's text of an item's row. */
function stateOf(name: string): string | null {
  return within(rowOf(name)).getAllByRole('cell')[0].textContent;
}

/**
 * usePermission keeps each decision for the session, keyed by permission and entity,
 * as in the app; tests that check the decision itself use an entity of their own.
 */
function entityNamed(name: string) {
  return { ...chatAssistant, metadata: { ...chatAssistant.metadata, name } };
}

function sectionOf(title: string): HTMLElement {
  return screen.getByRole('region', { name: title });
}

describe('ModelDeliveryContent', () => {
  it('shows progress while the status loads', async () => {
    const api = mockModelDeliveryApi();
    api.getEntityStatus.mockReturnValue(new Promise(() => {}));

    await renderForEntity(<ModelDeliveryContent />, { api });

    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
    expect(api.getEntityStatus).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'chat-assistant',
    });
  });

  describe('without resources', () => {
    it("says how to label a resource with the entity's own selector", async () => {
      const api = mockModelDeliveryApi();
      api.getEntityStatus.mockResolvedValue(statusResponse([]));

      await renderForEntity(<ModelDeliveryContent />, { api });

      expect(
        await screen.findByText('No model resources for this entity'),
      ).toBeInTheDocument();
      expect(
        screen.getByText(
          /selector backstage\.io\/kubernetes-id=chat-assistant in any namespace/,
        ),
      ).toBeInTheDocument();
      expect(
        screen.getByText(
          'kubectl label modeldownload <name> backstage.io/kubernetes-id=chat-assistant -n <namespace>',
        ),
      ).toBeInTheDocument();
      expect(screen.getByText(/software\s+templates/)).toBeInTheDocument();
      expect(screen.queryByRole('region', { name: 'Summary' })).toBeNull();
    });

    it('names the clusters that do not serve a kind', async () => {
      const api = mockModelDeliveryApi();
      api.getEntityStatus.mockResolvedValue(
        statusResponse(
          [],
          [
            cluster({ name: 'local' }),
            cluster({ name: 'edge', missingKinds: ['ModelDownload'] }),
          ],
        ),
      );

      await renderForEntity(<ModelDeliveryContent />, { api });

      expect(
        await screen.findByText(
          'Cluster edge does not serve ModelDownload (CRD not installed).',
        ),
      ).toBeInTheDocument();
      expect(screen.queryByText(/Cluster local/)).toBeNull();
    });

    it('uses a label-selector annotation and a namespace annotation', async () => {
      const api = mockModelDeliveryApi();
      api.getEntityStatus.mockResolvedValue(statusResponse([]));
      const entity = {
        ...chatAssistant,
        metadata: {
          ...chatAssistant.metadata,
          annotations: {
            'backstage.io/kubernetes-label-selector': 'app=chat,tier=models',
            'backstage.io/kubernetes-namespace': 'ml',
          },
        },
      };

      await renderForEntity(<ModelDeliveryContent />, { api, entity });

      expect(
        await screen.findByText(
          'kubectl label modeldownload <name> app=chat tier=models -n ml',
        ),
      ).toBeInTheDocument();
      expect(
        screen.getByText(/app=chat,tier=models in namespace ml/),
      ).toBeInTheDocument();
    });

    it('offers no command for a set-based selector, only the selector', async () => {
      const api = mockModelDeliveryApi();
      api.getEntityStatus.mockResolvedValue(statusResponse([]));
      const entity = {
        ...chatAssistant,
        metadata: {
          ...chatAssistant.metadata,
          annotations: {
            'backstage.io/kubernetes-label-selector': 'app in (chat,assist)',
          },
        },
      };

      await renderForEntity(<ModelDeliveryContent />, { api, entity });

      expect(
        await screen.findByText(/selector app in \(chat,assist\)/),
      ).toBeInTheDocument();
      expect(screen.queryByText(/kubectl label/)).toBeNull();
    });
  });

  describe('when the status cannot be read', () => {
    it('shows the failure of the backend', async () => {
      const api = mockModelDeliveryApi();
      api.getEntityStatus.mockRejectedValue(
        await responseError(500, 'Error', 'cache not ready'),
      );

      await renderForEntity(<ModelDeliveryContent />, { api });

      expect(
        await screen.findByText(/Could not load model delivery status/),
      ).toBeInTheDocument();
      expect(screen.getAllByText(/cache not ready/).length).toBeGreaterThan(0);
    });

    it('says plainly when the user may not see it', async () => {
      const api = mockModelDeliveryApi();
      api.getEntityStatus.mockRejectedValue(
        await responseError(403, 'NotAllowedError', 'Unauthorized'),
      );

      await renderForEntity(<ModelDeliveryContent />, { api });

      expect(
        await screen.findByText(
          /You are not allowed to see model delivery status for this entity/,
        ),
      ).toBeInTheDocument();
      expect(screen.queryByText(/Could not load/)).toBeNull();
    });

    it('says when the entity is not visible to the backend', async () => {
      const api = mockModelDeliveryApi();
      api.getEntityStatus.mockRejectedValue(
        await responseError(404, 'NotFoundError', 'entity not found'),
      );

      await renderForEntity(<ModelDeliveryContent />, { api });

      expect(
        await screen.findByText(
          /No model delivery status found for this entity/,
        ),
      ).toBeInTheDocument();
    });
  });

  describe('with resources', () => {
    it('shows each resource with its kind, place, age, facts and notes', async () => {
      const api = mockModelDeliveryApi();
      api.getEntityStatus.mockResolvedValue(everyState());

      await renderForEntity(<ModelDeliveryContent />, { api });

      const section = await screen.findByRole('region', {
        name: 'ModelDownload chat-models',
      });
      const s = within(section);
      expect(
        s.getByText('cluster local · namespace models · age 2h 5m'),
      ).toBeInTheDocument();
      expect(s.getByText('PVC')).toBeInTheDocument();
      expect(s.getByText('model-cache')).toBeInTheDocument();
      expect(s.getByText('gpu-pool')).toBeInTheDocument();
      expect(
        s.getByText(/still lists org\/old-model in its status/),
      ).toBeInTheDocument();
      expect(
        s.getByRole('columnheader', { name: 'Model' }),
      ).toBeInTheDocument();
    });

    it('shows every item with its state in words, detail, Job, timing and reason', async () => {
      const api = mockModelDeliveryApi();
      api.getEntityStatus.mockResolvedValue(everyState());

      await renderForEntity(<ModelDeliveryContent />, { api });
      await screen.findByRole('region', { name: 'ModelDownload chat-models' });

      expect(stateOf('org/waiting')).toBe('pending');
      const waiting = within(rowOf('org/waiting'));
      expect(
        waiting.getByText(
          'not started: no Job and no status from hf-operator yet',
        ),
      ).toBeInTheDocument();

      expect(stateOf('org/downloading')).toBe('downloading');
      const downloading = within(rowOf('org/downloading'));
      expect(
        downloading.getByText('downloading (pod running)'),
      ).toBeInTheDocument();
      expect(
        downloading.getByText('hf-dl-chat-models-org-downloading'),
      ).toBeInTheDocument();
      expect(
        downloading.getByText(/^running for \dm \d+s$/),
      ).toBeInTheDocument();

      expect(stateOf('org/unschedulable')).toBe('pending');
      const unschedulable = within(rowOf('org/unschedulable'));
      expect(unschedulable.getByText(UNSCHEDULABLE_REASON)).toBeInTheDocument();

      expect(stateOf('org/completed')).toBe('completed');
      const completed = within(rowOf('org/completed'));
      expect(completed.getByText('3m 20s')).toBeInTheDocument();

      expect(stateOf('meta-llama/Llama-3.1-8B')).toBe('failed');
      const failed = within(rowOf('meta-llama/Llama-3.1-8B'));
      expect(
        failed.getByText('failed: BackoffLimitExceeded'),
      ).toBeInTheDocument();
      expect(failed.getByText('1m 5s')).toBeInTheDocument();
      expect(
        failed.getByText('pod hf-dl-chat-models-meta-llama-llama-3-1-8b-x7k2p'),
      ).toBeInTheDocument();
      // In full, line breaks kept: nothing of the reason is cut.
      const reason = failed.getByText(
        (_, element) =>
          element?.tagName === 'PRE' && element.textContent === FAILED_REASON,
      );
      expect(reason).toBeInTheDocument();
    });

    it('sums up the states across all resources and clusters', async () => {
      const api = mockModelDeliveryApi();
      const status = everyState();
      status.resources.push(
        resource({
          name: 'edge-models',
          cluster: 'edge',
          items: [
            item({
              name: 'org/a',
              state: 'completed',
              phase: 'completed',
              detail: 'completed',
            }),
          ],
        }),
      );
      status.counts = { pending: 3, completed: 2, failed: 1 };
      api.getEntityStatus.mockResolvedValue(status);

      await renderForEntity(<ModelDeliveryContent />, { api });

      const summary = within(
        await screen.findByRole('region', { name: 'Summary' }),
      );
      expect(
        summary.getByText('2 resources in 2 clusters:'),
      ).toBeInTheDocument();
      expect(summary.getByText('3 pending')).toBeInTheDocument();
      expect(summary.getByText('2 completed')).toBeInTheDocument();
      expect(summary.getByText('1 failed')).toBeInTheDocument();
    });

    it('renders a kind it has never heard of from its status alone', async () => {
      const api = mockModelDeliveryApi();
      api.getEntityStatus.mockResolvedValue(
        statusResponse([
          resource({
            kind: 'LocalModelCache',
            name: 'gemma-cache',
            namespace: undefined,
            itemNoun: 'node',
            facts: [{ label: 'Model', value: 'google/gemma-2-2b-it' }],
            items: [
              item({
                name: 'node-a',
                phase: 'node-not-ready',
                detail: 'node not ready',
              }),
            ],
          }),
        ]),
      );

      await renderForEntity(<ModelDeliveryContent />, { api });

      const section = within(
        await screen.findByRole('region', {
          name: 'LocalModelCache gemma-cache',
        }),
      );
      expect(
        section.getByRole('columnheader', { name: 'Node' }),
      ).toBeInTheDocument();
      expect(section.getByText('node not ready')).toBeInTheDocument();
      expect(section.getByText('google/gemma-2-2b-it')).toBeInTheDocument();
    });
  });

  it('warns about a cluster that does not answer and flags what comes from it', async () => {
    const api = mockModelDeliveryApi();
    api.getEntityStatus.mockResolvedValue(
      statusResponse(
        [
          resource({
            name: 'local-models',
            cluster: 'local',
            items: [item({ name: 'org/a' })],
          }),
          resource({
            name: 'edge-models',
            cluster: 'edge',
            items: [item({ name: 'org/b' })],
          }),
        ],
        [
          cluster({ name: 'local' }),
          cluster({
            name: 'edge',
            title: 'Edge cluster',
            state: 'unreachable',
            message: 'connect ECONNREFUSED 10.0.0.7:6443',
            lastSyncedAt: '2025-01-01T09:00:00Z',
          }),
        ],
      ),
    );

    await renderForEntity(<ModelDeliveryContent />, { api });

    const banner = await screen.findByRole('alert');
    expect(
      within(banner).getByText('Cluster Edge cluster (edge) is unreachable'),
    ).toBeInTheDocument();
    expect(
      within(banner).getByText('connect ECONNREFUSED 10.0.0.7:6443'),
    ).toBeInTheDocument();
    expect(
      within(banner).getByText(
        new RegExp(
          `last synced ${formatTimestamp('2025-01-01T09:00:00Z').replace(
            /[.*+?^${}()|[\]\\]/g,
            '\\$&',
          )}`,
        ),
      ),
    ).toBeInTheDocument();
    expect(
      within(banner).getByText(/The resource shown from it may be stale/),
    ).toBeInTheDocument();

    expect(
      within(sectionOf('ModelDownload edge-models')).getByText(
        /possibly stale/,
      ),
    ).toBeInTheDocument();
    expect(
      within(sectionOf('ModelDownload local-models')).queryByText(
        /possibly stale/,
      ),
    ).toBeNull();
  });

  describe('retry', () => {
    it('asks for the retry permission on this entity', async () => {
      const api = mockModelDeliveryApi();
      api.getEntityStatus.mockResolvedValue(everyState());
      const permission = permissionApiAnswering('ALLOW');
      const entity = entityNamed('allowed-to-retry');

      await renderForEntity(<ModelDeliveryContent />, {
        api,
        permission,
        entity,
      });

      await screen.findByRole('button', {
        name: 'Retry meta-llama/Llama-3.1-8B',
      });
      expect(permission.authorize).toHaveBeenCalledWith({
        permission: modelDeliveryRetryPermission,
        resourceRef: 'component:default/allowed-to-retry',
      });
      // Only retryable items offer it.
      expect(screen.getAllByRole('button', { name: /^Retry/ })).toHaveLength(1);
    });

    it('offers no retry to users who may not retry', async () => {
      const api = mockModelDeliveryApi();
      api.getEntityStatus.mockResolvedValue(everyState());
      const permission = permissionApiAnswering('DENY');
      const entity = entityNamed('denied-retry');

      await renderForEntity(<ModelDeliveryContent />, {
        api,
        permission,
        entity,
      });

      await screen.findByRole('region', { name: 'ModelDownload chat-models' });
      await waitFor(() => expect(permission.authorize).toHaveBeenCalled());
      expect(screen.queryByRole('button', { name: /Retry/ })).toBeNull();
      expect(
        screen.queryByRole('columnheader', { name: 'Actions' }),
      ).toBeNull();
    });

    it('deletes the failed Job after confirmation and reports it', async () => {
      const api = mockModelDeliveryApi();
      api.getEntityStatus.mockResolvedValue(everyState());
      api.retry.mockResolvedValue({
        deletedJob: 'hf-dl-chat-models-meta-llama-llama-3-1-8b',
        namespace: 'models',
      });

      await renderForEntity(<ModelDeliveryContent />, { api });
      await userEvent.click(
        await screen.findByRole('button', {
          name: 'Retry meta-llama/Llama-3.1-8B',
        }),
      );

      const dialog = screen.getByRole('dialog');
      expect(
        within(dialog).getByText(
          /deletes the failed Job hf-dl-chat-models-meta-llama-llama-3-1-8b in namespace models on cluster local; hf-operator recreates it on its next reconcile/,
        ),
      ).toBeInTheDocument();
      expect(api.retry).not.toHaveBeenCalled();

      // Counted from here: the hook's own catch-up refetch (3 s after it subscribes) may
      // already have happened on a slow run.
      const fetchesBefore = api.getEntityStatus.mock.calls.length;
      await userEvent.click(
        within(dialog).getByRole('button', { name: 'Delete Job and retry' }),
      );

      expect(api.retry).toHaveBeenCalledWith({
        entityRef: CHAT_ASSISTANT_REF,
        cluster: 'local',
        kind: 'ModelDownload',
        namespace: 'models',
        name: 'chat-models',
        item: 'meta-llama/Llama-3.1-8B',
      });
      expect(
        await screen.findByText(
          'Retrying meta-llama/Llama-3.1-8B: deleted the Job hf-dl-chat-models-meta-llama-llama-3-1-8b in namespace models; hf-operator recreates it on its next reconcile.',
        ),
      ).toBeInTheDocument();
      // The page does not wait for a signal to show what changed.
      await waitFor(() =>
        expect(api.getEntityStatus.mock.calls.length).toBe(fetchesBefore + 1),
      );
    });

    it('does nothing when the confirmation is cancelled', async () => {
      const api = mockModelDeliveryApi();
      api.getEntityStatus.mockResolvedValue(everyState());

      await renderForEntity(<ModelDeliveryContent />, { api });
      await userEvent.click(
        await screen.findByRole('button', {
          name: 'Retry meta-llama/Llama-3.1-8B',
        }),
      );
      await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));

      await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
      expect(api.retry).not.toHaveBeenCalled();
    });

    it('reports a refused retry', async () => {
      const api = mockModelDeliveryApi();
      api.getEntityStatus.mockResolvedValue(everyState());
      api.retry.mockRejectedValue(
        await responseError(403, 'NotAllowedError', 'Unauthorized'),
      );

      await renderForEntity(<ModelDeliveryContent />, { api });
      await userEvent.click(
        await screen.findByRole('button', {
          name: 'Retry meta-llama/Llama-3.1-8B',
        }),
      );
      await userEvent.click(
        screen.getByRole('button', { name: 'Delete Job and retry' }),
      );

      expect(
        await screen.findByText(
          'You are not allowed to retry meta-llama/Llama-3.1-8B.',
        ),
      ).toBeInTheDocument();
    });

    it('reports a failed retry with the reason', async () => {
      const api = mockModelDeliveryApi();
      api.getEntityStatus.mockResolvedValue(everyState());
      api.retry.mockRejectedValue(
        await responseError(
          409,
          'ConflictError',
          'the Job is no longer failed',
        ),
      );

      await renderForEntity(<ModelDeliveryContent />, { api });
      await userEvent.click(
        await screen.findByRole('button', {
          name: 'Retry meta-llama/Llama-3.1-8B',
        }),
      );
      await userEvent.click(
        screen.getByRole('button', { name: 'Delete Job and retry' }),
      );

      expect(
        await screen.findByText(
          /Could not retry meta-llama\/Llama-3.1-8B: .*the Job is no longer failed/,
        ),
      ).toBeInTheDocument();
    });
  });

  describe('live updates', () => {
    it("refetches when the entity's signal arrives and shows the new state", async () => {
      const api = mockModelDeliveryApi();
      const downloading = statusResponse([
        resource({
          name: 'chat-models',
          items: [
            item({
              name: 'org/model',
              phase: 'downloading',
              detail: 'downloading (pod running)',
            }),
          ],
        }),
      ]);
      const done = statusResponse([
        resource({
          name: 'chat-models',
          items: [
            item({
              name: 'org/model',
              state: 'completed',
              phase: 'completed',
              detail: 'completed',
            }),
          ],
        }),
      ]);
      // The cluster changes when the signal is sent, whatever other refetches happen.
      let changed = false;
      api.getEntityStatus.mockImplementation(async () =>
        changed ? done : downloading,
      );
      const signals = new FakeSignalApi();

      await renderForEntity(<ModelDeliveryContent />, { api, signals });
      expect(
        await screen.findByText('downloading (pod running)'),
      ).toBeInTheDocument();
      // The hook's one catch-up refetch after subscribing comes first, so that on a slow
      // run it is not counted as the signal's.
      await waitFor(
        () => expect(api.getEntityStatus).toHaveBeenCalledTimes(2),
        { timeout: SUBSCRIBED_REFETCH_MS + 5_000 },
      );

      const fetchesBefore = api.getEntityStatus.mock.calls.length;
      changed = true;
      act(() =>
        signals.publish(entitySignalChannel(CHAT_ASSISTANT_REF), {
          entityRef: CHAT_ASSISTANT_REF,
        }),
      );

      await waitFor(() => expect(stateOf('org/model')).toBe('completed'));
      expect(screen.queryByText('downloading (pod running)')).toBeNull();
      expect(api.getEntityStatus.mock.calls.length).toBe(fetchesBefore + 1);
    });

    it('keeps showing the last status when a refetch fails, and says so', async () => {
      const api = mockModelDeliveryApi();
      api.getEntityStatus
        .mockResolvedValueOnce(everyState())
        .mockRejectedValueOnce(
          await responseError(503, 'ServiceUnavailableError', 'restarting'),
        );
      const signals = new FakeSignalApi();

      await renderForEntity(<ModelDeliveryContent />, { api, signals });
      await screen.findByRole('region', { name: 'ModelDownload chat-models' });

      act(() =>
        signals.publish(entitySignalChannel(CHAT_ASSISTANT_REF), {
          entityRef: CHAT_ASSISTANT_REF,
        }),
      );

      expect(
        await screen.findByText(
          /Could not load model delivery status: .*restarting.*Showing the status as of/,
        ),
      ).toBeInTheDocument();
      expect(
        screen.getByRole('region', { name: 'ModelDownload chat-models' }),
      ).toBeInTheDocument();
    });
  });
});
