import { ResourceOwner, ownerMetadata } from '../ownership';
import {
  LOCAL_MODEL_API_VERSION,
  LocalModelCacheInput,
  LocalModelCacheResource,
} from './types';

/**
 * The cache to apply: credentials become `serviceAccountName`, `storage.key` or
 * `storage.parameters`, exactly one of them.
 *
 * @public
 */
export function localModelCacheManifest(
  input: LocalModelCacheInput,
  owner?: ResourceOwner,
): LocalModelCacheResource {
  const credentials = input.credentials ?? { method: 'none' };
  return {
    apiVersion: LOCAL_MODEL_API_VERSION,
    kind:
      input.scope === 'namespace'
        ? 'LocalModelNamespaceCache'
        : 'LocalModelCache',
    metadata: {
      name: input.name,
      ...(input.scope === 'namespace' ? { namespace: input.namespace } : {}),
      ...ownerMetadata(owner),
    },
    spec: {
      sourceModelUri: input.sourceModelUri,
      modelSize: input.modelSize,
      nodeGroups: [...input.nodeGroups],
      ...(credentials.method === 'serviceAccount'
        ? { serviceAccountName: credentials.serviceAccountName }
        : {}),
      ...(credentials.method === 'storageKey'
        ? { storage: { key: credentials.storageKey } }
        : {}),
      ...(credentials.method === 'storageParameters'
        ? { storage: { parameters: { ...credentials.storageParameters } } }
        : {}),
    },
  };
}
