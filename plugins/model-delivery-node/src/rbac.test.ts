import { readManifests } from '@internal/local-control-plane';
import { repositoryFile } from '@model-delivery/test-kit';
import { NAMESPACE_ROLE, NAMESPACE_ROLE_READS } from './rbac';

describe('the namespace Role the 403 messages name', () => {
  it('is the one manifests/rbac ships, and reads exactly what the messages say it does', () => {
    const [role] = readManifests([
      repositoryFile(NAMESPACE_ROLE.manifest),
    ]) as unknown as Array<{
      kind: string;
      metadata: { name: string };
      rules: Array<{ resources: string[]; verbs: string[] }>;
    }>;
    expect(role.kind).toBe(NAMESPACE_ROLE.kind);
    expect(role.metadata.name).toBe(NAMESPACE_ROLE.name);
    const reads = role.rules
      .filter(r => r.verbs.some(v => ['get', 'list', 'watch'].includes(v)))
      .flatMap(r => r.resources);
    expect(reads.sort()).toEqual([...NAMESPACE_ROLE_READS].sort());
  });
});
