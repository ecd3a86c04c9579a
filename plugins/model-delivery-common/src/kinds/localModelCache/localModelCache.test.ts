import { JobLike, PodLike } from '../../kubernetesObjects';
import { deriveLocalModelCacheStatus } from './status';
import { localModelCacheManifest } from './manifest';
import { checkSourceModelUri } from './sourceModelUri';
import { LocalModelCacheResource } from './types';
import { validateLocalModelCacheInput } from './validate';

const ctx = { cluster: 'gke', now: new Date('2026-11-21T12:00:00Z') };

function cache(nodeStatus?: Record<string, string>): LocalModelCacheResource {
  return {
    apiVersion: 'serving.kserve.io/v1alpha1',
    kind: 'LocalModelCache',
    metadata: { name: 'llama3-8b', uid: 'c-uid' },
    spec: {
      sourceModelUri: 'hf://meta-llama/meta-llama-3-8b-instruct',
      modelSize: '20Gi',
      nodeGroups: ['gpu-a100'],
      serviceAccountName: 'hf-reader',
    },
    status: {
      ...(nodeStatus ? { nodeStatus } : {}),
      copies: { total: 3, available: 1, failed: 1 },
      inferenceServices: [{ namespace: 'serving', name: 'llama' }],
    },
  };
}

function downloadJob(node: string, status: JobLike['status']): JobLike {
  return {
    metadata: {
      name: `llama3-8b-${node}-abc12`,
      namespace: 'kserve-localmodel-jobs',
      uid: `j-${node}`,
      labels: { model: 'llama3-8b', node },
    },
    status,
  };
}

const errorPod: PodLike = {
  metadata: {
    name: 'llama3-8b-node-c-abc12-p1',
    namespace: 'kserve-localmodel-jobs',
    labels: { 'job-name': 'llama3-8b-node-c-abc12' },
  },
  status: {
    phase: 'Failed',
    containerStatuses: [
      {
        name: 'storage-initializer',
        state: {
          terminated: {
            exitCode: 1,
            reason: 'Error',
            message: '401 Client Error: Unauthorized for url',
          },
        },
      },
    ],
  },
};

describe('deriveLocalModelCacheStatus', () => {
  const status = deriveLocalModelCacheStatus(
    cache({
      'node-a': 'NodeDownloaded',
      'node-b': 'NodeDownloading',
      'node-c': 'NodeDownloadError',
      'node-d': 'NodeDownloadPending',
      'node-e': 'NodeNotReady',
      'node-f': '',
    }),
    [
      downloadJob('node-b', { active: 1 }),
      downloadJob('node-c', { failed: 1 }),
    ],
    [errorPod],
    ctx,
  );

  it.each([
    ['node-a', 'completed', 'downloaded'],
    ['node-b', 'pending', 'downloading'],
    ['node-c', 'failed', 'download-error'],
    ['node-d', 'pending', 'download-pending'],
    ['node-e', 'pending', 'node-not-ready'],
    ['node-f', 'pending', 'unknown'],
  ])('%s is %s (%s)', (node, state, phase) => {
    expect(status.items.find(i => i.name === node)).toMatchObject({
      state,
      phase,
    });
  });

  it("takes a failed node's reason from its download Job's pod", () => {
    expect(status.items.find(i => i.name === 'node-c')).toMatchObject({
      reason:
        'container storage-initializer: Error, exit code 1: 401 Client Error: Unauthorized for url',
      jobName: 'llama3-8b-node-c-abc12',
      jobNamespace: 'kserve-localmodel-jobs',
    });
  });

  it('reports copies, credentials and the InferenceServices using the cache', () => {
    expect(status.facts).toEqual(
      expect.arrayContaining([
        { label: 'Copies', value: '1 available, 1 failed, 3 total' },
        { label: 'Credentials', value: 'service account hf-reader' },
        { label: 'Used by', value: 'InferenceService serving/llama' },
      ]),
    );
    expect(status.counts).toEqual({ pending: 4, completed: 1, failed: 1 });
    expect(status.state).toBe('failed');
  });

  it('says when KServe has not assigned any node yet', () => {
    const empty = deriveLocalModelCacheStatus(cache(), [], [], ctx);
    expect(empty.items).toEqual([]);
    expect(empty.state).toBe('pending');
    expect(empty.notes[0]).toMatch(/not assigned this cache to any node/);
  });
});

describe('checkSourceModelUri', () => {
  it.each([
    'hf://meta-llama/meta-llama-3-8b-instruct',
    'hf://google/gemma-2b:main',
    's3://models-bucket/llama/3',
    'gs://my-models/gemma/7b',
    'https://example.com/models/model.tar.gz',
  ])('accepts %s', uri => {
    expect(checkSourceModelUri('sourceModelUri', uri)).toEqual([]);
  });

  it.each([
    [
      'ftp://host/model',
      /not a URI KServe's storage initializer downloads from/,
    ],
    ['hf://gpt2', /hf:\/\/<organisation>\/<model>/],
    ['hf://org/na..me', /not a valid Hugging Face model id/],
    ['s3://Bad_Bucket/x', /not a valid bucket name/],
    ['gs://bucket', /needs a path after the bucket/],
    ['s3://bucket/../etc', /must not contain '\.\.'/],
  ])('rejects %s', (uri, rule) => {
    expect(checkSourceModelUri('sourceModelUri', uri)[0].message).toMatch(rule);
  });
});

describe('validateLocalModelCacheInput', () => {
  const valid = {
    name: 'llama3-8b',
    scope: 'cluster',
    sourceModelUri: 'hf://meta-llama/meta-llama-3-8b-instruct',
    modelSize: '20Gi',
    nodeGroups: ['gpu-a100'],
    credentials: { method: 'storageKey', storageKey: 'hf' },
  };

  it('accepts a valid input', () => {
    expect(validateLocalModelCacheInput(valid)).toEqual([]);
  });

  it('names each bad field', () => {
    expect(
      validateLocalModelCacheInput({
        ...valid,
        scope: 'namespace',
        namespace: undefined,
        modelSize: 'big',
        nodeGroups: ['a', 'a'],
      }).map(i => i.field),
    ).toEqual(['namespace', 'modelSize', 'nodeGroups[1]']);
  });

  it('refuses credentials inline in the spec', () => {
    const issues = validateLocalModelCacheInput({
      ...valid,
      credentials: {
        method: 'storageParameters',
        storageParameters: { type: 'hf', token: 'x' },
      },
    });
    expect(issues).toEqual([
      {
        field: 'credentials.storageParameters.token',
        message: expect.stringMatching(/looks like a credential/),
      },
    ]);
    expect(JSON.stringify(issues)).not.toContain('"x"');
  });
});

describe('localModelCacheManifest', () => {
  it('writes exactly one credential method', () => {
    const spec = {
      sourceModelUri: 'hf://a/b',
      modelSize: '1Gi',
      nodeGroups: ['g'],
    };
    const base = { name: 'c', ...spec };
    expect(
      localModelCacheManifest({
        ...base,
        scope: 'cluster',
        credentials: { method: 'storageKey', storageKey: 'hf' },
      }).spec,
    ).toEqual({ ...spec, storage: { key: 'hf' } });
    const namespaced = localModelCacheManifest({
      ...base,
      scope: 'namespace',
      namespace: 'ml',
      credentials: { method: 'serviceAccount', serviceAccountName: 'sa' },
    });
    expect(namespaced.kind).toBe('LocalModelNamespaceCache');
    expect(namespaced.metadata?.namespace).toBe('ml');
    expect(namespaced.spec.serviceAccountName).toBe('sa');
  });
});
