import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { join, resolve } from 'node:path';
import { PACKAGE_ROOT } from './paths';

/** Paths of the two programs a control plane runs. */
export interface ControlPlaneBinaries {
  kubeApiserver: string;
  etcd: string;
}

const INSTALL_SCRIPT = resolve(PACKAGE_ROOT, 'scripts/install-binaries.sh');

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Finds etcd and kube-apiserver: `KUBEBUILDER_ASSETS` when set (the envtest convention),
 * otherwise the per-machine build made by `scripts/install-binaries.sh` (built on first use).
 */
export function resolveBinaries(
  env: NodeJS.ProcessEnv = process.env,
): ControlPlaneBinaries {
  const assets = env.KUBEBUILDER_ASSETS;
  if (assets) {
    const found = {
      kubeApiserver: join(assets, 'kube-apiserver'),
      etcd: join(assets, 'etcd'),
    };
    const missing = Object.values(found).filter(p => !executable(p));
    if (missing.length > 0) {
      throw new Error(
        `KUBEBUILDER_ASSETS is set to ${assets}, but ${missing.join(
          ' and ',
        )} is not an executable file. Point KUBEBUILDER_ASSETS at a folder holding both kube-apiserver and etcd, or unset it to build them from Debian's packages.`,
      );
    }
    return found;
  }
  let dir: string;
  try {
    dir = execFileSync(INSTALL_SCRIPT, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    }).trim();
  } catch {
    throw new Error(
      'No kube-apiserver and etcd for the local control plane: building them failed (messages above). Set KUBEBUILDER_ASSETS to a folder holding kube-apiserver and etcd (the envtest convention) to use binaries you already have.',
    );
  }
  return {
    kubeApiserver: join(dir, 'kube-apiserver'),
    etcd: join(dir, 'etcd'),
  };
}
