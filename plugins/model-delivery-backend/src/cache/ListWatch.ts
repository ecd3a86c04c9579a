import { LoggerService } from '@backstage/backend-plugin-api';
import { KubeConfig } from '@kubernetes/client-node';
import {
  KubeObject,
  WatchedType,
} from '@model-delivery/plugin-model-delivery-common';
import { WatchOptions } from '../options';
import { cachedFields } from './cachedFields';
import {
  KubernetesHttpError,
  kubernetesStatusCode,
} from '@model-delivery/plugin-model-delivery-node';
import { WatchEvent, listAllPages, watchObjects } from './apiRequests';

/**
 * Where one list+watch stands.
 * - `listing`: the first LIST is under way; no data yet.
 * - `watching`: listed and watching; the cache matches the API server.
 * - `relisting`: the watch expired (410 Gone); the data is kept while a new LIST runs.
 * - `absent`: the API server does not serve the type (404 on LIST: the CRD is not
 *   installed). Not a failure: the type is looked for again every `crdRecheckIntervalMs`.
 * - `unreachable`: no answer (connection refused or reset, timeout, 5xx, 429); the data
 *   is kept, as of `lastSyncedAt`, and the LIST is retried with backoff.
 * - `failed`: the API server refuses (401, 403, other 4xx) or the request cannot be made
 *   (credentials, TLS); retried with backoff, since RBAC or config may be fixed.
 */
export type ListWatchPhase =
  | 'listing'
  | 'watching'
  | 'relisting'
  | 'absent'
  | 'unreachable'
  | 'failed';

export interface ListWatchState {
  phase: ListWatchPhase;
  /** The error behind `unreachable` / `failed`. */
  error?: unknown;
  /** The last moment the cache was known to match the API server; undefined until the first LIST. */
  lastSyncedAt?: Date;
}

export interface ListWatchOptions extends WatchOptions {
  kubeConfig: KubeConfig;
  type: WatchedType;
  logger: LoggerService;
  /**
   * How long the API server keeps each watch open, drawn at random in this range.
   * Default 5 to 10 minutes, as client-go's reflector asks.
   */
  watchTimeoutSeconds?: { min: number; max: number };
  /** Called after every change of the cached objects or of the state. */
  onChange(): void;
  /**
   * Called with the objects that changed (before `onChange`): what was cached before
   * and what is now, either absent when added or deleted.
   */
  onObjects?(changes: ObjectChange[]): void;
}

/** One cached object's change: added (no `previous`), deleted (no `current`) or modified. */
export interface ObjectChange {
  previous?: KubeObject;
  current?: KubeObject;
}

/** First retry delay; doubled per consecutive failure up to `maxReconnectDelayMs`. */
const INITIAL_RETRY_DELAY_MS = 500;
const DEFAULT_WATCH_TIMEOUT_SECONDS = { min: 300, max: 600 };
/** A type that was served counts as gone after this many 404s in a row. */
const NOT_FOUND_BEFORE_ABSENT = 5;
/** A watch that ends sooner than this without an error counts as a failure for backoff. */
const SHORTEST_HEALTHY_WATCH_MS = 1000;

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENETDOWN',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'UND_ERR_SOCKET',
]);

/** Whether the API server simply did not answer (as opposed to refusing). */
function isUnreachable(error: unknown): boolean {
  const status = kubernetesStatusCode(error);
  if (status !== undefined) return status >= 500 || status === 429;
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && CONNECTION_CODES.has(code);
}

/** `namespace/name` (`/name` when cluster-scoped): how a ListWatch keys its objects. */
export function objectKey(object: KubeObject): string {
  return `${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;
}

class Stopped extends Error {}

/**
 * A watch-fed cache of one type in one cluster: LIST, then WATCH from the list's
 * resourceVersion, forever.
 *
 * - The watch ends normally every 5 to 10 minutes; the next one resumes from the last
 *   resourceVersion seen (bookmarks keep it fresh), with no LIST.
 * - 410 Gone (as an HTTP status, or as an ERROR event on the stream) means that
 *   resourceVersion is too old: LIST again.
 * - Any failure (API server restarted or unreachable, forbidden...) is followed by a
 *   LIST, after a backoff: events may have been missed, and an API server that restarted
 *   has a new watch cache which older resourceVersions do not reach anyway.
 *
 * Reading the cache (`items`) never calls the API server.
 */
export class ListWatch {
  private readonly objects = new Map<string, KubeObject>();
  private itemsSnapshot?: KubeObject[];
  private stateValue: ListWatchState = { phase: 'listing' };
  private resourceVersion = '';
  private readonly abort = new AbortController();
  private running?: Promise<void>;
  private consecutiveFailures = 0;
  private notFoundInARow = 0;

  constructor(private readonly options: ListWatchOptions) {}

  get type(): WatchedType {
    return this.options.type;
  }

  get state(): ListWatchState {
    return this.stateValue;
  }

  /** Every cached object. The same array is returned until the cache changes. */
  items(): KubeObject[] {
    this.itemsSnapshot ??= [...this.objects.values()];
    return this.itemsSnapshot;
  }

  /** One cached object by its {@link objectKey}. */
  get(key: string): KubeObject | undefined {
    return this.objects.get(key);
  }

  start(): void {
    this.running ??= this.run().catch(error => {
      if (!(error instanceof Stopped)) {
        this.options.logger.error(
          `Watching ${this.describeType()} stopped unexpectedly: ${error}`,
        );
      }
    });
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  private describeType(): string {
    const { type } = this.options;
    return `${type.kind} (${type.apiVersion}${
      type.labelSelector ? `, labels ${type.labelSelector}` : ''
    }${type.namespace ? `, namespace ${type.namespace}` : ''})`;
  }

  private setState(state: ListWatchState) {
    const previous = this.stateValue;
    this.stateValue = state;
    if (previous.phase !== state.phase || previous.error !== state.error) {
      this.options.onChange();
    }
  }

  private async run(): Promise<void> {
    let needList = true;
    while (!this.abort.signal.aborted) {
      try {
        if (needList) {
          await this.list();
          needList = false;
        }
        const startedAt = Date.now();
        const expired = await this.watch();
        if (expired) {
          needList = true;
          await this.relistAfterExpiry();
          continue;
        }
        if (Date.now() - startedAt < SHORTEST_HEALTHY_WATCH_MS) {
          // An API server that keeps ending watches at once would otherwise be hammered.
          await this.sleep(this.nextRetryDelay());
        } else {
          this.consecutiveFailures = 0;
        }
      } catch (error) {
        if (this.abort.signal.aborted || error instanceof Stopped) return;
        needList = true;
        await this.handleFailure(error);
      }
    }
  }

  /**
   * The resourceVersion expired (410 Gone): LIST again, at once the first time; an expiry
   * again before any healthy watch backs off like a failure (e.g. a paged LIST whose
   * continue token keeps expiring on a very busy type).
   */
  private async relistAfterExpiry() {
    this.setState({
      phase: 'relisting',
      lastSyncedAt: this.syncedUntilNow(),
    });
    if (this.consecutiveFailures === 0) {
      this.consecutiveFailures++;
      return;
    }
    await this.sleep(this.nextRetryDelay());
  }

  /** When the cache was last known to match: now, if it was watching until this moment. */
  private syncedUntilNow(): Date | undefined {
    return this.stateValue.phase === 'watching'
      ? new Date()
      : this.stateValue.lastSyncedAt;
  }

  private async handleFailure(error: unknown) {
    const status = kubernetesStatusCode(error);
    if (status === 410) {
      await this.relistAfterExpiry();
      return;
    }
    if (status === 404) {
      const wasServed =
        this.stateValue.phase !== 'listing' &&
        this.stateValue.phase !== 'absent';
      if (wasServed && ++this.notFoundInARow < NOT_FOUND_BEFORE_ABSENT) {
        // An API server that just restarted answers 404 for custom resources until it
        // has loaded their CRDs: keep the data and look again soon before calling the
        // type gone.
        this.setState({
          phase: 'relisting',
          lastSyncedAt: this.syncedUntilNow(),
        });
        await this.sleep(this.nextRetryDelay());
        return;
      }
      // The type is not served: its CRD is not installed, or was deleted.
      this.notFoundInARow = 0;
      this.replaceAll([]);
      this.setState({ phase: 'absent', lastSyncedAt: new Date() });
      this.consecutiveFailures = 0;
      await this.sleep(this.options.crdRecheckIntervalMs);
      return;
    }
    const lastSyncedAt = this.syncedUntilNow();
    const phase = isUnreachable(error) ? 'unreachable' : 'failed';
    if (this.stateValue.phase !== phase) {
      this.options.logger.warn(
        `Watching ${this.describeType()}: ${
          phase === 'unreachable' ? 'API server unreachable' : 'failed'
        }: ${error}`,
      );
    }
    this.setState({ phase, error, lastSyncedAt });
    await this.sleep(this.nextRetryDelay());
  }

  private nextRetryDelay(): number {
    const base = Math.min(
      INITIAL_RETRY_DELAY_MS * 2 ** this.consecutiveFailures,
      this.options.maxReconnectDelayMs,
    );
    this.consecutiveFailures++;
    // Jitter, so that the watches of a cluster that comes back do not all LIST at once.
    return base / 2 + Math.random() * (base / 2);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.abort.signal.aborted) {
        reject(new Stopped());
        return;
      }
      let timer: ReturnType<typeof setTimeout> | undefined = undefined;
      const onAbort = () => {
        clearTimeout(timer);
        reject(new Stopped());
      };
      timer = setTimeout(() => {
        this.abort.signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      this.abort.signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  private async list() {
    const { kubeConfig, type, requestTimeoutMs } = this.options;
    const result = await listAllPages(
      kubeConfig,
      type,
      this.abort.signal,
      requestTimeoutMs,
    );
    this.replaceAll(result.items);
    this.resourceVersion = result.resourceVersion;
    this.notFoundInARow = 0;
    if (this.stateValue.phase === 'absent') {
      this.options.logger.info(`${this.describeType()} is now served`);
    }
    this.setState({ phase: 'watching', lastSyncedAt: new Date() });
  }

  /** Watches until the API server ends the watch. Returns true when the resourceVersion expired. */
  private async watch(): Promise<boolean> {
    const { kubeConfig, type, requestTimeoutMs } = this.options;
    let expired = false;
    const { min, max } =
      this.options.watchTimeoutSeconds ?? DEFAULT_WATCH_TIMEOUT_SECONDS;
    await watchObjects(kubeConfig, type, {
      resourceVersion: this.resourceVersion,
      timeoutSeconds: Math.floor(min + Math.random() * (max - min)),
      signal: this.abort.signal,
      requestTimeoutMs,
      onEvent: event => {
        if (this.apply(event)) expired = true;
      },
    });
    return expired;
  }

  /** Applies one event; true when it says the resourceVersion expired. */
  private apply(event: WatchEvent): boolean {
    const { object } = event;
    switch (event.type) {
      case 'ADDED':
      case 'MODIFIED': {
        const key = objectKey(object);
        const known = this.objects.get(key);
        this.resourceVersion =
          object.metadata?.resourceVersion ?? this.resourceVersion;
        if (
          known?.metadata?.resourceVersion === object.metadata?.resourceVersion
        ) {
          return false;
        }
        const current = cachedFields(this.options.type, object);
        this.objects.set(key, current);
        this.changed([{ previous: known, current }]);
        return false;
      }
      case 'DELETED': {
        this.resourceVersion =
          object.metadata?.resourceVersion ?? this.resourceVersion;
        const key = objectKey(object);
        const previous = this.objects.get(key);
        if (previous) {
          this.objects.delete(key);
          this.changed([{ previous }]);
        }
        return false;
      }
      case 'BOOKMARK':
        this.resourceVersion =
          object.metadata?.resourceVersion ?? this.resourceVersion;
        return false;
      case 'ERROR':
        if (object.code === 410) return true;
        throw new KubernetesHttpError(
          object.code ?? 500,
          JSON.stringify(object),
          `WATCH of ${this.describeType()}`,
        );
      default:
        return false;
    }
  }

  /** Replaces the cache with a LIST's items; reports what differs, if anything. */
  private replaceAll(items: KubeObject[]) {
    const changes: ObjectChange[] = [];
    const next = new Map<string, KubeObject>();
    for (const item of items) {
      const key = objectKey(item);
      const known = this.objects.get(key);
      if (
        known &&
        known.metadata?.resourceVersion === item.metadata?.resourceVersion
      ) {
        next.set(key, known);
        continue;
      }
      const current = cachedFields(this.options.type, item);
      next.set(key, current);
      changes.push({ previous: known, current });
    }
    for (const [key, previous] of this.objects) {
      if (!next.has(key)) changes.push({ previous });
    }
    this.objects.clear();
    for (const [key, item] of next) this.objects.set(key, item);
    if (changes.length > 0) this.changed(changes);
  }

  private changed(changes: ObjectChange[]) {
    this.itemsSnapshot = undefined;
    this.options.onObjects?.(changes);
    this.options.onChange();
  }
}
