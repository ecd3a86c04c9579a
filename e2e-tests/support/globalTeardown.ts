import { join } from 'node:path';
import {
  IDENTITIES,
  rawRequest,
  readAuditLog,
} from '@internal/local-control-plane';
import { clusterWideSecretReads } from '@model-delivery/test-kit/apiServerRequests';
import { kubeConfigFor, readControlPlaneState } from './controlPlane';

/**
 * After every browser test, the portal still up: over the whole run, the portal's cluster
 * identity never listed or watched Secrets across the cluster. `apiserver_request_total`
 * counts those requests by scope; the API server's audit log says whose each was (the
 * API server's own informers list and watch them from its start).
 */
export default async function globalTeardown(): Promise<void> {
  const state = readControlPlaneState();
  const metrics = await rawRequest(kubeConfigFor('admin'), 'GET', '/metrics');
  if (metrics.status !== 200) {
    throw new Error(`GET /metrics answered ${metrics.status}`);
  }
  const reads = clusterWideSecretReads(
    String(metrics.body),
    readAuditLog(join(state.dir, 'audit.log')),
  );
  process.stdout.write(
    `Secret LIST and WATCH across the cluster over the browser run: apiserver_request_total counts ${JSON.stringify(
      reads.counted,
    )}; by identity ${JSON.stringify(reads.byUser)}\n`,
  );
  const portal = reads.byUser[IDENTITIES.backstage.user];
  if (portal) {
    throw new Error(
      `The portal's identity listed or watched Secrets across the cluster: ${JSON.stringify(
        portal,
      )}`,
    );
  }
}
