import { readFileSync, writeFileSync } from 'node:fs';
import { isMap, isSeq, parse, parseDocument, YAMLMap, YAMLSeq } from 'yaml';

/**
 * Merges YAML a user pastes into a file of theirs (`app-config.yaml`, `.yarnrc.yml`) the way
 * a person does: maps are merged key by key, list items are added after the existing ones
 * (an item already there is not added twice), anything else is replaced. The file keeps
 * its comments.
 */
export function mergeYamlInto(file: string, pasted: string): void {
  const doc = parseDocument(readFileSync(file, 'utf8'));
  const add = parse(pasted);
  if (!add || typeof add !== 'object' || Array.isArray(add)) {
    throw new Error(`not a YAML mapping:\n${pasted}`);
  }
  if (!isMap(doc.contents)) doc.contents = doc.createNode({}) as any;
  mergeMap(doc.contents as YAMLMap, add, doc);
  writeFileSync(file, doc.toString());
}

function mergeMap(
  target: YAMLMap,
  add: Record<string, unknown>,
  doc: ReturnType<typeof parseDocument>,
) {
  for (const [key, value] of Object.entries(add)) {
    const existing = target.get(key, true);
    if (
      isMap(existing) &&
      value &&
      typeof value === 'object' &&
      !Array.isArray(value)
    ) {
      mergeMap(existing, value as Record<string, unknown>, doc);
    } else if (isSeq(existing) && Array.isArray(value)) {
      mergeSeq(existing, value, doc);
    } else {
      target.set(key, doc.createNode(value));
    }
  }
}

function mergeSeq(
  target: YAMLSeq,
  add: unknown[],
  doc: ReturnType<typeof parseDocument>,
) {
  const present = new Set(
    (target.toJSON() as unknown[]).map(item => JSON.stringify(item)),
  );
  for (const item of add) {
    if (!present.has(JSON.stringify(item))) target.add(doc.createNode(item));
  }
}
