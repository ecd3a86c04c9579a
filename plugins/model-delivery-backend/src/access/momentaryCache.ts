interface MomentaryEntry<T> {
  expiresAt: number;
  value: Promise<T>;
  /** The last answer read, with the time it expired or expires at. */
  settled?: { value: T; expiresAt: number };
}

/**
 * Promises kept for a few seconds, shared by concurrent identical requests.
 *
 * With `staleMs`, an expired answer is still served for that long while a fresh one is
 * read, instead of making every concurrent request wait for the read: for data that is
 * the same for every caller, so that a slow read in a burst of views does not hold up
 * the whole burst. Never for access decisions, which must not outlive `ttlMs`.
 */
export class MomentaryCache<T> {
  private readonly entries = new Map<string, MomentaryEntry<T>>();

  constructor(
    private readonly ttlMs: number,
    private readonly staleMs = 0,
    /** Entries kept at most; beyond, expired ones go, then the oldest. */
    private readonly maxEntries = 10_000,
  ) {}

  get(key: string, compute: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const known = this.entries.get(key);
    if (known && known.expiresAt > now) {
      // Refreshing: the last answer while it is not too old.
      if (known.settled && known.settled.expiresAt + this.staleMs > now) {
        return Promise.resolve(known.settled.value);
      }
      return known.value;
    }
    const value = compute();
    const entry: MomentaryEntry<T> = {
      expiresAt: now + this.ttlMs,
      value,
      settled: this.staleMs > 0 ? known?.settled : undefined,
    };
    this.entries.set(key, entry);
    value.then(
      resolved => {
        entry.settled = { value: resolved, expiresAt: entry.expiresAt };
      },
      // A failed read (catalog down) is not an answer: ask again next time.
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    if (this.entries.size > this.maxEntries) this.prune(now);
    if (entry.settled && entry.settled.expiresAt + this.staleMs > now) {
      return Promise.resolve(entry.settled.value);
    }
    return value;
  }

  private prune(now: number) {
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt <= now) this.entries.delete(key);
    }
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(key);
    }
  }
}
