import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { applyManifests, readManifests } from './manifests';
import { PACKAGE_ROOT, REPO_ROOT } from './paths';

const SAMPLES_DIR = resolve(PACKAGE_ROOT, 'samples');
// The suite's own Gemma RGD, as a platform admin would install it; the samples then play kro.
const GEMMA_RGD = resolve(REPO_ROOT, 'manifests/kro/gemma-on-tpu-rgd.yaml');

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
  const applied = await applyManifests(kc, readManifests(files));
  return applied.length;
}
