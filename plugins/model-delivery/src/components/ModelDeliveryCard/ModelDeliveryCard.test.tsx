import { entitySignalChannel } from '@model-delivery/plugin-model-delivery-common';
import { act, screen, within } from '@testing-library/react';
import { FakeSignalApi } from '../../__testUtils__/FakeSignalApi';
import { mockModelDeliveryApi } from '../../__testUtils__/modelDeliveryApi';
import { renderForEntity } from '../../__testUtils__/renderForEntity';
import { responseError } from '../../__testUtils__/responseError';
import {
  CHAT_ASSISTANT_REF,
  cluster,
  item,
  resource,
  statusResponse,
} from '../../__testUtils__/statusFixtures';
import { ModelDeliveryCard } from './ModelDeliveryCard';

const mixed = () =>
  statusResponse(
    [
      resource({
        name: 'chat-models',
        items: [
          item({ name: 'org/a' }),
          item({ name: 'org/b', state: 'completed', phase: 'completed' }),
          item({ name: 'org/c', state: 'failed', phase: 'failed' }),
        ],
      }),
      resource({
        name: 'edge-models',
        cluster: 'edge',
        items: [
          item({ name: 'org/d', state: 'completed', phase: 'completed' }),
        ],
      }),
    ],
    [
      cluster({ name: 'local' }),
      cluster({
        name: 'edge',
        state: 'unreachable',
        lastSyncedAt: '2025-01-01T09:00:00Z',
      }),
    ],
  );

describe('ModelDeliveryCard', () => {
  it('shows the counts per state and links to the tab', async () => {
    const api = mockModelDeliveryApi();
    api.getEntityStatus.mockResolvedValue(mixed());

    await renderForEntity(<ModelDeliveryCard />, { api });

    expect(await screen.findByText('2 resources')).toBeInTheDocument();
    expect(screen.getByText('1 pending')).toBeInTheDocument();
    expect(screen.getByText('2 completed')).toBeInTheDocument();
    expect(screen.getByText('1 failed')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /View model delivery/ }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/chat-assistant/model-delivery',
    );
  });

  it('links to the tab where the app mounted it', async () => {
    const api = mockModelDeliveryApi();
    api.getEntityStatus.mockResolvedValue(mixed());

    await renderForEntity(<ModelDeliveryCard tabPath="/models" />, { api });

    expect(
      await screen.findByRole('link', { name: /View model delivery/ }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/chat-assistant/models',
    );
  });

  it('points out clusters that do not answer', async () => {
    const api = mockModelDeliveryApi();
    api.getEntityStatus.mockResolvedValue(mixed());

    await renderForEntity(<ModelDeliveryCard />, { api });

    const alert = await screen.findByRole('alert');
    expect(
      within(alert).getByText(
        /Cluster edge is unreachable .*its resources may be stale/,
      ),
    ).toBeInTheDocument();
  });

  it('says when there is nothing yet', async () => {
    const api = mockModelDeliveryApi();
    api.getEntityStatus.mockResolvedValue(statusResponse([]));

    await renderForEntity(<ModelDeliveryCard />, { api });

    expect(
      await screen.findByText('No model resources for this entity.'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/pending/)).toBeNull();
  });

  it('says when the user may not see the status', async () => {
    const api = mockModelDeliveryApi();
    api.getEntityStatus.mockRejectedValue(
      await responseError(403, 'NotAllowedError', 'Unauthorized'),
    );

    await renderForEntity(<ModelDeliveryCard />, { api });

    expect(
      await screen.findByText(
        'You are not allowed to see model delivery status for this entity',
      ),
    ).toBeInTheDocument();
  });

  it('updates its counts when the entity signals a change', async () => {
    const api = mockModelDeliveryApi();
    const signals = new FakeSignalApi();
    api.getEntityStatus
      .mockResolvedValueOnce(
        statusResponse([
          resource({ name: 'chat-models', items: [item({ name: 'org/a' })] }),
        ]),
      )
      .mockResolvedValueOnce(
        statusResponse([
          resource({
            name: 'chat-models',
            items: [
              item({ name: 'org/a', state: 'completed', phase: 'completed' }),
            ],
          }),
        ]),
      );

    await renderForEntity(<ModelDeliveryCard />, { api, signals });
    expect(await screen.findByText('1 pending')).toBeInTheDocument();

    act(() =>
      signals.publish(entitySignalChannel(CHAT_ASSISTANT_REF), {
        entityRef: CHAT_ASSISTANT_REF,
      }),
    );

    expect(await screen.findByText('1 completed')).toBeInTheDocument();
    expect(screen.getByText('0 pending')).toBeInTheDocument();
  });
});
