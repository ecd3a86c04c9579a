import { Condition } from '../../kubernetesObjects';
import { huggingFaceModel } from '../../models/modelIdentity';
import { ModelInClaim, StatusContext } from '../definition';
import { RESOURCE_KINDS } from '../resourceKinds';
import {
  deriveInferenceServiceStatus,
  deriveLLMInferenceServiceStatus,
} from './status';
import {
  INFERENCE_SERVICE_API_VERSION,
  InferenceService,
  LLM_INFERENCE_SERVICE_API_VERSION,
  LLMInferenceService,
  kserveLocalModelMetadata,
} from './types';

const NOW = new Date('2026-11-21T12:00:00Z');
const ctx: StatusContext = { cluster: 'gke', now: NOW };

const condition = (
  type: string,
  status: string,
  reason?: string,
  message?: string,
): Condition => ({
  type,
  status,
  reason,
  message,
  lastTransitionTime: '2026-11-21T11:59:50Z',
});

function isvc(
  predictor: NonNullable<InferenceService['spec']>['predictor'],
  status?: InferenceService['status'],
  metadata: InferenceService['metadata'] = {},
): InferenceService {
  return {
    apiVersion: INFERENCE_SERVICE_API_VERSION,
    kind: 'InferenceService',
    metadata: {
      name: 'llama',
      namespace: 'team-a',
      uid: 'u',
      creationTimestamp: '2026-11-21T11:59:00Z',
      ...metadata,
    },
    spec: { predictor },
    ...(status ? { status } : {}),
  };
}

const HF_PREDICTOR = {
  model: {
    modelFormat: { name: 'huggingface' },
    storageUri: 'hf://meta-llama/Llama-3.1-8B',
  },
};

describe('deriveInferenceServiceStatus', () => {
  it('is a ready OpenAI-compatible server at its URL under /openai/v1, serving the Hub repo under its own name', () => {
    const status = deriveInferenceServiceStatus(
      isvc(HF_PREDICTOR, {
        url: 'http://llama.team-a.example.com',
        conditions: [
          condition('PredictorReady', 'True'),
          condition('Ready', 'True'),
        ],
      }),
      ctx,
    );
    expect(status.server).toEqual({
      serverType: 'openai-v1',
      url: 'http://llama.team-a.example.com/openai/v1',
      ready: true,
      models: [
        {
          uri: 'hf://meta-llama/Llama-3.1-8B',
          modelId: 'meta-llama/Llama-3.1-8B',
          servedName: 'llama',
        },
      ],
    });
    expect(status.items).toEqual([
      expect.objectContaining({
        name: 'llama',
        state: 'completed',
        phase: 'ready',
        detail: 'ready at http://llama.team-a.example.com/openai/v1',
      }),
    ]);
    expect(status.itemNoun).toBe('server');
  });

  it.each([
    [
      'a predictor still rolling out',
      {
        conditions: [
          condition(
            'PredictorReady',
            'False',
            'RevisionMissing',
            'Configuration "llama-predictor" is waiting for a Revision to become ready.',
          ),
          condition('Ready', 'False'),
        ],
      },
      'pending',
      'not-ready',
      'RevisionMissing: Configuration "llama-predictor" is waiting for a Revision to become ready.',
    ],
    [
      'the model loading',
      {
        conditions: [
          condition('Ready', 'False', 'PredictorNotReady', 'loading'),
        ],
        modelStatus: {
          transitionStatus: 'InProgress',
          states: { activeModelState: 'Loading' },
        },
      },
      'pending',
      'loading',
      'PredictorNotReady: loading',
    ],
    [
      'the model failing to load',
      {
        conditions: [condition('Ready', 'False', 'ModelLoadFailed')],
        modelStatus: {
          transitionStatus: 'BlockedByFailedLoad',
          states: { activeModelState: 'FailedToLoad' },
          lastFailureInfo: {
            reason: 'ModelLoadFailed',
            message: 'CUDA out of memory',
            exitCode: 1,
          },
        },
      },
      'failed',
      'failed-to-load',
      'ModelLoadFailed: CUDA out of memory, exit code 1',
    ],
    [
      'a spec KServe cannot run',
      {
        conditions: [condition('Ready', 'False')],
        modelStatus: {
          transitionStatus: 'InvalidSpec',
          lastFailureInfo: {
            reason: 'NoSupportingRuntime',
            message:
              'Specified runtime does not support specified framework/version',
          },
        },
      },
      'failed',
      'invalid-spec',
      'NoSupportingRuntime: Specified runtime does not support specified framework/version',
    ],
  ])(
    'is not ready, with the reason, for %s',
    (_title, status, state, phase, reason) => {
      const derived = deriveInferenceServiceStatus(
        isvc(HF_PREDICTOR, status as InferenceService['status']),
        ctx,
      );
      expect(derived.items[0]).toMatchObject({ state, phase, reason });
      expect(derived.server).toMatchObject({ ready: false, reason });
    },
  );

  it('waits for KServe, and names the likely causes once KServe stays silent', () => {
    const fresh = deriveInferenceServiceStatus(isvc(HF_PREDICTOR), ctx);
    expect(fresh.items[0]).toMatchObject({
      state: 'pending',
      phase: 'waiting-for-kserve',
    });
    expect(fresh.items[0].reason).toBeUndefined();
    const silent = deriveInferenceServiceStatus(
      isvc(HF_PREDICTOR, undefined, {
        creationTimestamp: '2026-11-21T11:00:00Z',
      }),
      ctx,
    );
    expect(silent.items[0].reason).toMatch(/KServe's controller runs/);
    expect(silent.server?.reason).toMatch(/KServe's controller runs/);
  });

  it('never carries credentials in its URL or its models', () => {
    const status = deriveInferenceServiceStatus(
      isvc(
        {
          sklearn: {
            storageUri:
              'https://user:hf_SECRETtoken@models.example.com/iris?X-Amz-Signature=SECRETsig',
          },
        },
        {
          url: 'https://admin:SECRETpass@iris.team-a.example.com/?token=SECRETquery#SECRETfrag',
          conditions: [condition('Ready', 'True')],
        },
      ),
      ctx,
    );
    expect(status.server?.url).toBe('https://iris.team-a.example.com');
    expect(status.server?.models[0].uri).toBe(
      'https://models.example.com/iris',
    );
    expect(JSON.stringify(status)).not.toMatch(/SECRET|admin|user:/);
  });

  it("speaks KServe's protocol its predictor names, from the first implementation KServe picks", () => {
    const serverType = (predictor: any) =>
      deriveInferenceServiceStatus(isvc(predictor), ctx).server?.serverType;
    expect(serverType({ sklearn: { storageUri: 'gs://b/iris' } })).toBe(
      'kserve-v1',
    );
    expect(
      serverType({
        model: {
          modelFormat: { name: 'onnx' },
          protocolVersion: 'v2',
          storageUri: 'gs://b/m',
        },
      }),
    ).toBe('kserve-v2');
    expect(serverType({ huggingface: { storageUri: 'hf://o/m' } })).toBe(
      'openai-v1',
    );
    expect(
      serverType({
        containers: [
          {
            name: 'kserve-container',
            env: [{ name: 'STORAGE_URI', value: 's3://bucket/model' }],
          },
        ],
      }),
    ).toBe('custom');
  });

  it('serves every storage URI of the predictor, and a custom container its STORAGE_URI', () => {
    const many = deriveInferenceServiceStatus(
      isvc({
        model: { modelFormat: { name: 'sklearn' }, storageUri: 's3://b/a' },
        storageUris: [{ uri: 's3://b/b' }, { uri: 's3://b/a' }],
      }),
      ctx,
    );
    expect(many.server?.models.map(m => m.modelId)).toEqual([
      's3://b/a',
      's3://b/b',
    ]);
    const custom = deriveInferenceServiceStatus(
      isvc({
        containers: [
          { name: 'sidecar' },
          {
            name: 'kserve-container',
            env: [{ name: 'STORAGE_URI', value: 'hf://org/custom' }],
          },
        ],
      }),
      ctx,
    );
    expect(custom.server?.models.map(m => m.modelId)).toEqual(['org/custom']);
  });

  it('names the local model cache KServe tied it to, and its node group', () => {
    const metadata = kserveLocalModelMetadata(
      {
        name: 'llama-cache',
        namespace: 'team-a',
        sourceModelUri: 'hf://meta-llama/Llama-3.1-8B',
      },
      'gpu-a100',
    );
    const status = deriveInferenceServiceStatus(
      isvc(HF_PREDICTOR, undefined, metadata),
      ctx,
    );
    expect(status.server?.models).toEqual([
      {
        uri: 'hf://meta-llama/Llama-3.1-8B',
        modelId: 'meta-llama/Llama-3.1-8B',
        servedName: 'llama',
        from: 'LocalModelNamespaceCache llama-cache (node group gpu-a100)',
      },
    ]);
    const clusterCache = deriveInferenceServiceStatus(
      isvc(
        HF_PREDICTOR,
        undefined,
        kserveLocalModelMetadata(
          { name: 'llama', sourceModelUri: 'hf://meta-llama/Llama-3.1-8B' },
          'gpu',
        ),
      ),
      ctx,
    );
    expect(clusterCache.server?.models[0].from).toBe(
      'LocalModelCache llama (node group gpu)',
    );
    expect(clusterCache.facts).toContainEqual({
      label: 'Serves',
      value:
        'meta-llama/Llama-3.1-8B as "llama" from LocalModelCache llama (node group gpu)',
    });
  });

  it("resolves a pvc:// path to the model a download of the server's namespace holds there", () => {
    const held: ModelInClaim = {
      model: huggingFaceModel('google/gemma-2-2b-it', {
        pvc: { claim: 'model-store', path: 'google/gemma-2-2b-it' },
      }),
      heldBy: { kind: 'ModelDownload', name: 'chat-models' },
    };
    const asked: string[] = [];
    const context: StatusContext = {
      ...ctx,
      modelsInClaim: (namespace, claim) => {
        asked.push(`${namespace}/${claim}`);
        return claim === 'model-store' ? [held] : [];
      },
    };
    const models = (uri: string) =>
      deriveInferenceServiceStatus(
        isvc({ huggingface: { storageUri: uri } }),
        context,
      ).server?.models;
    expect(models('pvc://model-store/google/gemma-2-2b-it')).toEqual([
      {
        uri: 'pvc://model-store/google/gemma-2-2b-it',
        modelId: 'google/gemma-2-2b-it',
        servedName: 'llama',
        from: 'PVC model-store, downloaded by ModelDownload chat-models',
      },
    ]);
    // A folder inside the model's folder is still that model.
    expect(models('pvc://model-store/google/gemma-2-2b-it/')?.[0].modelId).toBe(
      'google/gemma-2-2b-it',
    );
    // Another path, or another claim: nothing the suite can name.
    expect(models('pvc://model-store/google/gemma-2-2b')?.[0]).toEqual({
      uri: 'pvc://model-store/google/gemma-2-2b',
      servedName: 'llama',
      from: 'PVC model-store',
    });
    expect(models('pvc://other/google/gemma-2-2b-it')?.[0].modelId).toBe(
      undefined,
    );
    expect(asked).toEqual([
      'team-a/model-store',
      'team-a/model-store',
      'team-a/model-store',
      'team-a/other',
    ]);
  });
});

describe('deriveLLMInferenceServiceStatus', () => {
  const llm = (
    status?: LLMInferenceService['status'],
  ): LLMInferenceService => ({
    apiVersion: LLM_INFERENCE_SERVICE_API_VERSION,
    kind: 'LLMInferenceService',
    metadata: { name: 'qwen', namespace: 'team-a', uid: 'q' },
    spec: { model: { uri: 'hf://Qwen/Qwen2.5-7B-Instruct', name: 'qwen2.5' } },
    ...(status ? { status } : {}),
  });

  it('is an OpenAI-compatible server under /v1, serving the model under its served name', () => {
    const status = deriveLLMInferenceServiceStatus(
      llm({
        url: 'http://gateway.example.com/team-a/qwen',
        conditions: [condition('Ready', 'True')],
      }),
      ctx,
    );
    expect(status.server).toEqual({
      serverType: 'openai-v1',
      url: 'http://gateway.example.com/team-a/qwen/v1',
      ready: true,
      models: [
        {
          uri: 'hf://Qwen/Qwen2.5-7B-Instruct',
          modelId: 'Qwen/Qwen2.5-7B-Instruct',
          servedName: 'qwen2.5',
        },
      ],
    });
  });

  it("is not ready with the failing condition's reason", () => {
    const status = deriveLLMInferenceServiceStatus(
      llm({
        conditions: [
          condition('PresetsCombined', 'True'),
          condition(
            'MainWorkloadReady',
            'False',
            'MinimumReplicasUnavailable',
            'Deployment does not have minimum availability.',
          ),
          condition('Ready', 'False'),
        ],
      }),
      ctx,
    );
    expect(status.server).toMatchObject({
      ready: false,
      reason:
        'MinimumReplicasUnavailable: Deployment does not have minimum availability.',
    });
    expect(status.server?.url).toBeUndefined();
  });
});

describe('the server kinds', () => {
  it('are watched read-only: KServe writes all they show on the object itself', () => {
    for (const name of ['InferenceService', 'LLMInferenceService']) {
      const kind = RESOURCE_KINDS.find(k => k.kind === name)!;
      expect(kind.related).toEqual([]);
      expect(kind.heldModels).toBeUndefined();
    }
  });
});
