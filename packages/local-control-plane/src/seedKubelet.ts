import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ControlPlane } from './controlPlane';
import { FakeKubelet, startFakeKubelet } from './fakeKubelet';
import { applyManifests, readManifests } from './manifests';
import { PACKAGE_ROOT } from './paths';
import { shiftTimestamps } from './samples';

const KUBELET_SAMPLES = resolve(PACKAGE_ROOT, 'samples/kubelet');

const folders = (dir: string) =>
  readdirSync(dir).filter(name => statSync(join(dir, name)).isDirectory());

/**
 * Plays the sample cluster's kubelets (samples/kubelet/README.md): a Node per folder of
 * `dir`, served by one fake kubelet, the logs under it as its containers' logs, and the
 * events of `events.yaml` dated up to now. Call after seedSamples; stop the kubelet with
 * the control plane.
 */
export async function seedKubelet(
  cp: ControlPlane,
  dir = KUBELET_SAMPLES,
): Promise<FakeKubelet> {
  const admin = cp.kubeConfig('admin');
  const kubelet = await startFakeKubelet(cp);
  for (const node of folders(dir)) {
    await kubelet.registerNode(admin, node);
    for (const namespace of folders(join(dir, node))) {
      for (const pod of folders(join(dir, node, namespace))) {
        for (const file of readdirSync(join(dir, node, namespace, pod))) {
          if (!file.endsWith('.log')) continue;
          kubelet.setLog(
            namespace,
            pod,
            file.slice(0, -'.log'.length),
            readFileSync(join(dir, node, namespace, pod, file), 'utf8'),
          );
        }
      }
    }
  }
  const events = readManifests([join(dir, 'events.yaml')]);
  const times = events.flatMap(e =>
    [e.firstTimestamp, e.lastTimestamp].map(t => Date.parse(String(t))),
  );
  const span = Math.max(...times) - Math.min(...times);
  await applyManifests(
    admin,
    shiftTimestamps(events, new Date(Date.now() - span - 1000)),
  );
  return kubelet;
}
