import { KubernetesObject, PatchStrategy } from '@kubernetes/client-node';
import { FIELD_MANAGER } from '@model-delivery/plugin-model-delivery-common';
import { ClusterConnection } from '../cluster/clusterConnection';
import { FieldChange, describeFieldChange, fieldChanges } from './fieldChanges';

/** What applying did (or, in a dry run, would do) to the object. */
export type ApplyOutcome = 'created' | 'updated' | 'unchanged';

/** A type alias, not an interface, so it is a JSON value a checkpoint can store. */
export type ApplyResult = {
  outcome: ApplyOutcome;
  /** The changed fields, one line each; for Secrets without values. */
  changes: string[];
};

/**
 * An object to apply, as common's manifest builders make them: apiVersion, kind, name
 * (and namespace when namespaced) set.
 */
export type Manifest = {
  apiVersion: string;
  kind: string;
  metadata?: { name?: string; namespace?: string };
};

export interface ServerSideApplyOptions {
  /** Server-side dry run (`dryRun=All`): validated and admitted, nothing persisted. */
  dryRun: boolean;
  /**
   * The top-level fields whose changes make an update, besides labels and annotations:
   * `spec` for custom resources, `data` for Secrets.
   */
  compared: string[];
  /**
   * The object carries secret values (a Secret's `data`): a dry run sends the keys with
   * empty values, and changes are reported without values.
   */
  sensitive?: boolean;
}

/** `ModelDownload ml-models/llama`, `LocalModelCache llama` (cluster-scoped). */
export function describeObject(manifest: Manifest): string {
  const { name, namespace } = manifest.metadata ?? {};
  return `${manifest.kind} ${namespace ? `${namespace}/` : ''}${name}`;
}

/** The plain JSON an object would be sent or stored as (client-node returns class instances). */
function plain(value: unknown): Record<string, any> {
  return JSON.parse(JSON.stringify(value ?? {}));
}

/** A Secret as a dry run sends it: every key, no value. */
function withoutValues(manifest: Manifest): Manifest & { data: object } {
  const data = (manifest as { data?: Record<string, string> }).data ?? {};
  return {
    ...manifest,
    data: Object.fromEntries(Object.keys(data).map(key => [key, ''])),
  };
}

function pick(object: Record<string, any>, fields: string[]) {
  return Object.fromEntries(fields.map(f => [f, object[f]]));
}

/** Only the keys the manifest sets: a Secret's other keys belong to someone else. */
function pickKeys(
  object: Record<string, any>,
  like: Record<string, any>,
): Record<string, any> {
  return Object.fromEntries(
    Object.entries(like).map(([field, value]) => [
      field,
      value && typeof value === 'object' && !Array.isArray(value)
        ? Object.fromEntries(
            Object.keys(value).map(k => [k, object[field]?.[k]]),
          )
        : object[field],
    ]),
  );
}

/**
 * Server-side applies `manifest` as the suite's field manager, forcing ownership of the
 * fields it sets, so a re-run converges instead of failing with "already exists". Reads
 * the object first to tell created, updated (and which fields) and unchanged apart; the
 * comparison is on content, since a dry run does not bump the resourceVersion.
 */
export async function serverSideApply(
  connection: ClusterConnection,
  manifest: Manifest,
  options: ServerSideApplyOptions,
): Promise<ApplyResult> {
  const resource = describeObject(manifest);
  const { name, namespace } = manifest.metadata ?? {};
  if (!name) throw new Error(`Cannot apply ${resource}: it has no name`);
  const header = {
    apiVersion: manifest.apiVersion,
    kind: manifest.kind,
    metadata: { name, ...(namespace ? { namespace } : {}) },
  };
  const before = await connection.readIfExists(
    { action: 'get', resource },
    () => connection.objects.read(header),
  );
  // The object as JSON: client-node's serializer keeps unknown kinds' fields as they are.
  const sent = plain(
    options.sensitive && options.dryRun ? withoutValues(manifest) : manifest,
  );
  const after = await connection.request(
    { action: before ? 'patch' : 'create', resource },
    () =>
      connection.objects.patch(
        sent as KubernetesObject,
        undefined,
        options.dryRun ? 'All' : undefined,
        FIELD_MANAGER,
        true,
        PatchStrategy.ServerSideApply,
      ),
  );
  if (!before) return { outcome: 'created', changes: [] };

  const old = plain(before);
  const now = plain(after);
  // Secret values: what was asked for, since a dry run sent none.
  const payloadBefore = options.sensitive
    ? pickKeys(
        pick(old, options.compared),
        pick(plain(manifest), options.compared),
      )
    : pick(old, options.compared);
  const payloadAfter = options.sensitive
    ? pick(plain(manifest), options.compared)
    : pick(now, options.compared);
  const changes: FieldChange[] = [
    ...fieldChanges(
      'metadata.labels',
      old.metadata?.labels ?? {},
      now.metadata?.labels ?? {},
    ),
    ...fieldChanges(
      'metadata.annotations',
      old.metadata?.annotations ?? {},
      now.metadata?.annotations ?? {},
    ),
    ...options.compared.flatMap(field =>
      fieldChanges(field, payloadBefore[field], payloadAfter[field]),
    ),
  ];
  return {
    outcome: changes.length > 0 ? 'updated' : 'unchanged',
    changes: changes.map(c =>
      describeFieldChange(c, { values: !options.sensitive }),
    ),
  };
}
