import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  ModelSource,
  stableEntityName,
  storageUriModel,
} from './modelIdentity';

/**
 * The catalog entities the suite's catalog module makes of model servers: `API` entities
 * of type `ai-model-server`, the shape upstream Backstage is converging on (RFC #33060,
 * PR #34476), in one namespace.
 *
 * @public
 */
export const MODEL_SERVER_ENTITY = {
  kind: 'API',
  type: 'ai-model-server',
  namespace: 'default',
} as const;

/** `true` or `false`: whether the server was ready when its entity was last written. @public */
export const ANNOTATION_SERVER_READY =
  'model-delivery.backstage.io/server-ready';

/** One server in one cluster: what names it. @public */
export interface ServerRef {
  cluster: string;
  /** The resource kind, e.g. `InferenceService`. */
  kind: string;
  namespace?: string;
  name: string;
}

/**
 * The catalog entity name of a server: a readable slug of its name, namespace, kind and
 * cluster, then a hash of them, by the same rules as a model entity's name.
 *
 * @public
 */
export function serverEntityName(server: ServerRef): string {
  // Spaces cannot occur in names, namespaces or kinds: the id is unambiguous.
  return stableEntityName(
    `${server.name} ${server.namespace ?? '-'} ${server.kind} ${
      server.cluster
    }`,
  );
}

/** The ref of a server's entity, e.g. `api:default/gemma-chat-ml-models-…`. @public */
export function serverEntityRef(server: ServerRef): string {
  return stringifyEntityRef({
    kind: MODEL_SERVER_ENTITY.kind,
    namespace: MODEL_SERVER_ENTITY.namespace,
    name: serverEntityName(server),
  });
}

/**
 * A model server among the resources of catalog entities, as the status API, the agents'
 * action and the catalog module see it: what it is, where, whether it is ready, what it
 * serves, and whose it is.
 *
 * @public
 */
export interface ModelServerSummary extends ServerRef {
  /** Its catalog entity ({@link serverEntityRef}). */
  entityRef: string;
  /** Who runs it: "KServe", "kro". */
  operator: string;
  serverType: string;
  url?: string;
  ready: boolean;
  /** Why it is not ready, in full. */
  reason?: string;
  models: ServedModel[];
  /** The entities whose resources include it (their `backstage.io/kubernetes-id` selects it), sorted. */
  providedBy: string[];
  /** The owners of those entities, sorted. */
  owners: string[];
}

/**
 * What a model server is, as upstream Backstage's `ai-model-server` API entity describes one
 * (`serverType`, `serverUrl`, its models), and whether it is ready.
 *
 * @public
 */
export interface ServerStatus {
  /**
   * The API the server speaks, upstream's free-form `serverType`: `openai-v1` for an
   * OpenAI-compatible server, `kserve-v1` / `kserve-v2` for KServe's inference protocols,
   * `jetstream-http` for JetStream's HTTP server.
   */
  serverType: string;
  /**
   * The base URL of its inference API, as the operator reports it (for an OpenAI-compatible
   * server, the URL before `/chat/completions`). Never with user info, query or fragment.
   * Absent until the operator reports one.
   */
  url?: string;
  ready: boolean;
  /** Why it is not ready, from the operator's conditions, in full. */
  reason?: string;
  models: ServedModel[];
}

/**
 * One model a server serves, resolved to the model id downloads and caches use.
 *
 * @public
 */
export interface ServedModel {
  /**
   * Where the server loads it from, as its spec says, without credentials:
   * `hf://org/name`, `pvc://claim/path`, `s3://bucket/path`, `kaggle://handle`.
   */
  uri: string;
  /**
   * The model's id, the same as a download or cache of it has (`org/name` for `hf://org/name`
   * and for a PVC path a ModelDownload filled). Absent when the URI names nothing the suite
   * can tell: a PVC path no ModelDownload of the namespace downloaded.
   */
  modelId?: string;
  /** The name clients ask the server for, when the spec sets one (vLLM's served model name). */
  servedName?: string;
  /**
   * Where the weights come from, for people, such as
   * `LocalModelNamespaceCache gemma (node group gpu-a100)` or
   * `PVC model-store, downloaded by ModelDownload chat-models`.
   */
  from?: string;
}

/**
 * Where a model only a server names comes from: its URI (`hf://org/name` is the Hub
 * repo). A model a resource holds names its own source.
 *
 * @public
 */
export function servedModelSource(model: ServedModel): ModelSource {
  return storageUriModel(model.uri).source;
}
