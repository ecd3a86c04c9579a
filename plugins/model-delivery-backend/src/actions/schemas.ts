import type { ActionsRegistryActionOptions } from '@backstage/backend-plugin-api/alpha';
import { HEADLINE_STATES } from '@model-delivery/plugin-model-delivery-common';

/*
 * The actions' output schemas, mirroring the status API's types in
 * @model-delivery/plugin-model-delivery-common (api.ts, status.ts), so an agent gets the
 * same fields the entity tab shows, described.
 */

/** The zod the actions registry hands to schema functions. */
export type Z = Parameters<
  ActionsRegistryActionOptions<any, any>['schema']['input']
>[0];

/** One of the kinds the backend watches. */
export const kindSchema = (z: Z, kinds: ReadonlyArray<{ kind: string }>) => {
  const names = kinds.map(k => k.kind) as [string, ...string[]];
  return z.enum(names).describe(`The resource kind: ${names.join(', ')}`);
};

const stateSchema = (z: Z) =>
  z.enum(HEADLINE_STATES as unknown as ['pending', 'completed', 'failed']);

export const itemStatusSchema = (z: Z) =>
  z.object({
    name: z
      .string()
      .describe('The model, node or instance, as the resource names it'),
    state: stateSchema(z),
    phase: z
      .string()
      .describe(
        'The finer, machine-readable phase (downloading, unschedulable, image-pull-error...)',
      ),
    detail: z.string().describe('One line for humans'),
    reason: z
      .string()
      .optional()
      .describe('Why it failed or is stuck, in full'),
    jobName: z.string().optional(),
    jobNamespace: z.string().optional(),
    podName: z.string().optional(),
    createdAt: z.string().optional(),
    startedAt: z.string().optional(),
    finishedAt: z.string().optional(),
    retryable: z
      .boolean()
      .optional()
      .describe('Whether retry-failed-item applies (a failed Job exists)'),
  });

const countsSchema = (z: Z) =>
  z.object({ pending: z.number(), completed: z.number(), failed: z.number() });

const servedModelSchema = (z: Z) =>
  z.object({
    uri: z.string().describe('Where it loads the model from'),
    modelId: z
      .string()
      .optional()
      .describe('The model id, as downloads and caches of it name it'),
    servedName: z
      .string()
      .optional()
      .describe('The model name to send in requests'),
    from: z
      .string()
      .optional()
      .describe('Where the weights come from: a local model cache, a PVC'),
  });

const serverTypeSchema = (z: Z) =>
  z
    .string()
    .describe(
      'The API it speaks: openai-v1 (OpenAI-compatible), kserve-v1, kserve-v2, jetstream-http',
    );

const serverUrlSchema = (z: Z) =>
  z
    .string()
    .optional()
    .describe(
      'The base URL of its inference API (for openai-v1, the URL before /chat/completions)',
    );

export const resourceStatusSchema = (z: Z) =>
  z.object({
    kind: z.string(),
    apiVersion: z.string(),
    cluster: z.string(),
    namespace: z.string().optional(),
    name: z.string(),
    uid: z.string(),
    createdAt: z.string().optional(),
    itemNoun: z.string().describe('What one item is: model, node, instance'),
    items: z.array(itemStatusSchema(z)),
    counts: countsSchema(z),
    state: stateSchema(z),
    facts: z.array(z.object({ label: z.string(), value: z.string() })),
    notes: z.array(z.string()),
    server: z
      .object({
        serverType: serverTypeSchema(z),
        url: serverUrlSchema(z),
        ready: z.boolean(),
        reason: z.string().optional().describe('Why it is not ready, in full'),
        models: z.array(servedModelSchema(z)),
      })
      .optional()
      .describe('For a resource that serves models'),
  });

export const clusterStatusSchema = (z: Z) =>
  z.object({
    name: z.string(),
    title: z.string().optional(),
    state: z
      .enum(['ready', 'syncing', 'unreachable', 'error'])
      .describe('How current the backend’s view of the cluster is'),
    message: z.string().optional(),
    lastSyncedAt: z.string().optional(),
    missingKinds: z.array(z.string()).optional(),
  });

export const entityStatusSchema = (z: Z) =>
  z.object({
    entityRef: z.string(),
    clusters: z.array(clusterStatusSchema(z)),
    resources: z.array(resourceStatusSchema(z)),
    counts: countsSchema(z),
    generatedAt: z.string(),
  });

export const modelServerSchema = (z: Z) =>
  z.object({
    entityRef: z
      .string()
      .describe("The server's catalog entity (an API of type ai-model-server)"),
    cluster: z.string(),
    kind: z
      .string()
      .describe('InferenceService, LLMInferenceService, GemmaOnTPUServer'),
    namespace: z.string().optional(),
    name: z.string(),
    operator: z.string().describe('Who runs it: KServe, kro'),
    serverType: serverTypeSchema(z),
    url: serverUrlSchema(z),
    ready: z.boolean(),
    reason: z.string().optional().describe('Why it is not ready, in full'),
    models: z.array(servedModelSchema(z)),
    providedBy: z
      .array(z.string())
      .describe('The catalog entities whose resources include it'),
    owners: z.array(z.string()).describe("Those entities' owners"),
  });

export const failedItemSchema = (z: Z) =>
  z.object({
    entityRef: z
      .string()
      .describe('The catalog entity the resource belongs to'),
    owner: z.string().optional().describe("The entity's owner"),
    cluster: z.string(),
    kind: z.string(),
    namespace: z.string().optional(),
    name: z.string().describe('The resource'),
    item: z.string().describe('The failed model, node or instance'),
    itemNoun: z.string(),
    phase: z.string(),
    detail: z.string(),
    reason: z.string().optional().describe('Why it failed, in full'),
    jobName: z.string().optional(),
    jobNamespace: z.string().optional(),
    finishedAt: z.string().optional(),
    retryable: z.boolean(),
  });
