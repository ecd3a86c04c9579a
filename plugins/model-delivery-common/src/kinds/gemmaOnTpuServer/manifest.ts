import { ResourceOwner, ownerMetadata } from '../ownership';
import { DEFAULT_KAGGLE_SECRET } from './childNames';
import {
  GEMMA_API_VERSION,
  GemmaOnTPUServer,
  GemmaOnTPUServerInput,
} from './types';

/**
 * The instance to apply. Both spec fields are always written, spelled right: relying on
 * the RGD's defaults would hide which Secret the instance really reads.
 *
 * @public
 */
export function gemmaOnTPUServerManifest(
  input: GemmaOnTPUServerInput,
  owner?: ResourceOwner,
): GemmaOnTPUServer {
  return {
    apiVersion: GEMMA_API_VERSION,
    kind: 'GemmaOnTPUServer',
    metadata: {
      name: input.name,
      namespace: input.namespace,
      ...ownerMetadata(owner),
    },
    spec: {
      replicas: input.replicas ?? 1,
      kaggleSecret: input.kaggleSecret || DEFAULT_KAGGLE_SECRET,
    },
  };
}
