import { ResourceOwner, ownerMetadata } from '../ownership';
import {
  MODEL_DOWNLOAD_API_VERSION,
  ModelDownload,
  ModelDownloadInput,
  ModelDownloadSettings,
} from './types';

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(
      ([, v]) => v !== undefined && v !== null && v !== '',
    ),
  ) as Partial<T>;
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
      models: input.models.map(m => ({
        name: m.name,
        ...definedOnly({ sha: m.sha, retryCount: m.retryCount }),
      })),
      storagePVC: input.storagePVC,
      hfTokenRef: { name: input.hfTokenRef.name, key: input.hfTokenRef.key },
      ...(input.nodePool ? { nodePool: input.nodePool } : {}),
      ...(Object.keys(settings).length > 0 ? { settings } : {}),
    },
  };
}
