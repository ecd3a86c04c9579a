import { Condition, KubeObject, isoTime } from '../../kubernetesObjects';
import { ServedModel, ServerStatus } from '../../models/modelServers';
import { ItemStatus, ResourceFact, ResourceStatus } from '../../status';
import {
  conditionText,
  describeCondition,
  explainingCondition,
} from '../conditions';
import { StatusContext } from '../definition';
import { resourceStatus } from '../resourceStatus';
import { servedModel, serverUrl } from '../servedModels';
import {
  InferenceService,
  KSERVE_LOCAL_MODEL,
  KServePredictorImplementation,
  KServeServingStatus,
  LLMInferenceService,
  PREDICTOR_IMPLEMENTATIONS,
} from './types';

/** What one item of the kind is called. */
export const ITEM_NOUN = 'server';

const KSERVE_SILENCE_MS = 60_000;

/** The InferenceService's predictor implementation KServe uses: the first one set. */
function predictorImplementation(
  isvc: InferenceService,
): { key: string; implementation: KServePredictorImplementation } | undefined {
  const predictor = isvc.spec?.predictor ?? {};
  for (const key of PREDICTOR_IMPLEMENTATIONS) {
    const implementation = predictor[key];
    if (implementation && typeof implementation === 'object') {
      return { key, implementation };
    }
  }
  return undefined;
}

/**
 * A custom predictor's storage URI: the `STORAGE_URI` environment variable of its
 * `kserve-container` (or of its first container), as KServe's `CustomPredictor` reads it.
 */
function customStorageUri(isvc: InferenceService): string | undefined {
  const containers = isvc.spec?.predictor?.containers ?? [];
  const container =
    containers.find(c => c.name === 'kserve-container') ?? containers[0];
  return container?.env?.find(e => e.name === 'STORAGE_URI')?.value;
}

/**
 * The API an InferenceService's predictor speaks: KServe's Hugging Face runtime serves the
 * OpenAI API under `/openai/v1` (kserve `python/huggingfaceserver`); other runtimes speak
 * KServe's v1 or v2 (Open Inference) protocol, as `protocolVersion` says.
 */
function inferenceServiceApi(isvc: InferenceService): {
  serverType: string;
  path: string;
} {
  const chosen = predictorImplementation(isvc);
  if (!chosen) return { serverType: 'custom', path: '' };
  const { key, implementation } = chosen;
  if (
    key === 'huggingface' ||
    implementation.modelFormat?.name?.toLocaleLowerCase('en-US') ===
      'huggingface'
  ) {
    return { serverType: 'openai-v1', path: '/openai/v1' };
  }
  switch (implementation.protocolVersion) {
    case 'v2':
      return { serverType: 'kserve-v2', path: '' };
    case 'grpc-v2':
      return { serverType: 'kserve-grpc-v2', path: '' };
    default:
      return { serverType: 'kserve-v1', path: '' };
  }
}

/** KServe's `MatchStorageURI`: the URI is the cache's, or a folder inside it. */
function matchesCachedUri(cachedUri: string, storageUri: string): boolean {
  const cached = cachedUri.replace(/\/+$/, '');
  const uri = storageUri.replace(/\/+$/, '');
  return uri === cached || uri.startsWith(`${cached}/`);
}

/**
 * The local model cache KServe's webhook tied the server to (its labels and annotations),
 * as people read it: `LocalModelNamespaceCache gemma (node group gpu-a100)`.
 */
function localModelCacheOf(
  server: KubeObject,
): { from: string; sourceUri?: string } | undefined {
  const labels = server.metadata?.labels ?? {};
  const annotations = server.metadata?.annotations ?? {};
  const name = labels[KSERVE_LOCAL_MODEL.label];
  if (!name) return undefined;
  const kind = labels[KSERVE_LOCAL_MODEL.namespaceLabel]
    ? 'LocalModelNamespaceCache'
    : 'LocalModelCache';
  const pvc = annotations[KSERVE_LOCAL_MODEL.pvcNameAnnotation] ?? '';
  const nodeGroup = pvc.startsWith(`${name}-`)
    ? pvc.slice(name.length + 1)
    : undefined;
  return {
    from: `${kind} ${name}${nodeGroup ? ` (node group ${nodeGroup})` : ''}`,
    sourceUri: annotations[KSERVE_LOCAL_MODEL.sourceUriAnnotation],
  };
}

/** The models a KServe server loads from `uris`, the cache it mounts named where it does. */
function kserveServedModels(
  server: KubeObject,
  uris: Array<{ uri: string; servedName?: string }>,
  context: StatusContext,
): ServedModel[] {
  const cache = localModelCacheOf(server);
  const seen = new Set<string>();
  return uris
    .filter(({ uri }) => {
      if (!uri || seen.has(uri)) return false;
      seen.add(uri);
      return true;
    })
    .map(({ uri, servedName }) =>
      servedModel(uri, {
        namespace: server.metadata?.namespace,
        context,
        servedName,
        ...(cache &&
        (!cache.sourceUri || matchesCachedUri(cache.sourceUri, uri))
          ? { from: cache.from }
          : {}),
      }),
    );
}

/** A KServe server's one item and its readiness, from KServe's conditions and model status. */
function kserveServerItem(
  server: KubeObject & { status?: KServeServingStatus },
  url: string | undefined,
  now: Date,
): ItemStatus {
  const status = server.status ?? {};
  const conditions = status.conditions ?? [];
  const ready = conditions.find(c => c.type === 'Ready');
  const base = {
    name: server.metadata?.name ?? '',
    retryable: false,
    createdAt: isoTime(server.metadata?.creationTimestamp),
  };
  if (server.metadata?.deletionTimestamp) {
    return {
      ...base,
      state: 'pending',
      phase: 'deleting',
      detail: 'being deleted',
    };
  }
  if (ready?.status === 'True') {
    return {
      ...base,
      state: 'completed',
      phase: 'ready',
      detail: url ? `ready at ${url}` : 'ready; KServe reports no URL yet',
      finishedAt: isoTime(ready.lastTransitionTime),
    };
  }
  if (conditions.length === 0) {
    const created = Date.parse(base.createdAt ?? '');
    const silent =
      Number.isFinite(created) && now.getTime() - created > KSERVE_SILENCE_MS;
    return {
      ...base,
      state: 'pending',
      phase: 'waiting-for-kserve',
      detail: 'not started: KServe has not reconciled this server yet',
      ...(silent
        ? {
            reason:
              "KServe writes conditions within seconds of reconciling; check that KServe's controller runs and that its webhook admitted this resource",
          }
        : {}),
    };
  }
  const explaining = conditionText(explainingCondition(conditions));
  const model = status.modelStatus;
  const failure = model?.lastFailureInfo;
  const failureText = failure
    ? [
        [failure.reason, failure.message].filter(Boolean).join(': '),
        failure.exitCode !== undefined ? `exit code ${failure.exitCode}` : '',
      ]
        .filter(Boolean)
        .join(', ')
    : undefined;
  if (model?.transitionStatus === 'InvalidSpec') {
    return {
      ...base,
      state: 'failed',
      phase: 'invalid-spec',
      detail: 'KServe cannot run this spec',
      reason: failureText || explaining,
    };
  }
  if (
    model?.transitionStatus === 'BlockedByFailedLoad' ||
    model?.states?.activeModelState === 'FailedToLoad'
  ) {
    return {
      ...base,
      state: 'failed',
      phase: 'failed-to-load',
      detail: 'the model failed to load',
      reason: failureText || explaining,
      finishedAt: failure?.time,
    };
  }
  const loading = ['Pending', 'Loading'].includes(
    model?.states?.activeModelState ?? '',
  );
  return {
    ...base,
    state: 'pending',
    phase: loading ? 'loading' : 'not-ready',
    detail: loading ? 'loading the model' : 'not ready',
    reason: explaining,
  };
}

function kserveServerStatus(
  server: KubeObject & { status?: KServeServingStatus },
  api: { serverType: string; path: string },
  models: ServedModel[],
  extraFacts: ResourceFact[],
  context: StatusContext,
): ResourceStatus {
  const reported = server.status?.url ?? server.status?.address?.url;
  const url = serverUrl(reported, api.path);
  const item = kserveServerItem(server, url, context.now);
  const ready = item.phase === 'ready';
  const conditions: Condition[] = server.status?.conditions ?? [];
  const serverStatus: ServerStatus = {
    serverType: api.serverType,
    ...(url ? { url } : {}),
    ready,
    ...(!ready ? { reason: item.reason ?? item.detail } : {}),
    models,
  };
  const facts: ResourceFact[] = [
    { label: 'Server type', value: api.serverType },
    ...(url ? [{ label: 'URL', value: url }] : []),
    ...models.map(m => ({
      label: 'Serves',
      value: [
        m.modelId ?? m.uri,
        m.servedName ? `as "${m.servedName}"` : '',
        m.from ? `from ${m.from}` : '',
      ]
        .filter(Boolean)
        .join(' '),
    })),
    ...extraFacts,
    ...conditions.map(c => ({
      label: `Condition ${c.type}`,
      value: describeCondition(c),
    })),
  ];
  return resourceStatus(
    server,
    {
      itemNoun: ITEM_NOUN,
      items: [item],
      facts,
      server: serverStatus,
    },
    context,
  );
}

/**
 * An InferenceService as KServe reports it: ready when its `Ready` condition is True;
 * failed when KServe finds the spec invalid or the model failed to load (with
 * `lastFailureInfo`); otherwise not ready (or loading), with the condition explaining why.
 * Its models are its predictor's storage URIs, with the local model cache KServe mounts.
 *
 * @public
 */
export function deriveInferenceServiceStatus(
  isvc: InferenceService,
  context: StatusContext,
): ResourceStatus {
  const implementation = predictorImplementation(isvc)?.implementation;
  const api = inferenceServiceApi(isvc);
  const primary = implementation
    ? implementation.storageUri
    : customStorageUri(isvc);
  const uris = [
    ...(primary ? [primary] : []),
    ...(isvc.spec?.predictor?.storageUris ?? []).map(s => s.uri ?? ''),
  ].map(uri => ({
    uri,
    // KServe's Hugging Face runtime names the model after the InferenceService
    // (`--model_name={{.Name}}`): the `model` of an OpenAI request.
    ...(api.serverType === 'openai-v1'
      ? { servedName: isvc.metadata?.name }
      : {}),
  }));
  const model = isvc.status?.modelStatus;
  return kserveServerStatus(
    isvc,
    api,
    kserveServedModels(isvc, uris, context),
    [
      ...(model?.states?.activeModelState
        ? [{ label: 'Model state', value: model.states.activeModelState }]
        : []),
      ...(model?.transitionStatus
        ? [{ label: 'Transition', value: model.transitionStatus }]
        : []),
    ],
    context,
  );
}

/**
 * An LLMInferenceService as KServe reports it: ready when `Ready` is True, otherwise not
 * ready with the condition explaining why. It serves `spec.model.uri` under
 * `spec.model.name` (vLLM's served model name, the object's name by default), through the
 * OpenAI API under `/v1`.
 *
 * @public
 */
export function deriveLLMInferenceServiceStatus(
  llmisvc: LLMInferenceService,
  context: StatusContext,
): ResourceStatus {
  const model = llmisvc.spec?.model;
  return kserveServerStatus(
    llmisvc,
    { serverType: 'openai-v1', path: '/v1' },
    kserveServedModels(
      llmisvc,
      model?.uri
        ? [
            {
              uri: model.uri,
              servedName: model.name || llmisvc.metadata?.name,
            },
          ]
        : [],
      context,
    ),
    [],
    context,
  );
}
