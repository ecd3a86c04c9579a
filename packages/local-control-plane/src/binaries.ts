import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { join, resolve } from 'node:path';
import { PACKAGE_ROOT } from './paths';

/** Paths of the three programs a control plane runs. */
export interface ControlPlaneBinaries {
  kubeApiserver: string;
  kubeControllerManager: string;
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
 * Finds etcd, kube-apiserver and kube-controller-manager: `KUBEBUILDER_ASSETS` when set (the
 * envtest convention; envtest's own folders lack kube-controller-manager, so one must be
 * added), otherwise the per-machine build made by `scripts/install-binaries.sh` (built on
 * first use).
 */
export function resolveBinaries(
  env: NodeJS.ProcessEnv = process.env,
): ControlPlaneBinaries {
  const assets = env.KUBEBUILDER_ASSETS;
  if (assets) {
    const found = {
      kubeApiserver: join(assets, 'kube-apiserver'),
      kubeControllerManager: join(assets, 'kube-controller-manager'),
      etcd: join(assets, 'etcd'),
    };
    const missing = Object.values(found).filter(p => !executable(p));
    if (missing.length > 0) {
      throw new Error(
        `KUBEBUILDER_ASSETS is set to ${assets}, but ${missing.join(' and ')} ${
          missing.length > 1
            ? 'are not executable files'
            : 'is not an executable file'
        }. Point KUBEBUILDER_ASSETS at a folder holding kube-apiserver, kube-controller-manager and etcd (envtest's folders lack kube-controller-manager: add one of the same or an older minor version), or unset it to build them from Debian's packages.`,
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
      'No kube-apiserver, kube-controller-manager and etcd for the local control plane: building them failed (messages above). Set KUBEBUILDER_ASSETS to a folder holding the three (the envtest convention) to use binaries you already have.',
    );
  }
  return {
    kubeApiserver: join(dir, 'kube-apiserver'),
    kubeControllerManager: join(dir, 'kube-controller-manager'),
    etcd: join(dir, 'etcd'),
  };
}
