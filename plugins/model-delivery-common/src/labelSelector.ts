/**
 * Kubernetes label selectors in their string form (`a=b,c!=d,e in (x,y),!f,g`), parsed and
 * matched in memory: the backend filters its watch caches with them, so serving a page
 * costs no API call.
 */

/** @public */
export type LabelRequirement =
  | { key: string; op: 'exists' | 'notexists' }
  | { key: string; op: 'in' | 'notin'; values: string[] };

/** @public */
export type LabelSelector = LabelRequirement[];

function splitTopLevel(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts.map(p => p.trim()).filter(p => p.length > 0);
}

/**
 * Parses a selector string. Throws an Error naming the part it cannot read.
 *
 * @public
 */
export function parseLabelSelector(selector: string): LabelSelector {
  return splitTopLevel(selector).map(part => {
    let m = /^!\s*([^\s=!(),]+)$/.exec(part);
    if (m) return { key: m[1], op: 'notexists' as const };
    m = /^([^\s=!(),]+)\s*(==|=|!=)\s*([^\s=!(),]*)$/.exec(part);
    if (m) {
      return {
        key: m[1],
        op: m[2] === '!=' ? ('notin' as const) : ('in' as const),
        values: [m[3]],
      };
    }
    m = /^([^\s=!(),]+)\s+(in|notin)\s*\(([^()]*)\)$/.exec(part);
    if (m) {
      return {
        key: m[1],
        op: m[2] as 'in' | 'notin',
        values: m[3]
          .split(',')
          .map(v => v.trim())
          .filter(v => v.length > 0),
      };
    }
    m = /^([^\s=!(),]+)$/.exec(part);
    if (m) return { key: m[1], op: 'exists' as const };
    throw new Error(`cannot read label selector part '${part}'`);
  });
}

/** Whether the labels satisfy every requirement. An empty selector matches everything. @public */
export function matchesLabelSelector(
  selector: LabelSelector,
  labels: Record<string, string> | undefined,
): boolean {
  const l = labels ?? {};
  return selector.every(r => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    switch (r.op) {
      case 'exists':
        return has;
      case 'notexists':
        return !has;
      case 'in':
        return has && r.values.includes(l[r.key]);
      case 'notin':
        return !has || !r.values.includes(l[r.key]);
      default:
        return false;
    }
  });
}

/** `a=b,c=d`: the selector requiring each of the labels. @public */
export function formatLabelSelector(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
}

/** The parsed form of {@link formatLabelSelector}, for matching in memory. @public */
export function labelsSelector(labels: Record<string, string>): LabelSelector {
  return Object.entries(labels).map(([key, value]) => ({
    key,
    op: 'in' as const,
    values: [value],
  }));
}

/**
 * Selectors joined into one (every requirement of each), each requirement once:
 * `a=b` and `a=b,c=d` make `a=b,c=d`.
 *
 * @public
 */
export function combineLabelSelectors(
  ...selectors: Array<string | undefined>
): string {
  const parts = selectors.flatMap(s => (s ? splitTopLevel(s) : []));
  return [...new Set(parts)].join(',');
}
