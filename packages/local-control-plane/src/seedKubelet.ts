import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ControlPlane } from './controlPlane';
import { FakeKubelet, startFakeKubelet } from './fakeKubelet';
import { applyManifests, readManifests } from './manifests';
import { PACKAGE_ROOT } from './paths';
import { podsOfJob } from './standInKubelet';

const KUBELET_SAMPLES = resolve(PACKAGE_ROOT, 'samples/kubelet');

const folders = (dir: string) =>
  readdirSync(dir).filter(name => statSync(join(dir, name)).isDirectory());

/**
 * Plays the sample cluster's kubelets (samples/kubelet/README.md): a Node per folder of
 * `dir`, served by one fake kubelet, the logs under it as the logs of its Jobs' containers,
 * and the events of `events.yaml` attached to the pods of the Jobs they name. Call after
 * seedSamples; stop the kubelet with the control plane.
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
      for (const job of folders(join(dir, node, namespace))) {
        for (const file of readdirSync(join(dir, node, namespace, job))) {
          if (!file.endsWith('.log')) continue;
          kubelet.setJobLog(
            namespace,
            job,
            file.slice(0, -'.log'.length),
            readFileSync(join(dir, node, namespace, job, file), 'utf8'),
          );
        }
      }
    }
  }
  const events = [];
  for (const event of readManifests([join(dir, 'events.yaml')])) {
    const about = event.involvedObject as { name: string; namespace: string };
    const [pod] = await podsOfJob(admin, about.namespace, about.name);
    if (!pod) continue;
    const container = pod.status?.containerStatuses?.[0]?.state ?? {};
    const at =
      (container.running ?? container.terminated)?.startedAt ??
      pod.metadata.creationTimestamp;
    events.push({
      ...event,
      metadata: {
        ...event.metadata,
        name: `${pod.metadata.name}.${event.metadata!.name}`,
      },
      involvedObject: {
        ...about,
        name: pod.metadata.name,
        uid: pod.metadata.uid,
      },
      firstTimestamp: at,
      lastTimestamp: at,
    });
  }
  await applyManifests(admin, events);
  return kubelet;
}
