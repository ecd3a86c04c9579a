import { mockServices } from '@backstage/backend-test-utils';
import { EventParams, EventsService } from '@backstage/plugin-events-node';
import { MODELS_CHANGED_TOPIC } from '@model-delivery/plugin-model-delivery-common';
import { StatusCache } from '../cache/StatusCache';
import { ModelsChangedPublisher } from './ModelsChangedPublisher';

/** Caches of one cluster, filled once. */
const filledCache = {
  clusterStatuses: () => [{ cluster: 'local', lastSyncedAt: 'then' }],
} as unknown as StatusCache;

describe('ModelsChangedPublisher', () => {
  let published: EventParams[];
  let events: EventsService;
  let models: string[];
  let publisher: ModelsChangedPublisher;

  beforeEach(() => {
    jest.useFakeTimers();
    published = [];
    events = {
      publish: async (event: EventParams) => {
        published.push(event);
      },
      subscribe: async () => {},
    };
    models = [];
    publisher = new ModelsChangedPublisher({
      cache: filledCache,
      events,
      logger: mockServices.logger.mock(),
      read: async () => models,
      debounceMs: 2_000,
      recheckMs: 30_000,
    });
  });

  afterEach(async () => {
    await publisher.stop();
    jest.useRealTimers();
  });

  it('announces models that the catalog, not a cache, changed, at the next recheck', async () => {
    publisher.start();
    // The caches filled before the catalog ingested its entities: no model yet.
    publisher.cacheChanged();
    await jest.advanceTimersByTimeAsync(2_000);
    expect(published.map(e => e.topic)).toEqual([MODELS_CHANGED_TOPIC]);

    // The catalog now has the entities holding a model; no cache changes.
    models = ['org/model'];
    await jest.advanceTimersByTimeAsync(30_000 + 2_000);
    expect(published).toHaveLength(2);

    // Nothing changed since: nothing more is announced.
    await jest.advanceTimersByTimeAsync(3 * 32_000);
    expect(published).toHaveLength(2);
  });

  it('stops rechecking when stopped', async () => {
    publisher.start();
    await publisher.stop();
    models = ['org/model'];
    await jest.advanceTimersByTimeAsync(5 * 32_000);
    expect(published).toEqual([]);
  });
});
