import { SignalApi } from '@backstage/plugin-signals-react';

type Subscriber = (message: any) => void;

/**
 * A signal API the test publishes on, standing in for the backend's signals service.
 */
export class FakeSignalApi implements SignalApi {
  private readonly subscribers = new Map<string, Set<Subscriber>>();

  subscribe(channel: string, onMessage: Subscriber) {
    const set = this.subscribers.get(channel) ?? new Set<Subscriber>();
    set.add(onMessage);
    this.subscribers.set(channel, set);
    return { unsubscribe: () => set.delete(onMessage) };
  }

  publish(channel: string, message: { entityRef: string }) {
    this.subscribers.get(channel)?.forEach(subscriber => subscriber(message));
  }

  subscriberCount(channel: string): number {
    return this.subscribers.get(channel)?.size ?? 0;
  }
}
