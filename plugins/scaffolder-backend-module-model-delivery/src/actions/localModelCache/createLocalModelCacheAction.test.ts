import {
  InputValidationError,
  localModelCacheKind,
  localModelNamespaceCacheKind,
} from '@model-delivery/plugin-model-delivery-common';
import {
  CHAT_ASSISTANT_REF,
  LLAMA_CACHE_INPUT,
  actionRunner,
  expectClusterRoleAdvice,
  expectNamespaceRoleAdvice,
  expectMissingNamespace,
  localModelNodeGroup,
  optedInNamespace,
  playKServe,
  secret,
  serviceAccount,
  LEFT_OUT_NAMESPACE,
  useTestCluster,
} from '@model-delivery/test-kit';
import { createLocalModelCacheAction } from './createLocalModelCacheAction';

jest.setTimeout(60_000);

const JOBS_NS = 'kserve-localmodel-jobs';
const HF_TOKEN = 'hf_StorageConfigTokenValue0123456789';

const INPUT = {
  ...LLAMA_CACHE_INPUT,
  credentials: { method: 'serviceAccount', serviceAccountName: 'hf-reader' },
  entityRef: CHAT_ASSISTANT_REF,
};

const cluster = useTestCluster({
  given: () => [
    ...optedInNamespace(JOBS_NS),
    ...optedInNamespace('ml-models'),
    localModelNodeGroup('gpu-a100'),
    localModelNodeGroup('gpu-l4'),
    serviceAccount(JOBS_NS, 'hf-reader'),
    secret(JOBS_NS, 'storage-config', {
      hf: JSON.stringify({ type: 'hf', token: HF_TOKEN }),
    }),
  ],
});

const { run, shown } = actionRunner(() =>
  createLocalModelCacheAction(cluster.options),
);

function readCache(name: string) {
  return cluster.get(localModelCacheKind.resource, name);
}

function readNamespaceCache(ns: string, name: string) {
  return cluster.get(localModelNamespaceCacheKind.resource, name, ns);
}

function cacheNames() {
  return cluster.names(localModelCacheKind.resource);
}

describe('model-delivery:local-model-cache:create', () => {
  it('creates a cluster-scoped LocalModelCache, labelled for its owner', async () => {
    const { error, outputs, lines } = await run(INPUT);

    expect(error).toBeUndefined();
    const created = await readCache('llama-3-8b');
    expect(created.spec).toEqual({
      sourceModelUri: 'hf://meta-llama/meta-llama-3-8b-instruct',
      modelSize: '20Gi',
      nodeGroups: ['gpu-a100'],
      serviceAccountName: 'hf-reader',
    });
    expect(created.metadata.labels).toEqual({
      'backstage.io/kubernetes-id': 'chat-assistant',
    });
    expect(outputs).toMatchObject({
      cluster: 'local',
      kind: 'LocalModelCache',
      name: 'llama-3-8b',
      outcome: 'created',
      dryRun: false,
      warnings: [],
    });
    expect(outputs.namespace).toBeUndefined();
    expect(outputs.summary).toContain(
      'with Jobs labelled `model=llama-3-8b` in namespace kserve-localmodel-jobs',
    );
    expect(lines).toContain(
      "info: Created LocalModelCache llama-3-8b in cluster 'local'",
    );
  });

  it('changes nothing when the same task runs again', async () => {
    const { error, outputs } = await run(INPUT);

    expect(error).toBeUndefined();
    expect(outputs.outcome).toBe('unchanged');
  });

  it('updates the node groups and size of the same cache', async () => {
    const { error, outputs } = await run({
      ...INPUT,
      nodeGroups: ['gpu-a100', 'gpu-l4'],
      modelSize: '24Gi',
    });

    expect(error).toBeUndefined();
    expect(outputs.outcome).toBe('updated');
    expect(outputs.changes).toEqual([
      "spec.modelSize: '20Gi' → '24Gi'",
      'spec.nodeGroups: ["gpu-a100"] → ["gpu-a100","gpu-l4"]',
    ]);
  });

  it('creates a LocalModelNamespaceCache for namespace scope, with a storage-config key', async () => {
    const { error, outputs } = await run({
      ...INPUT,
      name: 'gemma-2b',
      scope: 'namespace',
      namespace: 'ml-models',
      sourceModelUri: 'hf://google/gemma-2b',
      credentials: { method: 'storageKey', storageKey: 'hf' },
    });

    expect(error).toBeUndefined();
    expect(outputs).toMatchObject({
      kind: 'LocalModelNamespaceCache',
      namespace: 'ml-models',
      outcome: 'created',
    });
    const created = await readNamespaceCache('ml-models', 'gemma-2b');
    expect(created.spec.storage).toEqual({ key: 'hf' });
  });

  it('persists nothing in a dry run', async () => {
    const { error, outputs } = await run(
      {
        ...INPUT,
        name: 'dry-cache',
        sourceModelUri: 'hf://org/dry-model',
      },
      { dryRun: true },
    );

    expect(error).toBeUndefined();
    expect(outputs).toMatchObject({ outcome: 'created', dryRun: true });
    await expect(readCache('dry-cache')).resolves.toBeUndefined();
  });

  describe('rejects invalid input, naming the field and applying nothing', () => {
    const cases: Array<[string, object, RegExp]> = [
      ['name', { name: 'Llama' }, /not a valid Kubernetes cache name/],
      ['scope', { scope: 'global' }, /must be 'cluster'/],
      ['namespace', { scope: 'namespace' }, /a namespace is required/],
      ['sourceModelUri', { sourceModelUri: 'ftp://x/y' }, /not a URI KServe/],
      ['modelSize', { modelSize: 'big' }, /not a Kubernetes quantity/],
      ['nodeGroups', { nodeGroups: [] }, /at least one LocalModelNodeGroup/],
      [
        'credentials.method',
        { credentials: { method: 'magic' } },
        /is not one of/,
      ],
      [
        'credentials.storageParameters.token',
        {
          credentials: {
            method: 'storageParameters',
            storageParameters: { type: 'hf', token: 'x' },
          },
        },
        /looks like a credential/,
      ],
      [
        'jobsNamespace',
        { jobsNamespace: 'KServe Jobs' },
        /not a valid Kubernetes namespace/,
      ],
    ];

    it.each(cases)('%s', async (field, change, message) => {
      const before = await cacheNames();

      const { error } = await run({
        ...INPUT,
        name: 'invalid-cache',
        ...change,
      });

      expect(error).toBeInstanceOf(InputValidationError);
      expect((error as InputValidationError).issues).toContainEqual({
        field,
        message: expect.stringMatching(message),
      });
      await expect(cacheNames()).resolves.toEqual(before);
    });
  });

  describe('preconditions', () => {
    it('names missing node groups and the existing ones', async () => {
      const { error } = await run({
        ...INPUT,
        name: 'no-group',
        sourceModelUri: 'hf://org/no-group',
        nodeGroups: ['gpu-a100', 'gpu-h100', 'tpu-v5e'],
      });

      expect(error?.name).toBe('PreconditionError');
      expect(error?.message).toContain(
        "- LocalModelNodeGroup 'gpu-h100', 'tpu-v5e' do not exist in cluster 'local' (existing: 'gpu-a100', 'gpu-l4')",
      );
      await expect(readCache('no-group')).resolves.toBeUndefined();
    });

    it('refuses a second cache of the same model, naming the first', async () => {
      const { error } = await run({ ...INPUT, name: 'llama-again' });

      expect(error?.message).toContain(
        "- LocalModelCache 'llama-3-8b' already caches 'hf://meta-llama/meta-llama-3-8b-instruct', and KServe allows one cache per model: use that cache (add node groups to it) instead of creating another",
      );
      await expect(readCache('llama-again')).resolves.toBeUndefined();
    });

    it('refuses to change the model of an existing cache', async () => {
      const { error } = await run({
        ...INPUT,
        sourceModelUri: 'hf://meta-llama/meta-llama-3-70b-instruct',
      });

      expect(error?.message).toContain(
        "- LocalModelCache 'llama-3-8b' already exists with sourceModelUri 'hf://meta-llama/meta-llama-3-8b-instruct', which KServe does not allow to change",
      );
      expect((await readCache('llama-3-8b')).spec.sourceModelUri).toBe(
        'hf://meta-llama/meta-llama-3-8b-instruct',
      );
    });

    it('names a service account missing from the jobs namespace', async () => {
      const { error } = await run({
        ...INPUT,
        name: 'no-sa',
        sourceModelUri: 'hf://org/no-sa',
        credentials: { method: 'serviceAccount', serviceAccountName: 'nobody' },
      });

      expect(error?.message).toContain(
        "- ServiceAccount 'nobody' does not exist in namespace 'kserve-localmodel-jobs': KServe's download Jobs run as it",
      );
    });

    it('names a storage-config key that is not there, listing the keys that are', async () => {
      const { error } = await run({
        ...INPUT,
        name: 'no-key',
        sourceModelUri: 'hf://org/no-key',
        credentials: { method: 'storageKey', storageKey: 's3' },
      });

      expect(error?.message).toContain(
        "- Secret 'storage-config' in namespace 'kserve-localmodel-jobs' has no key 's3' (its keys: 'hf')",
      );
    });

    it('needs the jobs namespace for credentials, and only warns without them', async () => {
      const withCredentials = await run({
        ...INPUT,
        name: 'other-jobs-ns',
        sourceModelUri: 'hf://org/other-jobs-ns',
        jobsNamespace: 'no-such-jobs-ns',
      });
      const withoutCredentials = await run({
        ...INPUT,
        name: 'public-model',
        sourceModelUri: 'hf://org/public-model',
        credentials: { method: 'none' },
        jobsNamespace: 'no-such-jobs-ns',
      });

      expect(withCredentials.error?.message).toContain(
        "- Namespace 'no-such-jobs-ns' does not exist in cluster 'local': create it (kubectl create namespace no-such-jobs-ns) or choose an existing namespace. KServe runs its download Jobs there: is KServe's local model cache enabled, and with this jobs namespace?",
      );
      expect(withoutCredentials.error).toBeUndefined();
      expect(withoutCredentials.outputs.warnings).toEqual([
        expect.stringContaining("Namespace 'no-such-jobs-ns' does not exist"),
      ]);
      expect(withoutCredentials.lines).toContain(
        `warn: ${(withoutCredentials.outputs.warnings as string[])[0]}`,
      );
    });

    it('names a missing namespace for a namespace-scoped cache', async () => {
      await expectMissingNamespace(run, {
        ...INPUT,
        scope: 'namespace',
        name: 'ns-cache',
      });
    });
  });

  it('turns a 403 into the ClusterRole to grant', () =>
    expectClusterRoleAdvice(run, INPUT));

  it('names the namespace and the Role to bind where a namespace-scoped cache is refused, and applies nothing', async () => {
    await expectNamespaceRoleAdvice(run, {
      ...INPUT,
      scope: 'namespace',
      name: 'left-out-cache',
    });
    await expect(
      readNamespaceCache(LEFT_OUT_NAMESPACE, 'left-out-cache'),
    ).resolves.toBeUndefined();
  });

  describe('waiting for completion', () => {
    it('succeeds once every node has the model', async () => {
      const name = 'wait-cached';
      const task = run({
        ...INPUT,
        name,
        sourceModelUri: `hf://org/${name}`,
        waitForCompletion: true,
        timeoutSeconds: 30,
      });
      await playKServe(cluster.admin, name, {
        status: {
          nodeStatus: {
            'node-1': 'NodeDownloaded',
            'node-2': 'NodeDownloaded',
          },
          copies: { total: 2, available: 2, failed: 0 },
        },
      });

      const { error, lines } = await task;

      expect(error).toBeUndefined();
      expect(lines).toContain(
        `info: Every node of LocalModelCache ${name} in cluster 'local' completed: node-1, node-2`,
      );
    });

    it("fails listing each node whose download failed, with the download Job's reason", async () => {
      const name = 'wait-node-fails';
      const task = run({
        ...INPUT,
        name,
        sourceModelUri: `hf://org/${name}`,
        waitForCompletion: true,
        timeoutSeconds: 30,
      });
      await playKServe(cluster.admin, name, {
        jobs: {
          'node-2': {
            state: 'failed',
            exitCode: 1,
            message: 'No space left on device',
          },
        },
        status: {
          nodeStatus: {
            'node-1': 'NodeDownloaded',
            'node-2': 'NodeDownloadError',
          },
        },
      });

      const { error } = await task;

      expect(error?.name).toBe('WaitFailedError');
      expect(error?.message).toBe(
        `LocalModelCache ${name} in cluster 'local' failed: 1 node of 2 failed:\n` +
          `- node node-2 (Job ${name}-node-2-x1): the download failed on this node: container downloader: Error, exit code 1: No space left on device\n` +
          'The others: 1 completed.',
      );
    });

    it('fails on timeout when KServe has not assigned any node', async () => {
      const { error } = await run({
        ...INPUT,
        name: 'wait-nobody',
        sourceModelUri: 'hf://org/wait-nobody',
        waitForCompletion: true,
        timeoutSeconds: 1,
      });

      expect(error?.name).toBe('WaitTimedOutError');
      expect(error?.message).toContain(
        "Gave up waiting for LocalModelCache wait-nobody in cluster 'local' after 1 s: no node has reported progress yet\nKServe has not assigned this cache to any node yet: no node status reported.",
      );
    });
  });

  // Last: it reads what every test above showed.
  it('never showed the storage-config token in any log line, output or error', () => {
    expect(shown.length).toBeGreaterThan(20);
    expect(shown.join('\n')).not.toContain(HF_TOKEN);
  });
});
