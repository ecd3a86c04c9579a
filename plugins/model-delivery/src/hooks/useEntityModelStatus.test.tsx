import { signalApiRef } from '@backstage/plugin-signals-react';
import { TestApiProvider } from '@backstage/test-utils';
import { entitySignalChannel } from '@model-delivery/plugin-model-delivery-common';
import { act, renderHook, waitFor } from '@testing-library/react';
import { ReactNode } from 'react';
import { modelDeliveryApiRef } from '../api';
import { FakeSignalApi } from '../__testUtils__/FakeSignalApi';
import { mockModelDeliveryApi } from '../__testUtils__/modelDeliveryApi';
import { statusResponse } from '../__testUtils__/statusFixtures';
import {
  POLL_INTERVAL_MS,
  SAFETY_POLL_INTERVAL_MS,
  SUBSCRIBED_REFETCH_MS,
  useEntityModelStatus,
} from './useEntityModelStatus';

const ENTITY = {
  kind: 'Component',
  namespace: 'default',
  name: 'Chat-Assistant',
};

describe('useEntityModelStatus', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('subscribes to the channel of the entity, by its normalized ref', async () => {
    const api = mockModelDeliveryApi();
    api.getEntityStatus.mockResolvedValue(statusResponse([]));
    const signals = new FakeSignalApi();
    const wrapper = ({ children }: { children: ReactNode }) => (
      <TestApiProvider
        apis={[
          [modelDeliveryApiRef, api],
          [signalApiRef, signals],
        ]}
      >
        {children}
      </TestApiProvider>
    );

    const { result } = renderHook(() => useEntityModelStatus(ENTITY), {
      wrapper,
    });
    await waitFor(() => expect(result.current.loading).toBe(false));

    expect(
      signals.subscriberCount(
        entitySignalChannel('component:default/chat-assistant'),
      ),
    ).toBe(1);
  });

  it('polls when the app has no signal API', async () => {
    jest.useFakeTimers();
    const api = mockModelDeliveryApi();
    api.getEntityStatus.mockResolvedValue(statusResponse([]));
    const wrapper = ({ children }: { children: ReactNode }) => (
      <TestApiProvider apis={[[modelDeliveryApiRef, api]]}>
        {children}
      </TestApiProvider>
    );

    const { result } = renderHook(() => useEntityModelStatus(ENTITY), {
      wrapper,
    });
    await waitFor(() => expect(result.current.loading).toBe(false));
    expect(api.getEntityStatus).toHaveBeenCalledTimes(1);

    await act(async () => {
      jest.advanceTimersByTime(POLL_INTERVAL_MS);
    });
    expect(api.getEntityStatus).toHaveBeenCalledTimes(2);
  });

  it('with signals, refetches once after subscribing, then only as a slow safety net', async () => {
    jest.useFakeTimers();
    const api = mockModelDeliveryApi();
    api.getEntityStatus.mockResolvedValue(statusResponse([]));
    const wrapper = ({ children }: { children: ReactNode }) => (
      <TestApiProvider
        apis={[
          [modelDeliveryApiRef, api],
          [signalApiRef, new FakeSignalApi()],
        ]}
      >
        {children}
      </TestApiProvider>
    );

    const { result } = renderHook(() => useEntityModelStatus(ENTITY), {
      wrapper,
    });
    await waitFor(() => expect(result.current.loading).toBe(false));
    expect(api.getEntityStatus).toHaveBeenCalledTimes(1);

    // A change that landed before the subscription formed is caught up with once.
    await act(async () => {
      jest.advanceTimersByTime(SUBSCRIBED_REFETCH_MS);
    });
    expect(api.getEntityStatus).toHaveBeenCalledTimes(2);

    // No 10-second polling while signals push changes...
    await act(async () => {
      jest.advanceTimersByTime(3 * POLL_INTERVAL_MS);
    });
    expect(api.getEntityStatus).toHaveBeenCalledTimes(2);

    // ...only the safety net.
    await act(async () => {
      jest.advanceTimersByTime(SAFETY_POLL_INTERVAL_MS);
    });
    expect(api.getEntityStatus).toHaveBeenCalledTimes(3);
  });

  it('keeps the newest answer when answers arrive out of order', async () => {
    const api = mockModelDeliveryApi();
    const signals = new FakeSignalApi();
    const first = statusResponse([]);
    const older = { ...statusResponse([]), generatedAt: 'older' };
    const newer = { ...statusResponse([]), generatedAt: 'newer' };
    let answerOlder: (value: typeof older) => void = () => {};
    api.getEntityStatus
      .mockResolvedValueOnce(first)
      .mockReturnValueOnce(
        new Promise(resolve => {
          answerOlder = resolve;
        }),
      )
      .mockResolvedValueOnce(newer);
    const wrapper = ({ children }: { children: ReactNode }) => (
      <TestApiProvider
        apis={[
          [modelDeliveryApiRef, api],
          [signalApiRef, signals],
        ]}
      >
        {children}
      </TestApiProvider>
    );
    const channel = entitySignalChannel('component:default/chat-assistant');

    const { result } = renderHook(() => useEntityModelStatus(ENTITY), {
      wrapper,
    });
    await waitFor(() => expect(result.current.status).toBe(first));

    act(() => signals.publish(channel, { entityRef: 'x' }));
    act(() => signals.publish(channel, { entityRef: 'x' }));
    await waitFor(() => expect(result.current.status).toBe(newer));

    await act(async () => answerOlder(older));
    expect(result.current.status).toBe(newer);
  });
});
