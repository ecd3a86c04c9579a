import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { Manifest, applyManifests, readManifests } from './manifests';
import { optInNamespaces } from './optIn';
import { PACKAGE_ROOT, REPO_ROOT } from './paths';
import { playHfOperatorReconciles } from './standInHfOperator';
import { POD_SCRIPT_LABEL, jobSettled } from './standInKubelet';

/** The label of a sample namespace left out of the suite on purpose. */
const OPT_IN_LABEL = 'local-control-plane.model-delivery/opt-in';

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

/** Every timestamp of the manifests (ISO strings, anywhere in them), as epoch ms. */
function timestampsOf(manifests: Manifest[]): number[] {
  const times: number[] = [];
  mapStrings(manifests, s => {
    if (TIMESTAMP.test(s)) times.push(Date.parse(s));
    return s;
  });
  return times;
}

/**
 * Moves every timestamp of the samples by one offset, so the earliest is `start`: the
 * samples keep the durations they were written with, told from that moment on.
 */
export function shiftTimestamps(
  manifests: Manifest[],
  start: Date,
): Manifest[] {
  const times = timestampsOf(manifests);
  if (times.length === 0) return manifests;
  const offset = start.getTime() - Math.min(...times);
  return mapStrings(manifests, s =>
    TIMESTAMP.test(s)
      ? new Date(Date.parse(s) + offset).toISOString().replace(/\.\d+Z$/, 'Z')
      : s,
  ) as Manifest[];
}

/** The files seedSamples applies, in order. */
export function sampleFiles(dir = SAMPLES_DIR): string[] {
  return [
    GEMMA_RGD,
    ...readdirSync(dir)
      .filter(f => f.endsWith('.yaml'))
      .sort()
      .map(f => join(dir, f)),
  ];
}

const isStatusOnly = (m: Manifest) =>
  m.status !== undefined &&
  Object.keys(m).every(k =>
    ['apiVersion', 'kind', 'metadata', 'status'].includes(k),
  );

/** Just the status of an object, for `applyManifests` to write onto the object. */
function statusPart(m: Manifest): Manifest {
  const { name, namespace } = m.metadata ?? {};
  return {
    apiVersion: m.apiVersion,
    kind: m.kind,
    metadata: { name, ...(namespace ? { namespace } : {}) },
    status: m.status,
  };
}

/**
 * Applies `samples/*.yaml` in file-name order, opts the sample namespaces in for the suite
 * (but the one labelled `opt-in: "false"`), then brings the cluster where they lead:
 * - the statuses of kro's and KServe's resources are written through the status
 *   subresource (no stand-in runs for those operators: the samples play their part, and
 *   say so in their files);
 * - hf-operator's reconciles run for each sample ModelDownload (its stand-in), creating
 *   its Jobs;
 * - every Job with a pod script is waited for until the Job controller has brought it
 *   where the script leads (the stand-in kubelet plays the pods).
 *
 * The API server stamps each object's creation with the time it is applied, so the
 * objects go first and the written statuses after, dated from the last creation on: no
 * resource reports progress before it existed, and the samples' few seconds of story have
 * passed when this returns, so nothing is dated in the future. Jobs and pods carry the
 * times the controllers gave them.
 */
export async function seedSamples(
  kc: KubeConfig,
  dir = SAMPLES_DIR,
): Promise<number> {
  const manifests = readManifests(sampleFiles(dir));
  const created = await applyManifests(
    kc,
    manifests
      .filter(m => !isStatusOnly(m))
      .map(({ status: _status, ...object }) => object as Manifest),
  );
  // A platform admin's part: the suite's namespace Role in the sample namespaces.
  await optInNamespaces(
    kc,
    manifests
      .filter(
        m =>
          m.kind === 'Namespace' &&
          m.metadata?.labels?.[OPT_IN_LABEL] !== 'false',
      )
      .map(m => m.metadata!.name!),
  );
  const lastCreation = Math.max(
    ...created.map(o => Date.parse(String(o.metadata?.creationTimestamp))),
  );
  const dated = shiftTimestamps(manifests, new Date(lastCreation));
  await applyManifests(
    kc,
    dated.filter(m => m.status !== undefined).map(statusPart),
  );
  for (const m of manifests.filter(o => o.kind === 'ModelDownload')) {
    if (isStatusOnly(m)) continue;
    await playHfOperatorReconciles(
      kc,
      m.metadata!.namespace!,
      m.metadata!.name!,
    );
  }
  for (const script of manifests.filter(
    m => m.kind === 'ConfigMap' && m.metadata?.labels?.[POD_SCRIPT_LABEL],
  )) {
    const data = (script as any).data;
    await jobSettled(kc, data.namespace, data.job, JSON.parse(data.script));
  }
  const wait = Math.max(...timestampsOf(dated)) - Date.now();
  if (wait > 0) await new Promise(r => setTimeout(r, wait));
  return created.length;
}
