import {
  ResourceOwner,
  ownerMetadata,
} from '@model-delivery/plugin-model-delivery-common';
import { SecretValues } from './taskSecrets';

/**
 * A Secret holding `values` under their keys, labelled for its owner. Only these keys are
 * applied: other keys of an existing Secret are someone else's and stay.
 */
export function opaqueSecretManifest(
  namespace: string,
  name: string,
  values: SecretValues,
  owner: ResourceOwner,
) {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace, ...ownerMetadata(owner) },
    type: 'Opaque',
    data: Object.fromEntries(
      Object.entries(values).map(([key, value]) => [
        key,
        Buffer.from(value, 'utf8').toString('base64'),
      ]),
    ),
  };
}
