import { createHash } from 'node:crypto';
import { Config } from '@backstage/config';
import { HubApiError, listFiles, modelInfo } from '@huggingface/hub';
import {
  HubModelAccess,
  HubModelReport,
  hubModelMessage,
  hubModelUrl,
} from '@model-delivery/plugin-model-delivery-common';
import { redactCredentials } from '../redaction';

/*
 * What the Hugging Face Hub says of models for a token, asked the way the official client
 * (@huggingface/hub) asks: model info (GET /api/models/{id}/revision/{rev}?expand=…), the
 * file tree (GET /api/models/{id}/tree/{rev}?recursive=true, following Link pages) and, for
 * a gated model, huggingface_hub's auth check (GET /api/models/{id}/auth-check), which
 * answers 401/403 with X-Error-Code GatedRepo until the token's user accepted the terms.
 * The Hub answers a private model the token may not read like a missing one (401 without
 * a token, 404 with one, X-Error-Code RepoNotFound), see huggingface_hub's
 * utils/_http.py hf_raise_for_status.
 *
 * The token is only ever put in the Authorization header: never logged, cached by value,
 * or put in a report, problem or error (everything returned goes through the redactor).
 */

/** The public Hub; a mirror (an HF_ENDPOINT value) or a stand-in goes in config. @public */
export const DEFAULT_HUGGING_FACE_ENDPOINT = 'https://huggingface.co';

/** @public */
export interface HuggingFaceHubOptions {
  /** Default {@link DEFAULT_HUGGING_FACE_ENDPOINT}. */
  endpoint?: string;
  /** `modelDelivery.huggingFace.token`: used when a caller has no token of its own. */
  token?: string;
  /** How long one request may take. Default 10 000. */
  timeoutMs?: number;
  /** How long an answer about a model, revision and token is reused. Default 60 000; 0 turns it off. */
  cacheTtlMs?: number;
}

/**
 * What the Hub says of a token: `accepted` (it knows the token's user), `refused` (it does
 * not know the token), or `unknown` (it could not be asked; `problem` says why).
 *
 * @public
 */
export type HubTokenCheck =
  | { verdict: 'accepted'; user?: string }
  | { verdict: 'refused' }
  | { verdict: 'unknown'; problem: string };

/** @public */
export interface HubModelsCheck {
  /** The Hub endpoint asked. */
  hubUrl: string;
  /** One report per model asked, in order. */
  models: HubModelReport[];
  /** Set when the Hub could not be asked (every such model is `unknown`); never holds the token. */
  problem?: string;
}

interface ModelCheck {
  report: HubModelReport;
  problem?: string;
}

/**
 * The fetch the client's calls use: sends the token (the official client's own check
 * wants an `hf_` prefix, which a mirror's or the local sample's token may not have), gives
 * up after `timeoutMs`, and keeps the answer's X-Error-Code, which HubApiError does not.
 */
function recordingFetch(timeoutMs: number, token: string | undefined) {
  const seen: { errorCode?: string } = {};
  const fetchWithTimeout: typeof fetch = async (input, init) => {
    const headers = new Headers(init?.headers);
    if (token) headers.set('Authorization', `Bearer ${token}`);
    const response = await fetch(input, {
      ...init,
      headers,
      signal: AbortSignal.timeout(timeoutMs),
    });
    seen.errorCode = response.headers.get('X-Error-Code') ?? undefined;
    return response;
  };
  return { fetch: fetchWithTimeout, seen };
}

function unreachableReason(error: unknown, timeoutMs: number): string {
  const e = error as {
    name?: string;
    cause?: { code?: string };
    message?: string;
  };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') {
    return `no answer within ${Math.round(timeoutMs / 1000)} s`;
  }
  return e?.cause?.code ?? e?.message ?? String(error);
}

/**
 * A client of one Hugging Face Hub (the public one, or a mirror) for the questions a
 * download depends on: does the model (and revision) exist, is it gated or private, may
 * this token read it, how large is it, what is its licence.
 *
 * @public
 */
export class HuggingFaceHub {
  /** From the root config's `modelDelivery.huggingFace` (endpoint, token, timeout, cache). */
  static fromConfig(config: Config): HuggingFaceHub {
    const hub = config.getOptionalConfig('modelDelivery.huggingFace');
    const timeoutSeconds = hub?.getOptionalNumber('timeoutSeconds');
    const cacheSeconds = hub?.getOptionalNumber('cacheSeconds');
    return new HuggingFaceHub({
      endpoint: hub?.getOptionalString('endpoint'),
      token: hub?.getOptionalString('token'),
      timeoutMs:
        timeoutSeconds === undefined ? undefined : timeoutSeconds * 1000,
      cacheTtlMs: cacheSeconds === undefined ? undefined : cacheSeconds * 1000,
    });
  }

  /** The Hub's base URL, without a trailing slash. */
  readonly hubUrl: string;
  readonly #token?: string;
  readonly #timeoutMs: number;
  readonly #cacheTtlMs: number;
  readonly #cache = new Map<string, { at: number; check: ModelCheck }>();

  constructor(options: HuggingFaceHubOptions = {}) {
    this.hubUrl = (options.endpoint || DEFAULT_HUGGING_FACE_ENDPOINT).replace(
      /\/+$/,
      '',
    );
    this.#token = options.token || undefined;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#cacheTtlMs = options.cacheTtlMs ?? 60_000;
  }

  /** The token of `modelDelivery.huggingFace.token`, for callers without one of their own. */
  configuredToken(): string | undefined {
    return this.#token;
  }

  /**
   * Whether the Hub knows the token, asked as huggingface_hub's `whoami` asks
   * (GET /api/whoami-v2): before a new token is stored anywhere. Never throws; the
   * problem never holds the token.
   */
  async checkToken(token: string): Promise<HubTokenCheck> {
    const { fetch: timedFetch } = recordingFetch(this.#timeoutMs, token);
    let response: Response;
    try {
      response = await timedFetch(`${this.hubUrl}/api/whoami-v2`);
    } catch (error) {
      return {
        verdict: 'unknown',
        problem: redactCredentials(
          `The Hugging Face Hub at ${
            this.hubUrl
          } could not be asked whether it knows the token (${unreachableReason(
            error,
            this.#timeoutMs,
          )})`,
          [token],
        ),
      };
    }
    if (response.ok) {
      const body = (await response.json().catch(() => ({}))) as {
        name?: unknown;
      };
      return {
        verdict: 'accepted',
        ...(typeof body.name === 'string' ? { user: body.name } : {}),
      };
    }
    await response.body?.cancel();
    if (response.status === 401) return { verdict: 'refused' };
    return {
      verdict: 'unknown',
      problem: `The Hugging Face Hub at ${this.hubUrl} could not be asked whether it knows the token (it answered HTTP ${response.status})`,
    };
  }

  /**
   * What the Hub says of each model for `token` (none: anonymous). Never throws for the
   * Hub's answers: when it cannot be asked, the models are `unknown` and `problem` says why.
   */
  async checkModels(
    models: Array<{ id: string; revision?: string }>,
    token: string | undefined,
  ): Promise<HubModelsCheck> {
    const checks = await Promise.all(
      models.map(m => this.#cachedCheck(m.id, m.revision || undefined, token)),
    );
    const problem = checks.find(c => c.problem)?.problem;
    return {
      hubUrl: this.hubUrl,
      models: checks.map(c => c.report),
      ...(problem
        ? { problem: redactCredentials(problem, tokenList(token)) }
        : {}),
    };
  }

  async #cachedCheck(
    id: string,
    revision: string | undefined,
    token: string | undefined,
  ): Promise<ModelCheck> {
    const tokenHash = token
      ? createHash('sha256').update(token).digest('hex')
      : '';
    const key = `${id.toLowerCase()}\n${revision ?? ''}\n${tokenHash}`;
    const cached = this.#cache.get(key);
    if (cached && Date.now() - cached.at < this.#cacheTtlMs) {
      return cached.check;
    }
    const check = await this.#check(id, revision, token);
    check.report.message = redactCredentials(
      check.report.message,
      tokenList(token),
    );
    if (check.report.access !== 'unknown' && this.#cacheTtlMs > 0) {
      // Bounded: a form checks a handful of models at a time.
      if (this.#cache.size > 500) this.#cache.clear();
      this.#cache.set(key, { at: Date.now(), check });
    }
    return check;
  }

  async #check(
    id: string,
    revision: string | undefined,
    token: string | undefined,
  ): Promise<ModelCheck> {
    const url = hubModelUrl(this.hubUrl, id);
    const base = { id, ...(revision ? { revision } : {}), url };
    const report = (
      access: HubModelAccess,
      facts: Partial<HubModelReport> & {
        revisionMissing?: boolean;
        tokenRefused?: boolean;
      } = {},
    ): HubModelReport => {
      const { revisionMissing, tokenRefused, ...fields } = facts;
      return {
        ...base,
        ...fields,
        access,
        message: hubModelMessage({
          ...base,
          ...fields,
          access,
          revisionMissing,
          tokenRefused,
          withToken: !!token,
        }),
      };
    };
    const unknown = (reason: string): ModelCheck => ({
      report: report('unknown'),
      problem: `The Hugging Face Hub at ${this.hubUrl} could not be asked about ${id}: ${reason}`,
    });
    const infoRequest = recordingFetch(this.#timeoutMs, token);
    let info;
    try {
      info = await modelInfo({
        name: id,
        revision,
        hubUrl: this.hubUrl,
        additionalFields: ['cardData', 'tags', 'sha'],
        fetch: infoRequest.fetch,
      });
    } catch (error) {
      if (!(error instanceof HubApiError)) {
        return unknown(unreachableReason(error, this.#timeoutMs));
      }
      const code = infoRequest.seen.errorCode;
      if (error.statusCode === 404 && code === 'RevisionNotFound') {
        return { report: report('missing', { revisionMissing: true }) };
      }
      if (error.statusCode === 404) return { report: report('missing') };
      if (error.statusCode === 401 || error.statusCode === 403) {
        return {
          report: report('private', {
            // A token the Hub does not know is refused with no error code at all.
            tokenRefused: !!token && code === undefined,
          }),
        };
      }
      return unknown(`it answered HTTP ${error.statusCode}`);
    }

    const license = licenseOf(info.cardData, info.tags);
    const known = {
      gated: info.gated,
      private: info.private,
      ...(license ? { license } : {}),
    };
    try {
      const [totalBytes, mayRead] = await Promise.all([
        this.#totalBytes(id, info.sha ?? revision, token),
        info.gated ? this.#mayReadGated(id, token) : Promise.resolve(true),
      ]);
      return {
        report: report(mayRead ? 'readable' : 'gated', {
          ...known,
          totalBytes,
        }),
      };
    } catch (error) {
      if (error instanceof HubApiError) {
        return unknown(`it answered HTTP ${error.statusCode}`);
      }
      return unknown(unreachableReason(error, this.#timeoutMs));
    }
  }

  /** The sum of the revision's files; an LFS file by its real size, not its pointer's. */
  async #totalBytes(
    id: string,
    revision: string | undefined,
    token: string | undefined,
  ): Promise<number> {
    let total = 0;
    for await (const entry of listFiles({
      repo: { type: 'model', name: id },
      revision,
      recursive: true,
      hubUrl: this.hubUrl,
      fetch: recordingFetch(this.#timeoutMs, token).fetch,
    })) {
      if (entry.type === 'file') total += entry.lfs?.size ?? entry.size;
    }
    return total;
  }

  /**
   * huggingface_hub's auth_check: 200 when the token's user may read the gated model's
   * files, 401/403 with X-Error-Code GatedRepo while its terms are not accepted.
   */
  async #mayReadGated(id: string, token: string | undefined): Promise<boolean> {
    if (!token) return false;
    const { fetch: timedFetch, seen } = recordingFetch(this.#timeoutMs, token);
    const response = await timedFetch(
      `${this.hubUrl}/api/models/${id}/auth-check`,
    );
    await response.body?.cancel();
    if (response.ok) return true;
    if (
      seen.errorCode === 'GatedRepo' ||
      response.status === 401 ||
      response.status === 403
    ) {
      return false;
    }
    throw new HubApiError(response.url, response.status);
  }
}

/** The token, for the redactor to mask wherever an answer quotes it. */
function tokenList(token: string | undefined): string[] {
  return token ? [token] : [];
}

/** The card's `license`, else a `license:<id>` tag, as the Hub's model page shows it. */
function licenseOf(
  cardData: unknown,
  tags: string[] | undefined,
): string | undefined {
  const fromCard = (cardData as { license?: unknown } | undefined)?.license;
  if (typeof fromCard === 'string' && fromCard) return fromCard;
  if (Array.isArray(fromCard) && typeof fromCard[0] === 'string') {
    return fromCard.join(', ');
  }
  return tags?.find(t => t.startsWith('license:'))?.slice('license:'.length);
}
