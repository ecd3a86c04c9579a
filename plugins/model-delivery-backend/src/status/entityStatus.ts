import { createHash } from 'node:crypto';
import {
  ClusterStatus,
  EntityResourceSelector,
  EntityStatusResponse,
} from '@model-delivery/plugin-model-delivery-common';
import { SelectionAnswer, StatusCache } from '../cache/StatusCache';

const NO_RESOURCES: SelectionAnswer = {
  resources: [],
  resourcesJson: '[]',
  counts: { pending: 0, completed: 0, failed: 0 },
  hash: 'none',
};

/** An entity's status, with what serves it without serialising it again. */
export interface EntityStatusAnswer {
  status: EntityStatusResponse;
  /**
   * A weak ETag over what a page shows: the resources, and the clusters but for what
   * changes on every computation (`generatedAt`, a ready cluster's `lastSyncedAt`, which
   * is "now"). Equal ETags, equal pages.
   */
  etag: string;
  /** `status` as JSON, the resources spliced in from their kept JSON. */
  body(): string;
}

/** The clusters as a page shows them, without what changes on every computation. */
function clustersFingerprint(clusters: ClusterStatus[]): string {
  return JSON.stringify(
    clusters.map(c => ({
      name: c.name,
      title: c.title,
      state: c.state,
      message: c.message,
      missingKinds: c.missingKinds,
      lastSyncedAt: c.state === 'ready' ? undefined : c.lastSyncedAt,
    })),
  );
}

/**
 * An entity's status, from the caches alone: every resource of the entity in every
 * cluster, each cluster's sync state, and the item counts over all of them. An entity
 * without a selector (no kubernetes annotation) has no resources, but still sees how
 * the clusters are doing. The resources come assembled from the cache; only the
 * clusters and the time are new per call.
 */
export function entityStatusAnswer(
  cache: StatusCache,
  entityRef: string,
  selector: EntityResourceSelector | undefined,
  now: Date = new Date(),
  extras: StatusExtras = {},
): EntityStatusAnswer {
  const selection = selector
    ? cache.selectionAnswer(selector, now)
    : NO_RESOURCES;
  return statusAnswerOf(cache, entityRef, selection, now, extras);
}

/** What an answer says besides the resources: the servers of its models, a model's places. */
export type StatusExtras = Pick<EntityStatusResponse, 'servers' | 'places'>;

/**
 * An entity's status from resources assembled elsewhere (a model entity's places, see
 * catalogModels/modelEntityStatus.ts), with the clusters and ETag as for any entity, and
 * what else the caller sees (`extras`, covered by the ETag too).
 */
export function statusAnswerOf(
  cache: StatusCache,
  entityRef: string,
  selection: SelectionAnswer,
  now: Date = new Date(),
  extras: StatusExtras = {},
): EntityStatusAnswer {
  const clusters = cache.clusterStatuses(now);
  const kinds = cache.kindSummaries();
  const generatedAt = now.toISOString();
  const present = Object.fromEntries(
    Object.entries(extras).filter(([, v]) => v !== undefined),
  ) as StatusExtras;
  // `,"servers":[…],"places":[…]`, or nothing: spliced into the body after the counts.
  const extrasJson = JSON.stringify(present).slice(1, -1);
  const etag = `W/"${createHash('sha1')
    .update(
      `${entityRef}\n${selection.hash}\n${clustersFingerprint(
        clusters,
      )}\n${extrasJson}`,
    )
    .digest('base64url')}"`;
  return {
    status: {
      entityRef,
      kinds,
      clusters,
      resources: selection.resources,
      counts: selection.counts,
      ...present,
      generatedAt,
    },
    etag,
    body: () =>
      `{"entityRef":${JSON.stringify(entityRef)},"kinds":${JSON.stringify(
        kinds,
      )},"clusters":${JSON.stringify(clusters)},"resources":${
        selection.resourcesJson
      },"counts":${JSON.stringify(selection.counts)}${
        extrasJson ? `,${extrasJson}` : ''
      },"generatedAt":${JSON.stringify(generatedAt)}}`,
  };
}

/**
 * What the change signals compare for an entity, from the caches alone (no caller): its
 * answer's ETag as anyone sees it, and the versions of the servers of the models it holds;
 * for a model entity (`modelId`), the version of the model's places.
 */
export function entityFingerprint(
  cache: StatusCache,
  entityRef: string,
  selector: EntityResourceSelector | undefined,
  modelId?: string,
): string {
  const { etag } = entityStatusAnswer(cache, entityRef, selector);
  if (modelId !== undefined) return `${etag}|${cache.modelVersion(modelId)}`;
  return selector ? `${etag}|${cache.servedFingerprint(selector)}` : etag;
}

/** {@link entityStatusAnswer}'s status alone. */
export function computeEntityStatus(
  cache: StatusCache,
  entityRef: string,
  selector: EntityResourceSelector | undefined,
  now: Date = new Date(),
): EntityStatusResponse {
  return entityStatusAnswer(cache, entityRef, selector, now).status;
}
