import { LoggerService } from '@backstage/backend-plugin-api';
import { EventsService } from '@backstage/plugin-events-node';
import { MODELS_CHANGED_TOPIC } from '@model-delivery/plugin-model-delivery-common';
import { createHash } from 'node:crypto';
import { StatusCache } from '../cache/StatusCache';
import { cachesFilled } from './catalogModelsRouter';

/**
 * Tells the catalog module, over the events service (which carries it to every replica
 * when the events backend runs on a shared database), that the models or who holds them
 * changed. After a cache change (debounced) it reads the models again and publishes only
 * when they differ from what it last saw: a download progressing changes no entity.
 *
 * Who holds a model also depends on the catalog (the entities selecting the resources),
 * which announces no change: it reads the models again every `recheckMs` too. Without
 * that, a portal whose catalog ingests its entities after the caches fill (every fresh
 * start) would show no model or server entity until the provider's own schedule.
 */
export class ModelsChangedPublisher {
  private timer?: ReturnType<typeof setTimeout>;
  private recheck?: ReturnType<typeof setInterval>;
  private last?: string;
  private stopped = false;
  private running?: Promise<void>;

  constructor(
    private readonly options: {
      cache: StatusCache;
      events: EventsService;
      logger: LoggerService;
      read(): Promise<unknown>;
      debounceMs: number;
      recheckMs: number;
    },
  ) {}

  start() {
    if (this.stopped || this.recheck) return;
    this.recheck = setInterval(
      () => this.cacheChanged(),
      this.options.recheckMs,
    );
    this.recheck.unref?.();
  }

  cacheChanged() {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.check().catch(error =>
        this.options.logger.warn(`Could not check the held models: ${error}`),
      );
    }, this.options.debounceMs);
  }

  async stop() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.recheck) clearInterval(this.recheck);
    await this.running;
  }

  private async check() {
    if (!cachesFilled(this.options.cache)) return;
    const fingerprint = createHash('sha1')
      .update(JSON.stringify(await this.options.read()))
      .digest('base64url');
    if (fingerprint === this.last) return;
    this.last = fingerprint;
    await this.options.events.publish({
      topic: MODELS_CHANGED_TOPIC,
      eventPayload: {},
    });
  }
}
