import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { Manifest, applyManifests, readManifests } from './manifests';
import { PACKAGE_ROOT, REPO_ROOT } from './paths';

const SAMPLES_DIR = resolve(PACKAGE_ROOT, 'samples');
// The suite's own Gemma RGD, as a platform admin would install it; the samples then play kro.
const GEMMA_RGD = resolve(REPO_ROOT, 'manifests/kro/gemma-on-tpu-rgd.yaml');

const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

function mapStrings(value: unknown, fn: (s: string) => string): unknown {
  if (typeof value === 'string') return fn(value);
  if (Array.isArray(value)) return value.map(v => mapStrings(v, fn));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, mapStrings(v, fn)]),
    );
  }
  return value;
}

/**
 * Moves every timestamp of the samples by one offset, so the latest is a minute before
 * `now`: the page then shows sensible ages and running times whenever the portal starts,
 * with the durations the samples were written with.
 */
export function shiftTimestamps(manifests: Manifest[], now: Date): Manifest[] {
  const times: number[] = [];
  mapStrings(manifests, s => {
    if (TIMESTAMP.test(s)) times.push(Date.parse(s));
    return s;
  });
  if (times.length === 0) return manifests;
  const offset = now.getTime() - 60_000 - Math.max(...times);
  return mapStrings(manifests, s =>
    TIMESTAMP.test(s)
      ? new Date(Date.parse(s) + offset).toISOString().replace(/\.\d+Z$/, 'Z')
      : s,
  ) as Manifest[];
}

/**
 * Applies `samples/*.yaml` in file-name order. Objects carrying `status` get it written
 * through the status subresource: no operator runs in the local control plane, so the
 * samples play its part, and say so in their files.
 */
export async function seedSamples(
  kc: KubeConfig,
  dir = SAMPLES_DIR,
): Promise<number> {
  const files = [
    GEMMA_RGD,
    ...readdirSync(dir)
      .filter(f => f.endsWith('.yaml'))
      .sort()
      .map(f => join(dir, f)),
  ];
  const applied = await applyManifests(
    kc,
    shiftTimestamps(readManifests(files), new Date()),
  );
  return applied.length;
}
