import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  ANNOTATION_NOTIFICATIONS,
  entityTabPath,
} from '@model-delivery/plugin-model-delivery-common';
import { createHash } from 'node:crypto';
import { describeResource } from '../access/entityResources';
import { StatusCache } from '../cache/StatusCache';
import {
  EntityWithResources,
  entitiesWithResources,
} from '../access/entitiesWithResources';
import { FailedItem, failedItems } from '../fleet/failedItems';
import { NotificationLedger } from './NotificationLedger';
import { NotificationOptions } from '../options';

/** Something to tell an entity's owner about, under the key that makes it once. */
interface Occurrence {
  key: string;
  entity: EntityWithResources;
  title: string;
  description: string;
}

function optedOut(entity: EntityWithResources): boolean {
  const value = entity.entity.metadata.annotations?.[ANNOTATION_NOTIFICATIONS];
  return ['off', 'false', 'disabled', 'none'].includes(
    (value ?? '').trim().toLocaleLowerCase('en-US'),
  );
}

/**
 * Tells an entity's owner, through the notifications plugin, when an item of one of its
 * resources fails (and, if configured, when a resource completes). Each failure is told
 * once: its identity (the failed Job's uid, else the resource's uid and the item's
 * phase) is recorded in the {@link NotificationLedger} before sending, so a re-list, a
 * restart or another replica does not tell it again. Per entity, at most one
 * notification per `minIntervalMs`; what fails in between is told, together, when the
 * interval is over.
 */
export class FailureNotifier {
  private lastEvaluationAt = 0;
  /** Entities whose last send failed, and when to try them again. */
  private readonly retryAfter = new Map<string, number>();
  private periodic: NodeJS.Timeout | undefined;
  private timer: { handle: NodeJS.Timeout; due: number } | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  /** Resources this replica saw unfinished: only those are told on completion. */
  private readonly seenUnfinished = new Set<string>();

  constructor(
    private readonly deps: {
      cache: StatusCache;
      catalog: CatalogService;
      auth: AuthService;
      notifications: NotificationService;
      ledger: NotificationLedger;
      logger: LoggerService;
      options: NotificationOptions;
    },
  ) {}

  /** The cache changed: evaluate soon (a burst of changes makes one evaluation). */
  cacheChanged(): void {
    const { debounceMs, minEvaluationSpacingMs } = this.deps.options;
    const spacing = this.lastEvaluationAt + minEvaluationSpacingMs - Date.now();
    this.schedule(Math.max(debounceMs, spacing));
  }

  /**
   * Also evaluates every `periodicEvaluationMs`, for what changes in the catalog alone
   * (an entity registered for resources that failed already).
   */
  start(): void {
    this.periodic = setInterval(
      () => this.schedule(0),
      this.deps.options.periodicEvaluationMs,
    );
    this.periodic.unref?.();
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    if (this.periodic) clearInterval(this.periodic);
    if (this.timer) clearTimeout(this.timer.handle);
  }

  /** Evaluates in `delayMs`, unless an evaluation is due sooner already. */
  private schedule(delayMs: number) {
    if (this.stopped) return;
    const due = Date.now() + delayMs;
    if (this.timer && this.timer.due <= due) return;
    if (this.timer) clearTimeout(this.timer.handle);
    const handle = setTimeout(() => {
      this.timer = undefined;
      this.evaluate();
    }, delayMs);
    handle.unref?.();
    this.timer = { handle, due };
  }

  /** One evaluation at a time; a change during one makes another after it. */
  private evaluate() {
    if (this.running) {
      this.again = true;
      return;
    }
    this.lastEvaluationAt = Date.now();
    this.running = this.evaluateOnce()
      .catch(error =>
        this.deps.logger.error(
          `Model delivery notifications: evaluation failed: ${error}`,
        ),
      )
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.schedule(0);
        }
      });
  }

  /** Resolves when no evaluation is under way (for an orderly shutdown). */
  async idle(): Promise<void> {
    await this.running;
  }

  /**
   * Read at every evaluation rather than kept: an entity registered, re-owned or opted
   * out since counts at once, and evaluations are at least `minEvaluationSpacingMs` apart.
   */
  private async entitiesNow(): Promise<EntityWithResources[]> {
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    return entitiesWithResources(this.deps.catalog, credentials);
  }

  private failureKey(failed: FailedItem): string {
    const { resource, item, entityRef } = failed;
    const jobNamespace = item.jobNamespace ?? resource.namespace;
    const job =
      item.jobName && jobNamespace
        ? this.deps.cache.findRelatedJob(
            resource.cluster,
            resource.kind,
            jobNamespace,
            item.jobName,
          )
        : undefined;
    // The failed Job's uid names this failure; a retry makes a new Job, a new failure.
    const failure = job?.metadata?.uid
      ? `job:${job.metadata.uid}`
      : `resource:${resource.uid}:${item.phase}`;
    return [
      'failed',
      entityRef,
      resource.cluster,
      resource.kind,
      resource.namespace ?? '',
      resource.name,
      item.name,
      failure,
    ].join('|');
  }

  private occurrences(
    entities: EntityWithResources[],
    now: Date,
  ): Occurrence[] {
    const found: Occurrence[] = [];
    const byRef = new Map(entities.map(e => [e.entityRef, e]));
    for (const failed of failedItems(this.deps.cache, entities, {}, now)) {
      const entity = byRef.get(failed.entityRef)!;
      const { resource, item } = failed;
      found.push({
        key: this.failureKey(failed),
        entity,
        title: `${resource.itemNoun} '${item.name}' of ${describeResource(
          resource,
        )} failed`,
        description: item.reason ?? item.detail,
      });
    }
    if (this.deps.options.onCompletion) {
      for (const entity of entities) {
        for (const resource of this.deps.cache.resourcesOf(
          entity.selector,
          now,
        )) {
          const id = `${entity.entityRef}|${resource.uid}`;
          if (resource.state !== 'completed') {
            this.seenUnfinished.add(id);
            continue;
          }
          if (!this.seenUnfinished.has(id)) continue;
          const items = resource.items.map(i => i.name).sort();
          found.push({
            key: [
              'completed',
              entity.entityRef,
              resource.cluster,
              resource.kind,
              resource.namespace ?? '',
              resource.name,
              resource.uid,
              items.join(','),
            ].join('|'),
            entity,
            title: `${describeResource(resource)} completed`,
            description: `Every ${resource.itemNoun} completed: ${items.join(
              ', ',
            )}`,
          });
        }
      }
    }
    return found;
  }

  private async evaluateOnce(): Promise<void> {
    const nowMs = Date.now();
    const now = new Date(nowMs);
    const entities = (await this.entitiesNow()).filter(
      e => e.ownerRef && !optedOut(e),
    );
    const occurrences = this.occurrences(entities, now);
    if (occurrences.length === 0) return;
    const notified = await this.deps.ledger.notified(
      occurrences.map(o => o.key),
    );
    const pending = new Map<string, Occurrence[]>();
    for (const occurrence of occurrences) {
      if (notified.has(occurrence.key)) continue;
      const list = pending.get(occurrence.entity.entityRef) ?? [];
      list.push(occurrence);
      pending.set(occurrence.entity.entityRef, list);
    }
    let nextDue: number | undefined;
    for (const [entityRef, list] of pending) {
      const last = await this.deps.ledger.lastNotifiedAt(entityRef);
      const due = Math.max(
        last ? last.getTime() + this.deps.options.minIntervalMs : nowMs,
        this.retryAfter.get(entityRef) ?? nowMs,
      );
      if (due > nowMs) {
        nextDue = Math.min(nextDue ?? due, due);
        continue;
      }
      await this.notify(entityRef, list, now);
    }
    if (nextDue !== undefined) this.schedule(nextDue - nowMs);
  }

  private async notify(entityRef: string, list: Occurrence[], now: Date) {
    const { ledger, notifications, logger } = this.deps;
    const claimed = new Set(
      await ledger.claim(
        list.map(o => o.key),
        entityRef,
        now,
      ),
    );
    const told = list.filter(o => claimed.has(o.key));
    if (told.length === 0) return;
    const ownerRef = told[0].entity.ownerRef!;
    const failures = told.filter(o => o.key.startsWith('failed|'));
    const payload =
      told.length === 1
        ? { title: told[0].title, description: told[0].description }
        : {
            title: `${entityRef}: ${
              failures.length > 0
                ? `${failures.length} model deliveries failed`
                : `${told.length} model deliveries completed`
            }`,
            description: told
              .map(o => `${o.title}: ${o.description}`)
              .join('\n'),
          };
    try {
      await notifications.send({
        recipients: { type: 'entity', entityRef: ownerRef },
        payload: {
          ...payload,
          link: entityTabPath(entityRef),
          severity: failures.length > 0 ? 'high' : 'normal',
          topic: 'model-delivery',
          // Same scope, same notification: a duplicate that slipped through updates it.
          scope: `model-delivery:${createHash('sha256')
            .update(told.map(o => o.key).join('\n'))
            .digest('hex')}`,
        },
      });
      await ledger.setLastNotifiedAt(entityRef, now);
      this.retryAfter.delete(entityRef);
      logger.info(
        `Notified ${ownerRef} of ${told.length} model delivery event(s) of ${entityRef}`,
      );
    } catch (error) {
      await ledger.release(told.map(o => o.key));
      // Not at every change: the notifications backend may be down, or not installed.
      this.retryAfter.set(
        entityRef,
        now.getTime() + this.deps.options.periodicEvaluationMs,
      );
      logger.warn(
        `Could not notify ${ownerRef} about ${entityRef}; will try again in a minute: ${error}`,
      );
    }
  }
}
