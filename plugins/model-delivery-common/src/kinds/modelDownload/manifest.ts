import { ResourceOwner, ownerMetadata } from '../ownership';
import {
  MODEL_DOWNLOAD_API_VERSION,
  ModelDownload,
  ModelDownloadInput,
  ModelDownloadModel,
  ModelDownloadSettings,
} from './types';

/** What a form sends for a field left empty: undefined, null or ''. */
function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(
      ([, v]) => v !== undefined && v !== null && v !== '',
    ),
  ) as Partial<T>;
}

/**
 * A model as the spec holds it: the optional parts left empty are left out. The template
 * form field and the manifest both shape models with it.
 *
 * @public
 */
export function modelDownloadModel(
  model: ModelDownloadModel,
): ModelDownloadModel {
  return {
    name: model.name,
    ...definedOnly({ sha: model.sha, retryCount: model.retryCount }),
  };
}

/**
 * The ModelDownload to apply for a validated input. Fields the user left empty are left
 * out, so server-side apply does not claim them and the operator's defaults apply.
 *
 * @public
 */
export function modelDownloadManifest(
  input: ModelDownloadInput,
  owner?: ResourceOwner,
): ModelDownload {
  const settings = definedOnly<ModelDownloadSettings>(input.settings ?? {});
  return {
    apiVersion: MODEL_DOWNLOAD_API_VERSION,
    kind: 'ModelDownload',
    metadata: {
      name: input.name,
      namespace: input.namespace,
      ...ownerMetadata(owner),
    },
    spec: {
      models: input.models.map(modelDownloadModel),
      storagePVC: input.storagePVC,
      hfTokenRef: { name: input.hfTokenRef.name, key: input.hfTokenRef.key },
      ...(input.nodePool ? { nodePool: input.nodePool } : {}),
      ...(Object.keys(settings).length > 0 ? { settings } : {}),
    },
  };
}
