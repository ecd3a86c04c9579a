import { ValidationIssue } from './issues';

// The API server's own pattern for resource.Quantity (as in every CRD's int-or-string fields).
const QUANTITY =
  /^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$/;

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
 * when the string is not one.
 *
 * @public
 */
export function parseQuantity(value: string): number | undefined {
  if (!QUANTITY.test(value)) return undefined;
  const match =
    /^([+-]?[0-9.]+)(([eE][+-]?[0-9.]+)|[KMGTPE]i|[numkMGTPE])?$/.exec(value);
  if (!match) return undefined;
  const [, number, suffix = ''] = match;
  if (suffix.startsWith('e') || suffix.startsWith('E')) {
    return Number(`${number}${suffix}`);
  }
  return Number(number) * SUFFIX[suffix];
}

/**
 * A positive Kubernetes quantity. `what` names it in the message ("CPU", "memory").
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
