import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { REPO_ROOT } from './paths';

/** The identities the local control plane issues tokens for. */
export type Identity = 'admin' | 'backstage' | 'developer';

/** What `local-control-plane up --state <file>` writes while the control plane runs. */
export interface ControlPlaneState {
  /** `https://127.0.0.1:<port>` */
  server: string;
  /** The API server's serving certificate, base64 PEM. */
  caData: string;
  /** The control plane's temporary folder. */
  dir: string;
  /** Kubeconfig file per identity. */
  kubeconfigs: Record<Identity, string>;
}

/** Written by `scripts/start` (via `--state`) and removed when it stops. */
export const CONTROL_PLANE_STATE_FILE = resolve(
  REPO_ROOT,
  '.local',
  'control-plane.json',
);

/**
 * Reads the state of the control plane the running portal uses. Fails with a clear message
 * when the portal was started without one (e.g. a bare `yarn start` that Playwright reused).
 */
export function readControlPlaneState(): ControlPlaneState {
  let text: string;
  try {
    text = readFileSync(CONTROL_PLANE_STATE_FILE, 'utf8');
  } catch (e) {
    throw new Error(
      `No local control plane state at ${CONTROL_PLANE_STATE_FILE} (${
        (e as NodeJS.ErrnoException).code ?? e
      }). The e2e tests need the portal started by scripts/start; stop any portal ` +
        'started otherwise and let Playwright start it.',
    );
  }
  const state = JSON.parse(text) as ControlPlaneState;
  if (!state.server || !state.kubeconfigs) {
    throw new Error(
      `${CONTROL_PLANE_STATE_FILE} lacks "server" or "kubeconfigs"`,
    );
  }
  return state;
}

/** A `KubeConfig` acting on the portal's local control plane as `identity`. */
export function kubeConfigFor(identity: Identity = 'admin'): KubeConfig {
  const state = readControlPlaneState();
  const file = state.kubeconfigs[identity];
  if (!file) {
    throw new Error(
      `${CONTROL_PLANE_STATE_FILE} has no kubeconfig for ${identity}`,
    );
  }
  const kc = new KubeConfig();
  kc.loadFromFile(file);
  return kc;
}
