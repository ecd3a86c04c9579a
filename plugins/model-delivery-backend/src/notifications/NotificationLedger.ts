import { DatabaseService } from '@backstage/backend-plugin-api';
import { createHash } from 'node:crypto';
import { Knex } from 'knex';

const SENT = 'model_delivery_notifications_sent';
const ENTITIES = 'model_delivery_notifications_entities';

/**
 * What was notified, in the plugin's database, so that a failure is notified once: not
 * again after a re-list, a restart, or on another replica. A notification is claimed
 * (a row inserted under a unique key) before it is sent; whoever inserts first sends.
 * Per entity, when it was last notified, for the rate limit.
 */
export class NotificationLedger {
  private constructor(private readonly db: Knex) {}

  static async create(database: DatabaseService): Promise<NotificationLedger> {
    const db = await database.getClient();
    // Two small tables created at start: a migration framework buys nothing here.
    if (!(await db.schema.hasTable(SENT))) {
      await db.schema.createTable(SENT, table => {
        table.string('key_hash', 64).primary();
        table.text('key').notNullable();
        table.string('entity_ref', 255).notNullable();
        table.timestamp('notified_at').notNullable();
      });
    }
    if (!(await db.schema.hasTable(ENTITIES))) {
      await db.schema.createTable(ENTITIES, table => {
        table.string('entity_ref', 255).primary();
        table.timestamp('last_notified_at').notNullable();
      });
    }
    return new NotificationLedger(db);
  }

  private static hash(key: string): string {
    return createHash('sha256').update(key).digest('hex');
  }

  /** The keys among `keys` that were notified already. */
  async notified(keys: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    const byHash = new Map(keys.map(k => [NotificationLedger.hash(k), k]));
    const hashes = [...byHash.keys()];
    for (let i = 0; i < hashes.length; i += 500) {
      const rows = await this.db(SENT)
        .whereIn('key_hash', hashes.slice(i, i + 500))
        .select('key_hash');
      for (const row of rows) found.add(byHash.get(row.key_hash)!);
    }
    return found;
  }

  /**
   * Claims keys for sending; resolves the ones this call claimed. A key claimed already
   * (by an earlier evaluation, or concurrently by another replica) is not returned.
   */
  async claim(keys: string[], entityRef: string, now: Date): Promise<string[]> {
    const claimed: string[] = [];
    for (const key of keys) {
      const row = {
        key_hash: NotificationLedger.hash(key),
        key,
        entity_ref: entityRef,
        notified_at: now,
      };
      try {
        await this.db(SENT).insert(row);
        claimed.push(key);
      } catch (error) {
        // A unique violation: claimed elsewhere. Anything else is a real failure.
        const exists = await this.db(SENT)
          .where('key_hash', row.key_hash)
          .first();
        if (!exists) throw error;
      }
    }
    return claimed;
  }

  /** Gives claimed keys back, when sending failed, so a later evaluation tries again. */
  async release(keys: string[]): Promise<void> {
    await this.db(SENT)
      .whereIn('key_hash', keys.map(NotificationLedger.hash))
      .delete();
  }

  async lastNotifiedAt(entityRef: string): Promise<Date | undefined> {
    const row = await this.db(ENTITIES).where('entity_ref', entityRef).first();
    return row ? new Date(row.last_notified_at) : undefined;
  }

  async setLastNotifiedAt(entityRef: string, at: Date): Promise<void> {
    await this.db(ENTITIES)
      .insert({ entity_ref: entityRef, last_notified_at: at })
      .onConflict('entity_ref')
      .merge();
  }
}
