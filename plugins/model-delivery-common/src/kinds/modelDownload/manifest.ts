import { ANNOTATION_CREATED_FOR, LABEL_KUBERNETES_ID } from '../../annotations';
import {
  MODEL_DOWNLOAD_API_VERSION,
  ModelDownload,
  ModelDownloadInput,
  ModelDownloadSettings,
} from './types';

/**
 * Who a created resource belongs to: the entity's `backstage.io/kubernetes-id` (becomes the
 * label entity pages select by) and its ref (an annotation for humans).
 *
 * @public
 */
export interface ResourceOwner {
  kubernetesId?: string;
  entityRef?: string;
}

/** Labels and annotations every created resource carries. @public */
export function ownerMetadata(owner: ResourceOwner = {}) {
  return {
    ...(owner.kubernetesId
      ? { labels: { [LABEL_KUBERNETES_ID]: owner.kubernetesId } }
      : {}),
    ...(owner.entityRef
      ? { annotations: { [ANNOTATION_CREATED_FOR]: owner.entityRef } }
      : {}),
  };
}

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
