import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { ItemDiagnostics } from '@model-delivery/plugin-model-delivery-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { modelDeliveryApiRef } from '../../api';
import { mockModelDeliveryApi } from '../../__testUtils__/modelDeliveryApi';
import { responseError } from '../../__testUtils__/responseError';
import {
  CHAT_ASSISTANT_REF,
  item,
  resource,
} from '../../__testUtils__/statusFixtures';
import { ItemsTable } from './ItemsTable';

const NOW = Date.parse('2026-01-01T10:10:00Z');

const failed = item({
  name: 'org/throttled',
  state: 'failed',
  phase: 'failed',
  detail: 'failed: BackoffLimitExceeded',
  jobName: 'hf-dl-chat-models-org-throttled',
});
const chatModels = resource({
  name: 'chat-models',
  items: [failed, item({ name: 'org/waiting' })],
});

function diagnostics(overrides: Partial<ItemDiagnostics>): ItemDiagnostics {
  return {
    cluster: 'local',
    kind: 'ModelDownload',
    namespace: 'models',
    name: 'chat-models',
    item: 'org/throttled',
    jobName: 'hf-dl-chat-models-org-throttled',
    jobNamespace: 'models',
    podName: 'hf-dl-chat-models-org-throttled-x1y2z',
    tailLines: 200,
    containers: [],
    events: [],
    ...overrides,
  };
}

async function renderTable(api: ReturnType<typeof mockModelDeliveryApi>) {
  await renderInTestApp(
    <TestApiProvider apis={[[modelDeliveryApiRef, api]]}>
      <ItemsTable
        entityRef={CHAT_ASSISTANT_REF}
        resource={chatModels}
        canRetry={false}
        now={NOW}
        onRetryOutcome={() => {}}
      />
    </TestApiProvider>,
  );
}

describe('ItemDiagnosticsPanel in the items table', () => {
  it('reads nothing until a row is expanded, then shows its log tail and its events', async () => {
    const api = mockModelDeliveryApi();
    api.getItemDiagnostics.mockResolvedValue(
      diagnostics({
        containers: [
          {
            name: 'downloader',
            init: false,
            state: 'terminated: Error, exit code 128',
            log: '+ HF_TOKEN=[REDACTED] git lfs pull\nerror: RPC failed; HTTP 429\n',
          },
        ],
        events: [
          {
            object: 'Job/hf-dl-chat-models-org-throttled',
            type: 'Warning',
            reason: 'BackoffLimitExceeded',
            message: 'Job has reached the specified backoff limit',
            count: 3,
            lastSeen: '2026-01-01T10:05:00Z',
          },
        ],
      }),
    );
    await renderTable(api);
    expect(api.getItemDiagnostics).not.toHaveBeenCalled();

    await userEvent.click(
      screen.getByRole('button', {
        name: 'Show logs and events of org/throttled',
      }),
    );

    const log = await screen.findByLabelText('Log of container downloader');
    expect(log.tagName).toBe('PRE');
    expect(log).toHaveTextContent('+ HF_TOKEN=[REDACTED] git lfs pull');
    expect(api.getItemDiagnostics).toHaveBeenCalledWith(
      { kind: 'component', namespace: 'default', name: 'chat-assistant' },
      {
        cluster: 'local',
        resourceKind: 'ModelDownload',
        resourceNamespace: 'models',
        resourceName: 'chat-models',
        item: 'org/throttled',
        tailLines: 200,
      },
    );
    const events = screen.getByRole('table', { name: 'Events' });
    const row = within(events).getByRole('row', {
      name: /BackoffLimitExceeded/,
    });
    expect(row).toHaveTextContent('Warning');
    expect(row).toHaveTextContent(
      'Job has reached the specified backoff limit (×3)',
    );
    expect(row).toHaveTextContent('5m 0s ago');

    await userEvent.click(
      screen.getByRole('button', {
        name: 'Hide logs and events of org/throttled',
      }),
    );
    expect(screen.queryByLabelText('Log of container downloader')).toBeNull();
  });

  it('lets the user choose among the containers, starting with the one that failed', async () => {
    const api = mockModelDeliveryApi();
    api.getItemDiagnostics.mockResolvedValue(
      diagnostics({
        containers: [
          {
            name: 'storage-initializer',
            init: true,
            state: 'terminated: Error, exit code 1',
            log: 'ValueError: cannot download gs://bucket/model\n',
          },
          {
            name: 'kserve-container',
            init: false,
            state: 'waiting: PodInitializing',
            problem: 'not started (PodInitializing): no log yet',
          },
        ],
      }),
    );
    await renderTable(api);
    await userEvent.click(
      screen.getByRole('button', {
        name: 'Show logs and events of org/throttled',
      }),
    );

    expect(
      await screen.findByLabelText('Log of container storage-initializer'),
    ).toHaveTextContent('ValueError: cannot download gs://bucket/model');
    await userEvent.click(
      screen.getByRole('tab', { name: 'kserve-container' }),
    );
    expect(
      screen.getByText('No log: not started (PodInitializing): no log yet'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('No events (the API server keeps them for an hour).'),
    ).toBeInTheDocument();
  });

  it('says why there is no log at all, and what the cluster refused', async () => {
    const api = mockModelDeliveryApi();
    api.getItemDiagnostics.mockResolvedValue(
      diagnostics({
        problem:
          'Pod models/x is not scheduled on a node yet, so no container has run: see its events for why',
        eventsProblem:
          "The Backstage identity for cluster 'local' may not list events in namespace models. Grant it the ClusterRole backstage-model-delivery in manifests/rbac/model-delivery-clusterrole.yaml",
      }),
    );
    await renderTable(api);
    await userEvent.click(
      screen.getByRole('button', {
        name: 'Show logs and events of org/throttled',
      }),
    );
    expect(
      await screen.findByText(/is not scheduled on a node yet/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/may not list events in namespace models/),
    ).toBeInTheDocument();
  });

  it('tells a user without the logs permission so, and offers a retry for other failures', async () => {
    const api = mockModelDeliveryApi();
    api.getItemDiagnostics
      .mockRejectedValueOnce(
        await responseError(
          403,
          'NotAllowedError',
          'permission model-delivery.logs.read denied',
        ),
      )
      .mockRejectedValueOnce(
        await responseError(
          503,
          'ServiceUnavailableError',
          "Cannot reach cluster 'local'",
        ),
      )
      .mockResolvedValueOnce(diagnostics({}));
    await renderTable(api);
    const expander = screen.getByRole('button', {
      name: 'Show logs and events of org/throttled',
    });
    await userEvent.click(expander);
    expect(
      await screen.findByText(
        'You are not allowed to read the logs and events of this entity (permission model-delivery.logs.read).',
      ),
    ).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', {
        name: 'Hide logs and events of org/throttled',
      }),
    );
    await userEvent.click(expander);
    expect(
      await screen.findByText(
        /Could not read the logs and events of org\/throttled: .*Cannot reach cluster 'local'/,
      ),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(
      await screen.findByText('Events of its Job and pod'),
    ).toBeInTheDocument();
  });
});
