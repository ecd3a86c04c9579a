/**
 * Where a model comes from, as the resource holding it names it.
 *
 * - `huggingFace`: a Hub repo (a ModelDownload's model, or a KServe `hf://` URI), optionally
 *   at a revision;
 * - `storageUri`: any other URI KServe's storage initializer downloads from (`s3://`,
 *   `gs://`, `https://`...);
 * - `kaggle`: a Kaggle model handle (the Gemma instance's checkpoint).
 *
 * @public
 */
export type ModelSource =
  | { type: 'huggingFace'; repoId: string; revision?: string; uri?: string }
  | { type: 'storageUri'; uri: string }
  | { type: 'kaggle'; handle: string };

/**
 * One model a cluster resource holds.
 *
 * @public
 */
export interface HeldModel {
  /**
   * The model's id as people write it: the Hub repo id (`meta-llama/Llama-3.1-8B`, with
   * `:<revision>` when pinned, KServe's notation), the storage URI, or `kaggle://<handle>`.
   * A KServe `hf://org/name` and a ModelDownload's `org/name` are the same id: the same
   * Hub repo, wherever it is downloaded to.
   */
  modelId: string;
  /** The key models are grouped by across resources and clusters: see {@link modelKey}. */
  modelKey: string;
  source: ModelSource;
  /**
   * The names of the resource's status items that are this model's copies (a ModelDownload's
   * item per model). Undefined when every item is (a cache's nodes, a Gemma instance).
   */
  itemNames?: string[];
  /** Where the resource keeps its copies, for people: `PVC models`, `node groups gpu-a, gpu-b`. */
  storage?: string;
  /** The model's size, when the resource's spec states it (a cache's `modelSize`). */
  size?: string;
  /**
   * Where in a PersistentVolumeClaim of the resource's namespace the copy is: a
   * ModelDownload's model in `<claim>/<model id>`, hf-operator's folder layout. A server
   * whose storage URI is `pvc://<claim>/<path>` serves it.
   */
  pvc?: { claim: string; path: string };
  /** The copies are cached on nodes (a KServe cache), not downloaded into storage. */
  cached?: boolean;
}

/** Where a resource keeps its copy of a model. @public */
export type HeldModelPlace = Pick<
  HeldModel,
  'itemNames' | 'storage' | 'size' | 'pvc' | 'cached'
>;

/**
 * The key one model is grouped by: its id, exactly. Ids differing only in case are
 * different keys, because a storage URI's path is case-sensitive; the entity name keeps
 * them apart too ({@link modelEntityName}).
 *
 * @public
 */
export function modelKey(modelId: string): string {
  return modelId;
}

/** @public */
export function heldModel(
  modelId: string,
  source: ModelSource,
  where: HeldModelPlace = {},
): HeldModel {
  const { itemNames, storage, size, pvc, cached } = where;
  return {
    modelId,
    modelKey: modelKey(modelId),
    source,
    ...(itemNames ? { itemNames } : {}),
    ...(storage ? { storage } : {}),
    ...(size ? { size } : {}),
    ...(pvc ? { pvc } : {}),
    ...(cached ? { cached } : {}),
  };
}

/** The model a Hugging Face repo id names. @public */
export function huggingFaceModel(
  repoId: string,
  where: HeldModelPlace = {},
): HeldModel {
  return heldModel(repoId, { type: 'huggingFace', repoId }, where);
}

/**
 * A URI without what may be a credential: user info (`https://user:token@host`), the query
 * (pre-signed URLs carry their signature there) and the fragment. What is left names the
 * model or the server; the rest is never put in an id, an entity or a response.
 */
export function withoutCredentials(uri: string): string {
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)(?:[^/?#]*@)?([^?#]*)/.exec(
    uri,
  );
  return match ? `${match[1]}${match[2]}` : uri.replace(/[?#].*$/s, '');
}

/**
 * KServe's `hf://org/name[:revision]`: the Hub repo and revision; undefined for a URI of
 * another scheme.
 *
 * @public
 */
export function parseHuggingFaceUri(
  uri: string,
): { repoId: string; revision?: string } | undefined {
  const match = /^hf:\/\/([^:]+)(?::(.+))?$/.exec(uri);
  if (!match) return undefined;
  return { repoId: match[1], ...(match[2] ? { revision: match[2] } : {}) };
}

/**
 * The model a KServe `sourceModelUri` names: `hf://org/name[:revision]` is the Hub repo
 * (id `org/name[:revision]`), anything else is its URI.
 *
 * @public
 */
export function storageUriModel(
  sourceUri: string,
  where: HeldModelPlace = {},
): HeldModel {
  const uri = withoutCredentials(sourceUri);
  const hf = parseHuggingFaceUri(uri);
  if (hf) {
    const { repoId, revision } = hf;
    return heldModel(
      revision ? `${repoId}:${revision}` : repoId,
      {
        type: 'huggingFace',
        repoId,
        ...(revision ? { revision } : {}),
        uri,
      },
      where,
    );
  }
  return heldModel(uri, { type: 'storageUri', uri }, where);
}

/** The model a Kaggle handle (`owner/model/framework/variation/version`) names. @public */
export function kaggleModel(
  handle: string,
  where: HeldModelPlace = {},
): HeldModel {
  return heldModel(`kaggle://${handle}`, { type: 'kaggle', handle }, where);
}

/**
 * The public page of a model's source, when it has one: the Hub's repo page (at its
 * revision), Kaggle's model page. Storage URIs have none.
 *
 * @public
 */
export function modelSourcePage(source: ModelSource): string | undefined {
  switch (source.type) {
    case 'huggingFace':
      return `https://huggingface.co/${source.repoId}${
        source.revision ? `/tree/${encodeURIComponent(source.revision)}` : ''
      }`;
    case 'kaggle':
      return `https://www.kaggle.com/models/${source.handle}`;
    default:
      return undefined;
  }
}

const MAX_NAME = 63;
const LOSSLESS_ID =
  /^[a-z0-9]+(?:[-.][a-z0-9]+)*(?:\/[a-z0-9]+(?:[-.][a-z0-9]+)*)?$/;
const HASH_LENGTH = 13;
// `_h_` before the hash: a lossless name has at most one `_`, a hashed one at least two,
// so the two forms can never produce the same name.
const HASH_MARK = '_h_';
const SLUG_MAX = MAX_NAME - HASH_MARK.length - HASH_LENGTH;

/** FNV-1a, 64 bits, of the id's UTF-8 bytes, in base 36: pure, the same in browser and node. */
function hash64(value: string): string {
  let h = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  const mask = (1n << 64n) - 1n;
  for (const byte of new TextEncoder().encode(value)) {
    h ^= BigInt(byte);
    h = (h * prime) & mask;
  }
  return h.toString(36).padStart(HASH_LENGTH, '0');
}

function slug(modelId: string): string {
  const readable = modelId
    .toLocaleLowerCase('en-US')
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/[-.]{2,}/g, run => (run.includes('-') ? '-' : '.'))
    .replace(/^[-.]+/, '');
  const cut = readable.slice(0, SLUG_MAX).replace(/[-.]+$/, '');
  return cut || 'model';
}

/**
 * The catalog entity name of a model: valid for the catalog (at most 63 characters,
 * `[a-z0-9]` runs joined by one of `-_.`), the same for the same id on every replica and
 * every run, and different for different ids, including ids differing only in case (the
 * catalog compares names case-insensitively).
 *
 * A lowercase id of at most 63 characters with one `/` at most and no `_` reads as itself,
 * `/` becoming `_` (`google/gemma-2-2b-it` → `google_gemma-2-2b-it`). Any other id becomes a
 * readable lowercase slug, `_h_`, and a 64-bit hash of the exact id
 * (`meta-llama/Llama-3.1-8B` → `meta-llama-llama-3.1-8b_h_…`).
 *
 * @public
 */
export function modelEntityName(modelId: string): string {
  return stableEntityName(modelId);
}

/**
 * A catalog entity name for any id, by {@link modelEntityName}'s rules: valid, the same on
 * every replica and run, different for different ids (also case-insensitively).
 */
export function stableEntityName(id: string): string {
  if (id.length <= MAX_NAME && LOSSLESS_ID.test(id)) {
    return id.replace('/', '_');
  }
  return `${slug(id)}${HASH_MARK}${hash64(id)}`;
}
