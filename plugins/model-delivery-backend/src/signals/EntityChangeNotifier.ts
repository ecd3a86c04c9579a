import { LoggerService } from '@backstage/backend-plugin-api';
import {
  EntityResourceSelector,
  entitySignalChannel,
} from '@model-delivery/plugin-model-delivery-common';
import { SignalsService } from '@backstage/plugin-signals-node';

export interface EntityChangeNotifierOptions {
  signals: SignalsService;
  logger: LoggerService;
  /**
   * What an entity's page shows, as a string that differs when the page would, from the
   * caches (no API server call); `modelId` for a model entity, whose page shows the
   * model's places.
   */
  fingerprint(
    entityRef: string,
    selector: EntityResourceSelector | undefined,
    modelId?: string,
  ): string;
  /** Wait after the first change of a burst before recomputing. */
  debounceMs: number;
  /** How long after its last request an entity stays tracked. */
  trackingMs: number;
}

interface TrackedEntity {
  selector: EntityResourceSelector | undefined;
  modelId?: string;
  expiresAt: number;
  fingerprint: string;
}

/**
 * Tells pages that an entity's status changed, over Backstage signals.
 *
 * Entities are tracked when their status is requested, and for `trackingMs` after the
 * last request. After a cache change (debounced), each tracked entity's status is
 * fingerprint (its status's ETag) is taken from the caches and compared with what was last served or signalled; each
 * that differs gets a broadcast on `entitySignalChannel(entityRef)` carrying only
 * `{ entityRef }`. Pages then refetch through the permission-checked endpoint, so a
 * signal reveals nothing to a listener who may not read the entity.
 */
export class EntityChangeNotifier {
  private readonly tracked = new Map<string, TrackedEntity>();
  private timer?: ReturnType<typeof setTimeout>;
  private stopped = false;

  constructor(private readonly options: EntityChangeNotifierOptions) {}

  /**
   * Records what was just served for an entity (its fingerprint); keeps it tracked for
   * `trackingMs`.
   */
  track(
    entityRef: string,
    selector: EntityResourceSelector | undefined,
    served: string,
    modelId?: string,
  ) {
    this.tracked.set(entityRef, {
      selector,
      ...(modelId !== undefined ? { modelId } : {}),
      expiresAt: Date.now() + this.options.trackingMs,
      fingerprint: served,
    });
  }

  /**
   * Schedules a check. The first change of a burst starts the wait; later ones join it,
   * so a steady stream of events still yields a check every `debounceMs`.
   */
  cacheChanged() {
    if (this.stopped || this.timer || this.tracked.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.check().catch(error =>
        this.options.logger.error(
          `Model delivery change check failed: ${error}`,
        ),
      );
    }, this.options.debounceMs);
  }

  stop() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.tracked.clear();
  }

  private async check() {
    const now = Date.now();
    const changed: string[] = [];
    for (const [entityRef, entry] of this.tracked) {
      if (entry.expiresAt < now) {
        this.tracked.delete(entityRef);
        continue;
      }
      const current = this.options.fingerprint(
        entityRef,
        entry.selector,
        entry.modelId,
      );
      if (current !== entry.fingerprint) {
        entry.fingerprint = current;
        changed.push(entityRef);
      }
    }
    await Promise.all(
      changed.map(async entityRef => {
        try {
          await this.options.signals.publish({
            recipients: { type: 'broadcast' },
            channel: entitySignalChannel(entityRef),
            message: { entityRef },
          });
        } catch (error) {
          this.options.logger.warn(
            `Could not signal the change of ${entityRef}: ${error}`,
          );
        }
      }),
    );
  }
}
