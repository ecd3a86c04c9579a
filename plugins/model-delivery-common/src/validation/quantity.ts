import { ValidationIssue } from './issues';

/*
 * A quantity as Kubernetes' own parser (resource.ParseQuantity) reads it, which is what
 * hf-operator (resource.MustParse, which panics) and KServe (decoding modelSize) run:
 * an optional sign, a decimal number, and a binary or decimal suffix or an exponent.
 * The CRDs' OpenAPI pattern also lets a fractional exponent through ('1e1.5'), which the
 * parser refuses: this follows the parser.
 */
const QUANTITY =
  /^([+-]?)(?:([0-9]+)(?:\.([0-9]*))?|\.([0-9]+))(?:([KMGTPE]i|[numkMGTPE])|[eE]([+-]?[0-9]+))?$/;

// The parser reads the exponent as a 64-bit integer and refuses what does not fit.
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

// Kubernetes rounds a non-zero amount up to its smallest unit, a nano.
const NANO = 1e-9;

/*
 * Kubernetes' parser works in time proportional to the exponent: measured on the local API
 * server, 1e1000000 took 0.9 s, 1e10000000 30 s, and 1e2147483647 did not finish within the
 * request timeout (34 s, a CPU kept busy). hf-operator and KServe parse with the same code.
 * No CPU, memory or model size needs more than three digits of exponent.
 */
const MAX_EXPONENT_DIGITS = 3;

const SUFFIX: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/**
 * The value of a Kubernetes quantity ("500m" → 0.5, "4Gi" → 4294967296), or undefined
 * when the string is not one. Like Kubernetes, a non-zero amount below one nano counts as
 * one nano; amounts beyond a double's range are Infinity.
 *
 * @public
 */
export function parseQuantity(value: string): number | undefined {
  const match = QUANTITY.exec(value);
  if (!match) return undefined;
  const [
    ,
    sign,
    whole = '',
    fraction = '',
    bareFraction,
    suffix = '',
    exponent,
  ] = match;
  const digits = bareFraction ?? fraction;
  if (exponent !== undefined) {
    const e = BigInt(exponent);
    if (e < INT64_MIN || e > INT64_MAX) return undefined;
  }
  // Zero or not is read from the digits: a double underflows to 0 for '1e-400'.
  if (!/[1-9]/.test(whole + digits)) return 0;
  const magnitude =
    exponent !== undefined
      ? Number(`${whole || '0'}.${digits || '0'}e${exponent}`)
      : Number(`${whole || '0'}.${digits || '0'}`) * SUFFIX[suffix];
  const rounded = Math.max(magnitude, NANO);
  return sign === '-' ? -rounded : rounded;
}

/**
 * A positive Kubernetes quantity. `what` names it in the message ("CPU", "memory").
 *
 * Stricter than the API server on one point, on purpose: the server trims spaces around a
 * quantity when it decodes an object, but hf-operator parses `cpu` and `memory` (plain
 * strings in its CRD) with resource.MustParse, which does not trim and panics, and KServe's
 * CRD pattern refuses them. So a quantity with spaces around it is refused here, and so is
 * an exponent of more than three digits, which Kubernetes' parser takes ever longer to read.
 *
 * @public
 */
export function checkQuantity(
  field: string,
  value: unknown,
  what: string,
  example: string,
): ValidationIssue[] {
  if (typeof value !== 'string' || value.length === 0) {
    return [
      { field, message: `a ${what} quantity is required, e.g. '${example}'` },
    ];
  }
  const exponent = /[eE][+-]?0*([0-9]+)$/.exec(value)?.[1];
  if (
    exponent !== undefined &&
    exponent.length > MAX_EXPONENT_DIGITS &&
    parseQuantity(value) !== undefined
  ) {
    return [
      {
        field,
        message: `'${value}' has an exponent of ${exponent.length} digits; use at most ${MAX_EXPONENT_DIGITS} (Kubernetes takes ever longer to read larger ones)`,
      },
    ];
  }
  const parsed = parseQuantity(value);
  if (parsed === undefined) {
    return [
      {
        field,
        message: `'${value}' is not a Kubernetes quantity (e.g. '${example}'); the operator would crash on it`,
      },
    ];
  }
  if (parsed <= 0) {
    return [{ field, message: `'${value}' must be greater than zero` }];
  }
  return [];
}
