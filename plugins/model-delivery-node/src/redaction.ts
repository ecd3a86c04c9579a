/**
 * What a redacted value is replaced with.
 *
 * @public
 */
export const REDACTED = '[REDACTED]';

/*
 * Each rule replaces only the secret part and keeps what names it ("Authorization: Bearer",
 * "HF_TOKEN=", "https://…@host"), so a reader still sees which credential was there. No rule
 * matches a line break: a redacted log keeps its line count, and the tail the user asked for
 * stays the tail.
 */

/** PEM private keys, whole blocks (the only rule spanning lines; it keeps the line breaks). */
const PRIVATE_KEY_BLOCK =
  /(-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----)([\s\S]*?)(-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g;

/**
 * Tokens recognisable by their shape alone, wherever they appear: Hugging Face user and
 * org tokens, GitHub tokens, Google API keys, AWS access key ids, Slack tokens, JWTs.
 */
const TOKEN_SHAPES = [
  // No word boundary: a token glued to other text is still a token.
  /hf_[A-Za-z0-9]{16,}/g,
  /\bapi_org_[A-Za-z0-9]{20,}/g,
  /\bgh[pousr]_[A-Za-z0-9]{20,}/g,
  /\bgithub_pat_[A-Za-z0-9_]{20,}/g,
  /\bAIza[0-9A-Za-z_-]{30,}/g,
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g,
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/g,
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g,
];

/** `scheme://userinfo@`: git and pip put tokens there (`https://user:hf_…@huggingface.co`). */
const URL_USERINFO =
  /\b([A-Za-z][A-Za-z0-9+.-]*:\/\/)([^\s/@?#:]*(?::[^\s@]*)?)@/g;

/** `Authorization: Bearer x`, `Proxy-Authorization: Basic x`, `authorization=token x`. */
const AUTHORIZATION_HEADER =
  /\b((?:proxy-)?authorization["']?[ \t]*[:=][ \t]*["']?)(?:(bearer|basic|token|digest|negotiate)[ \t]+)?([^\s"',;]+)/gi;

/** A bare `Bearer x` (curl -v, Python reprs). */
const BEARER = /\b(bearer)([ \t]+)([A-Za-z0-9._~+/=-]{8,})/gi;

/** `--name value` and `--name=value` on a command line. */
const FLAG_VALUE =
  /(^|[\s"'])(--?[A-Za-z][A-Za-z0-9_.-]*)([ \t]+|=)("[^"\n]*"?|'[^'\n]*'?|[^\s"']+)/gm;

/**
 * The name and separator of `name=value`, `name: value`, `"name": "value"`, `?name=value&`.
 * Only the name and separator are matched, so that a value that is itself an assignment
 * (`env: HF_TOKEN=x`) is looked at too.
 */
const ASSIGNMENT_NAME = /([A-Za-z_][A-Za-z0-9_.-]*)(["']?[ \t]*[=:][ \t]*)/g;

/** The value after a name and separator: quoted (may hold spaces), or up to a delimiter. */
const ASSIGNMENT_VALUE = /^(?:"[^"\n]*"?|'[^'\n]*'?|[^\s"',;&]+)/;

/** A quoted value stays quoted, so the line still reads as the same syntax. */
function redactedValue(value: string): string {
  const quote = /^["']/.exec(value)?.[0];
  if (!quote) return REDACTED;
  return `${quote}${REDACTED}${
    value.length > 1 && value.endsWith(quote) ? quote : ''
  }`;
}

function isRedacted(value: string): boolean {
  return value.replace(/^["']/, '').startsWith(REDACTED);
}

/** A word of a name that makes its value a credential (`HF_TOKEN`, `hfToken`, `--password`). */
const SECRET_WORDS = new Set([
  'token',
  'secret',
  'password',
  'passwd',
  'pwd',
  'pass',
  'passphrase',
  'auth',
  'credential',
  'credentials',
  'signature',
  'sig',
  'apikey',
  'cookie',
]);

/** Two words of a name that together make its value a credential (`API_KEY`, `accessKey`). */
const SECRET_PAIRS = [
  'api key',
  'access key',
  'private key',
  'secret key',
  'session key',
  'account key',
];

/** Whether a variable, flag or field name names a credential; `tokenizer` or `max_tokens` do not. */
function isSecretName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  if (words.some(word => SECRET_WORDS.has(word))) return true;
  const joined = ` ${words.join(' ')} `;
  return SECRET_PAIRS.some(pair => joined.includes(` ${pair} `));
}

/** Each known secret and its base64 form (as a Secret's `data` holds it), longest first. */
function knownForms(secrets: ReadonlyArray<string>): string[] {
  return secrets
    .filter(secret => secret.length > 0)
    .flatMap(secret => [secret, Buffer.from(secret).toString('base64')])
    .sort((a, b) => b.length - a.length);
}

/**
 * Replaces anything credential-shaped in a text (a container log, an event message, an
 * error, a Hub answer) with {@link REDACTED}: first the `known` secrets the caller holds
 * (a task's token, in plain text or base64), then by shape: Hugging Face, GitHub, Google,
 * AWS and Slack tokens, JWTs, passwords and tokens in URLs (`https://user:pass@host`),
 * Authorization headers and bearer tokens, `--token x` / `--password=x` arguments,
 * `HF_TOKEN=x` / `"api_key": "x"` assignments and PEM private keys. hf-operator passes
 * the Hugging Face token on its container's command line, so a download log can echo it.
 *
 * The one redactor of the suite: task logs, diagnostics, errors and Hub answers all go
 * through it. Redaction keeps the line count, and redacting twice changes nothing more.
 *
 * @public
 */
export function redactCredentials(
  text: string,
  known: ReadonlyArray<string> = [],
): string {
  let out = knownForms(known).reduce(
    (masked, secret) => masked.split(secret).join(REDACTED),
    text,
  );
  out = out.replace(
    PRIVATE_KEY_BLOCK,
    (_match, begin: string, body: string, end: string) =>
      `${begin}${body.replace(/[^\n]+/g, REDACTED)}${end}`,
  );
  for (const shape of TOKEN_SHAPES) out = out.replace(shape, REDACTED);
  out = out.replace(URL_USERINFO, `$1${REDACTED}@`);
  out = out.replace(
    AUTHORIZATION_HEADER,
    (_match, head: string, scheme: string | undefined) =>
      `${head}${scheme ? `${scheme} ` : ''}${REDACTED}`,
  );
  out = out.replace(BEARER, `$1$2${REDACTED}`);
  out = out.replace(
    FLAG_VALUE,
    (match, before: string, flag: string, separator: string, value: string) =>
      // `--token --verbose`: a flag without a value.
      !isSecretName(flag) ||
      isRedacted(value) ||
      (separator !== '=' && value.startsWith('-'))
        ? match
        : `${before}${flag}${separator}${redactedValue(value)}`,
  );
  return redactAssignments(out);
}

function redactAssignments(text: string): string {
  const names = new RegExp(ASSIGNMENT_NAME.source, 'g');
  let out = '';
  let copied = 0;
  for (let m = names.exec(text); m; m = names.exec(text)) {
    if (!isSecretName(m[1])) continue;
    const valueStart = m.index + m[0].length;
    const value = ASSIGNMENT_VALUE.exec(text.slice(valueStart))?.[0];
    if (!value || isRedacted(value)) continue;
    out += text.slice(copied, valueStart) + redactedValue(value);
    copied = valueStart + value.length;
    names.lastIndex = copied;
  }
  return out + text.slice(copied);
}

/**
 * An error with its message and stack redacted (see {@link redactCredentials}) and its
 * cause dropped: the cause may hold a raw response, and the message says what to do
 * without it. The API server does not echo Secret data in its errors, and messages quote
 * only its answers; this is the last guard before a task log.
 *
 * @public
 */
export function redactError(
  error: unknown,
  known: ReadonlyArray<string> = [],
): unknown {
  if (!(error instanceof Error)) return error;
  error.message = redactCredentials(error.message, known);
  if (error.stack) error.stack = redactCredentials(error.stack, known);
  (error as { cause?: unknown }).cause = undefined;
  return error;
}
