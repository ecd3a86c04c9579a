/**
 * What changed between two versions of an object, field by field, for the task log:
 * "spec.nodePool: 'gpu-a' → 'gpu-b'". Lists are compared whole (a model list that gained
 * an entry is one change), objects field by field.
 */

type Plain = Record<string, unknown>;

/** One changed field. `before` / `after` are absent when the field was added / removed. */
export interface FieldChange {
  path: string;
  before?: unknown;
  after?: unknown;
}

function isPlainObject(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function childPath(path: string, key: string): string {
  // Label and annotation keys contain dots and slashes: bracket them to stay readable.
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key)
    ? `${path}.${key}`
    : `${path}[${JSON.stringify(key)}]`;
}

/** The fields under `path` that differ between `before` and `after`. */
export function fieldChanges(
  path: string,
  before: unknown,
  after: unknown,
): FieldChange[] {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys
      .sort()
      .flatMap(key =>
        fieldChanges(childPath(path, key), before[key], after[key]),
      );
  }
  if (same(before, after)) return [];
  return [
    {
      path,
      ...(before !== undefined ? { before } : {}),
      ...(after !== undefined ? { after } : {}),
    },
  ];
}

const MAX_VALUE_LENGTH = 200;

function show(value: unknown): string {
  // One line per change: a multi-line string is shown escaped.
  const text =
    typeof value === 'string' && !value.includes('\n')
      ? `'${value}'`
      : JSON.stringify(value);
  return text.length > MAX_VALUE_LENGTH
    ? `${text.slice(0, MAX_VALUE_LENGTH)}…`
    : text;
}

/**
 * One line per change. With `values: false` (Secrets) only the field and whether it was
 * added, removed or changed: never a value.
 */
export function describeFieldChange(
  change: FieldChange,
  options: { values: boolean },
): string {
  const added = !('before' in change);
  const removed = !('after' in change);
  if (!options.values) {
    if (added) return `${change.path} added`;
    if (removed) return `${change.path} removed`;
    return `${change.path} changed`;
  }
  if (added) return `${change.path}: added ${show(change.after)}`;
  if (removed) return `${change.path}: removed (was ${show(change.before)})`;
  return `${change.path}: ${show(change.before)} → ${show(change.after)}`;
}
