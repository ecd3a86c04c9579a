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

  it('uses KUBEBUILDER_ASSETS when it holds both programs', () => {
    // Any executables do: the folder is taken as given, nothing is built.
    symlinkSync('/bin/true', join(dir, 'kube-apiserver'));
    symlinkSync('/bin/true', join(dir, 'etcd'));
    expect(resolveBinaries({ KUBEBUILDER_ASSETS: dir })).toEqual({
      kubeApiserver: join(dir, 'kube-apiserver'),
      etcd: join(dir, 'etcd'),
    });
  });

  it('says what is missing from KUBEBUILDER_ASSETS and what to do', () => {
    symlinkSync('/bin/true', join(dir, 'etcd'));
    expect(() => resolveBinaries({ KUBEBUILDER_ASSETS: dir })).toThrow(
      `KUBEBUILDER_ASSETS is set to ${dir}, but ${join(
        dir,
        'kube-apiserver',
      )} is not an executable file. Point KUBEBUILDER_ASSETS at a folder holding both kube-apiserver and etcd, or unset it to build them from Debian's packages.`,
    );
  });
});
