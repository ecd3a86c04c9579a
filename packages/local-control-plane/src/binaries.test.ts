import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveBinaries } from './binaries';

describe('resolveBinaries', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'md-assets-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('uses KUBEBUILDER_ASSETS when it holds the three programs', () => {
    // Any executables do: the folder is taken as given, nothing is built.
    symlinkSync('/bin/true', join(dir, 'kube-apiserver'));
    symlinkSync('/bin/true', join(dir, 'kube-controller-manager'));
    symlinkSync('/bin/true', join(dir, 'etcd'));
    expect(resolveBinaries({ KUBEBUILDER_ASSETS: dir })).toEqual({
      kubeApiserver: join(dir, 'kube-apiserver'),
      kubeControllerManager: join(dir, 'kube-controller-manager'),
      etcd: join(dir, 'etcd'),
    });
  });

  it('says what is missing from KUBEBUILDER_ASSETS and what to do', () => {
    // An envtest folder: kube-apiserver and etcd, no kube-controller-manager.
    symlinkSync('/bin/true', join(dir, 'kube-apiserver'));
    symlinkSync('/bin/true', join(dir, 'etcd'));
    expect(() => resolveBinaries({ KUBEBUILDER_ASSETS: dir })).toThrow(
      `KUBEBUILDER_ASSETS is set to ${dir}, but ${join(
        dir,
        'kube-controller-manager',
      )} is not an executable file. Point KUBEBUILDER_ASSETS at a folder holding kube-apiserver, kube-controller-manager and etcd (envtest's folders lack kube-controller-manager: add one of the same or an older minor version), or unset it to build them from Debian's packages.`,
    );
  });
});
