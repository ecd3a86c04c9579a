import {
  HubModelsCheckRequest,
  ModelDownloadModel,
  checkHuggingFaceRepoId,
} from '@model-delivery/plugin-model-delivery-common';

/**
 * Where the model-download form keeps what the Hub check needs, as `ui:options` of the
 * models field: the form properties of the cluster, namespace, token Secret (`{ name, key }`),
 * token source (`new` means a token typed into the form, not yet stored) and PVC.
 */
export type ModelDownloadModelsFieldOptions = {
  clusterField?: string;
  namespaceField?: string;
  tokenSecretField?: string;
  tokenSourceField?: string;
  persistentVolumeClaimField?: string;
};

export function modelsFieldOptions(uiSchema: unknown) {
  const options =
    (
      uiSchema as { 'ui:options'?: ModelDownloadModelsFieldOptions } | undefined
    )?.['ui:options'] ?? {};
  return {
    cluster: options.clusterField ?? 'cluster',
    namespace: options.namespaceField ?? 'namespace',
    tokenSecret: options.tokenSecretField ?? 'hfTokenRef',
    tokenSource: options.tokenSourceField ?? 'tokenSource',
    persistentVolumeClaim: options.persistentVolumeClaimField ?? 'storagePVC',
  };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/**
 * What to ask the Hub for the form as filled so far, or undefined when no model id is
 * well-formed yet. `rows[i]` is the index in the request of the form's model `i`.
 */
export function hubCheckRequest(
  models: ModelDownloadModel[] | undefined,
  formData: Record<string, unknown> | undefined,
  uiSchema: unknown,
):
  | { request: HubModelsCheckRequest; rows: Array<number | undefined> }
  | undefined {
  const names = modelsFieldOptions(uiSchema);
  const rows: Array<number | undefined> = [];
  const asked: HubModelsCheckRequest['models'] = [];
  for (const model of models ?? []) {
    const id = model?.name?.trim();
    if (!id || checkHuggingFaceRepoId('name', id).length > 0) {
      rows.push(undefined);
      continue;
    }
    rows.push(asked.length);
    // At the default branch, whatever the row's sha: the revision hf-operator downloads.
    asked.push({ id });
  }
  if (asked.length === 0) return undefined;

  const cluster = text(formData?.[names.cluster]);
  const namespace = text(formData?.[names.namespace]);
  const ref = formData?.[names.tokenSecret] as
    | { name?: unknown; key?: unknown }
    | undefined;
  // A token typed into this form is not stored before the task runs: the Hub is then
  // asked with the portal's configured token, if any.
  const stored = formData?.[names.tokenSource] !== 'new';
  const tokenSecret =
    stored && cluster && namespace && text(ref?.name) && text(ref?.key)
      ? {
          cluster,
          namespace,
          name: ref!.name as string,
          key: ref!.key as string,
        }
      : undefined;
  return {
    request: { models: asked, ...(tokenSecret ? { tokenSecret } : {}) },
    rows,
  };
}
