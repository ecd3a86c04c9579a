import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  GEMMA_API_VERSION,
  GEMMA_CHECKPOINT_HANDLE,
  LOCAL_MODEL_API_VERSION,
  MODEL_DOWNLOAD_API_VERSION,
  ResourceStatus,
  modelSourcePage,
} from '..';
import { modelInResource, resourceModels } from './resourceModels';

describe('resourceModels', () => {
  it("lists a ModelDownload's models once each, as Hub repos whose status item is the model, in hf-operator's folder of the PVC", () => {
    const models = resourceModels({
      apiVersion: MODEL_DOWNLOAD_API_VERSION,
      kind: 'ModelDownload',
      metadata: { name: 'm', namespace: 'team-a' },
      spec: {
        storagePVC: 'models',
        models: [
          { name: 'google/gemma-2-2b-it' },
          { name: 'meta-llama/Llama-3.1-8B' },
          { name: 'google/gemma-2-2b-it' },
        ],
      },
    } as any);
    expect(models).toEqual([
      {
        modelId: 'google/gemma-2-2b-it',
        modelKey: 'google/gemma-2-2b-it',
        source: { type: 'huggingFace', repoId: 'google/gemma-2-2b-it' },
        itemNames: ['google/gemma-2-2b-it'],
        storage: 'PVC models',
        pvc: { claim: 'models', path: 'google/gemma-2-2b-it' },
      },
      {
        modelId: 'meta-llama/Llama-3.1-8B',
        modelKey: 'meta-llama/Llama-3.1-8B',
        source: { type: 'huggingFace', repoId: 'meta-llama/Llama-3.1-8B' },
        itemNames: ['meta-llama/Llama-3.1-8B'],
        storage: 'PVC models',
        pvc: { claim: 'models', path: 'meta-llama/Llama-3.1-8B' },
      },
    ]);
    expect(modelSourcePage(models[1].source)).toBe(
      'https://huggingface.co/meta-llama/Llama-3.1-8B',
    );
  });

  it('gives a KServe hf:// cache the same model as a ModelDownload of that repo, other URIs their own', () => {
    for (const kind of ['LocalModelCache', 'LocalModelNamespaceCache']) {
      const [hf] = resourceModels({
        apiVersion: LOCAL_MODEL_API_VERSION,
        kind,
        metadata: { name: 'c' },
        spec: {
          sourceModelUri: 'hf://google/gemma-2-2b-it',
          modelSize: '5Gi',
          nodeGroups: ['gpu-a', 'gpu-b'],
        },
      } as any);
      expect(hf.modelKey).toBe('google/gemma-2-2b-it');
      expect(hf.storage).toBe('node groups gpu-a, gpu-b');
      expect(hf.size).toBe('5Gi');
      expect(hf.source).toEqual({
        type: 'huggingFace',
        repoId: 'google/gemma-2-2b-it',
        uri: 'hf://google/gemma-2-2b-it',
      });
      expect(hf.itemNames).toBeUndefined();
    }
    const [pinned] = resourceModels({
      apiVersion: LOCAL_MODEL_API_VERSION,
      kind: 'LocalModelCache',
      metadata: { name: 'c' },
      spec: { sourceModelUri: 'hf://org/model:v1.0' },
    } as any);
    expect(pinned.modelId).toBe('org/model:v1.0');
    expect(modelSourcePage(pinned.source)).toBe(
      'https://huggingface.co/org/model/tree/v1.0',
    );
    const [s3] = resourceModels({
      apiVersion: LOCAL_MODEL_API_VERSION,
      kind: 'LocalModelCache',
      metadata: { name: 'c' },
      spec: { sourceModelUri: 's3://bucket/llama' },
    } as any);
    expect(s3.modelId).toBe('s3://bucket/llama');
    expect(modelSourcePage(s3.source)).toBeUndefined();
  });

  it('keeps credentials a URI may carry (user info, a pre-signed query) out of the id and the source', () => {
    const [signed] = resourceModels({
      apiVersion: LOCAL_MODEL_API_VERSION,
      kind: 'LocalModelCache',
      metadata: { name: 'c' },
      spec: {
        sourceModelUri:
          'https://user:hf_SECRETtoken@host.example/models/llama?X-Amz-Signature=SECRETsig#SECRETfrag',
      },
    } as any);
    expect(signed.modelId).toBe('https://host.example/models/llama');
    expect(JSON.stringify(signed)).not.toMatch(/SECRET|user/);
  });

  it("gives a Gemma instance the checkpoint the suite's RGD loads", () => {
    const rgd = readFileSync(
      resolve(
        __dirname,
        '../../../model-delivery-node/manifests/kro/gemma-on-tpu-rgd.yaml',
      ),
      'utf8',
    );
    expect(rgd).toContain(`-m=${GEMMA_CHECKPOINT_HANDLE}`);
    const [gemma] = resourceModels({
      apiVersion: GEMMA_API_VERSION,
      kind: 'GemmaOnTPUServer',
      metadata: { name: 'g', namespace: 'team-a' },
    } as any);
    expect(gemma.modelId).toBe(`kaggle://${GEMMA_CHECKPOINT_HANDLE}`);
    expect(modelSourcePage(gemma.source)).toBe(
      `https://www.kaggle.com/models/${GEMMA_CHECKPOINT_HANDLE}`,
    );
  });

  it('lists nothing for a kind the suite does not know', () => {
    expect(
      resourceModels({ apiVersion: 'v1', kind: 'ConfigMap' } as any),
    ).toEqual([]);
  });
});

describe('modelInResource', () => {
  const status = (items: Array<[string, any]>): ResourceStatus =>
    ({
      items: items.map(([name, state]) => ({ name, state })),
      state: items.some(([, s]) => s === 'failed') ? 'failed' : 'pending',
    } as any);

  it("takes a ModelDownload's model from its own item only, pending while the operator lists none", () => {
    const s = status([
      ['a/x', 'completed'],
      ['b/y', 'failed'],
    ]);
    expect(modelInResource(s, { itemNames: ['a/x'] }).state).toBe('completed');
    expect(modelInResource(s, { itemNames: ['b/y'] }).state).toBe('failed');
    expect(modelInResource(s, { itemNames: ['c/z'] })).toEqual({
      items: [],
      state: 'pending',
    });
  });

  it("takes a cache's model from every node", () => {
    const s = status([
      ['node-1', 'completed'],
      ['node-2', 'failed'],
    ]);
    expect(modelInResource(s, {})).toEqual({ items: s.items, state: 'failed' });
  });
});
