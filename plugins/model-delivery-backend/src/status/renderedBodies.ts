import { gzipSync } from 'node:zlib';
import { EntityStatusAnswer } from './entityStatus';

/** Entities whose bodies are kept at most; beyond, the least recently rendered go. */
const MAX_BODIES = 1_000;

interface Rendered {
  etag: string;
  second: number;
  json: Buffer;
  gzip?: Buffer;
}

/**
 * The bytes of each entity's answer, rendered once per second and shared by every view
 * of that second, plain and gzipped.
 *
 * Browsers ask for compressed answers, and the root router's compression middleware
 * would gzip the same few hundred kilobytes again for every view of a big entity: more
 * CPU than everything else a view costs. The answer only changes when its ETag does,
 * but for its clock fields (`generatedAt`, a ready cluster's `lastSyncedAt`), so those
 * are allowed to be up to a second old, which no page can tell.
 *
 * A body is only ever served under the ETag it was rendered for, so the ETag must cover
 * everything the answer says but those clock fields, including whatever differs from one
 * caller to another (a model entity's places are those the caller may see).
 */
export class RenderedBodies {
  private readonly bodies = new Map<string, Rendered>();

  /**
   * The answer's JSON, gzipped if `gzip`: rendered again when its ETag changes or a new
   * second begins, so a change is served as soon as the cache has it.
   */
  get(
    entityRef: string,
    answer: EntityStatusAnswer,
    gzip: boolean,
    now = Date.now(),
  ): Buffer {
    const second = Math.floor(now / 1000);
    let rendered = this.bodies.get(entityRef);
    if (
      !rendered ||
      rendered.second !== second ||
      rendered.etag !== answer.etag
    ) {
      rendered = {
        etag: answer.etag,
        second,
        json: Buffer.from(answer.body()),
      };
      // Re-inserted, so that the map's order is the order of rendering.
      this.bodies.delete(entityRef);
      this.bodies.set(entityRef, rendered);
      // A body of an earlier second is never served again: the oldest go first.
      for (const [ref, body] of this.bodies) {
        if (body.second >= second - 1 && this.bodies.size <= MAX_BODIES) break;
        this.bodies.delete(ref);
      }
    }
    if (!gzip) return rendered.json;
    rendered.gzip ??= gzipSync(rendered.json);
    return rendered.gzip;
  }
}
