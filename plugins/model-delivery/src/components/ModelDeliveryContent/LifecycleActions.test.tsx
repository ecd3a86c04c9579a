import { AlertApi, alertApiRef } from '@backstage/core-plugin-api';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  ResourceStatus,
  kindLifecycle,
  modelDeliveryDeletePermission,
  modelDeliveryRedownloadPermission,
} from '@model-delivery/plugin-model-delivery-common';
import { modelDeliveryApiRef } from '../../api';
import { mockModelDeliveryApi } from '../../__testUtils__/modelDeliveryApi';
import { permissionApiAnswering } from '../../__testUtils__/permissions';
import { responseError } from '../../__testUtils__/responseError';
import {
  item,
  resource,
  statusResponse,
} from '../../__testUtils__/statusFixtures';
import { ActionOutcome } from './ConfirmDialog';
import { LifecycleActions } from './LifecycleActions';
import { ResourceKindsProvider } from './resourceKinds';

/*
 * usePermission keeps each decision for the session, keyed by permission and entity:
 * every test names an entity of its own.
 */

const chatModels = resource({
  name: 'chat-models',
  items: [
    item({ name: 'org/first', state: 'failed' }),
    item({ name: 'org/second', state: 'completed' }),
  ],
});

async function render(options: {
  entityRef: string;
  resource?: ResourceStatus;
  permission?: ReturnType<typeof permissionApiAnswering>;
}) {
  const api = mockModelDeliveryApi();
  const permission = options.permission ?? permissionApiAnswering('ALLOW');
  const outcomes: ActionOutcome[] = [];
  const alerts = { post: jest.fn(), alert$: jest.fn() };
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [modelDeliveryApiRef, api],
        [permissionApiRef, permission],
        [alertApiRef, alerts as unknown as AlertApi],
      ]}
    >
      {/* The kinds as the status answer lists them. */}
      <ResourceKindsProvider value={statusResponse([]).kinds}>
        <LifecycleActions
          entityRef={options.entityRef}
          resource={options.resource ?? chatModels}
          onOutcome={o => outcomes.push(o)}
        />
      </ResourceKindsProvider>
    </TestApiProvider>,
  );
  return { api, permission, outcomes, alerts };
}

describe('LifecycleActions', () => {
  it('asks before deleting, saying what goes with the resource, and deletes on confirmation', async () => {
    const entityRef = 'component:default/delete-confirmed';
    const { api, permission, outcomes, alerts } = await render({ entityRef });
    api.deleteResource.mockResolvedValue({
      deleted: [
        { kind: 'ModelDownload', namespace: 'models', name: 'chat-models' },
        {
          kind: 'Job',
          namespace: 'models',
          name: 'hf-dl-chat-models-org-first',
        },
      ],
      takesWith: kindLifecycle('ModelDownload')!.deleteTakesWith,
    });

    await userEvent.click(
      await screen.findByRole('button', { name: 'Delete chat-models' }),
    );
    const dialog = screen.getByRole('dialog', {
      name: 'Delete ModelDownload chat-models?',
    });
    expect(dialog).toHaveTextContent(
      'This deletes ModelDownload chat-models in namespace models on cluster local.',
    );
    expect(dialog).toHaveTextContent(
      kindLifecycle('ModelDownload')!.deleteTakesWith,
    );
    expect(api.deleteResource).not.toHaveBeenCalled();

    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Delete chat-models' }),
    );

    expect(api.deleteResource).toHaveBeenCalledWith({
      entityRef,
      cluster: 'local',
      kind: 'ModelDownload',
      namespace: 'models',
      name: 'chat-models',
    });
    await waitFor(() =>
      expect(outcomes).toEqual([
        {
          severity: 'success',
          message:
            'Deleted ModelDownload chat-models, Job hf-dl-chat-models-org-first.',
        },
      ]),
    );
    // The section goes with the resource: the app's alert says it too.
    expect(alerts.post).toHaveBeenCalledWith({
      message:
        'Deleted ModelDownload chat-models, Job hf-dl-chat-models-org-first.',
      severity: 'success',
      display: 'transient',
    });
    expect(permission.authorize).toHaveBeenCalledWith({
      permission: modelDeliveryDeletePermission,
      resourceRef: entityRef,
    });
  });

  it('deletes nothing when the confirmation is cancelled', async () => {
    const { api } = await render({
      entityRef: 'component:default/delete-cancelled',
    });

    await userEvent.click(
      await screen.findByRole('button', { name: 'Delete chat-models' }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));

    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(api.deleteResource).not.toHaveBeenCalled();
  });

  it('re-downloads one chosen model, saying what a re-download does', async () => {
    const entityRef = 'component:default/redownload-one';
    const { api, permission, outcomes } = await render({ entityRef });
    api.redownload.mockResolvedValue({
      namespace: 'models',
      jobs: [
        {
          model: 'org/first',
          job: 'hf-dl-chat-models-org-first',
          deleted: true,
        },
      ],
      forceReloadUnset: true,
    });

    await userEvent.click(
      await screen.findByRole('button', { name: 'Re-download chat-models' }),
    );
    const dialog = screen.getByRole('dialog', {
      name: 'Re-download models of chat-models?',
    });
    expect(dialog).toHaveTextContent(
      kindLifecycle('ModelDownload')!.redownload!,
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: /Which models/ }),
    );
    await userEvent.click(
      screen.getByRole('option', { name: 'org/first (failed)' }),
    );
    await userEvent.click(
      within(dialog).getByRole('button', {
        name: 'Delete Jobs and re-download',
      }),
    );

    expect(api.redownload).toHaveBeenCalledWith({
      entityRef,
      cluster: 'local',
      kind: 'ModelDownload',
      namespace: 'models',
      name: 'chat-models',
      model: 'org/first',
    });
    await waitFor(() => expect(outcomes).toHaveLength(1));
    expect(outcomes[0].message).toBe(
      'Re-downloading org/first: deleted the Jobs hf-dl-chat-models-org-first and unset settings.forceReload; hf-operator creates them again.',
    );
    expect(permission.authorize).toHaveBeenCalledWith({
      permission: modelDeliveryRedownloadPermission,
      resourceRef: entityRef,
    });
  });

  it('reports a refusal by the backend', async () => {
    const { api, outcomes } = await render({
      entityRef: 'component:default/delete-refused',
    });
    api.deleteResource.mockRejectedValue(
      await responseError(403, 'NotAllowedError', 'denied'),
    );

    await userEvent.click(
      await screen.findByRole('button', { name: 'Delete chat-models' }),
    );
    await userEvent.click(
      within(screen.getByRole('dialog')).getByRole('button', {
        name: 'Delete chat-models',
      }),
    );

    await waitFor(() =>
      expect(outcomes).toEqual([
        {
          severity: 'error',
          message: 'You are not allowed to delete chat-models.',
        },
      ]),
    );
  });

  it('shows no button the policy does not allow', async () => {
    const { permission } = await render({
      entityRef: 'component:default/denied',
      permission: permissionApiAnswering('DENY'),
    });

    await waitFor(() => expect(permission.authorize).toHaveBeenCalledTimes(2));
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });

  it('offers no re-download for a kind that has none', async () => {
    await render({
      entityRef: 'component:default/gemma-owner',
      resource: resource({
        name: 'gemma-a',
        kind: 'GemmaOnTPUServer',
        itemNoun: 'instance',
        items: [item({ name: 'gemma-a' })],
      }),
    });

    await userEvent.click(
      await screen.findByRole('button', { name: 'Delete gemma-a' }),
    );
    expect(screen.getByRole('dialog')).toHaveTextContent(
      kindLifecycle('GemmaOnTPUServer')!.deleteTakesWith,
    );
    expect(
      screen.queryByRole('button', { name: 'Re-download gemma-a' }),
    ).not.toBeInTheDocument();
  });
});
