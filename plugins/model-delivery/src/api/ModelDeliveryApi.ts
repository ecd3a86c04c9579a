import { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/core-plugin-api';
import {
  EntityStatusResponse,
  RetryRequest,
  RetryResponse,
} from '@model-delivery/plugin-model-delivery-common';

/**
 * Reads and acts on the model delivery status of catalog entities, through the
 * model-delivery backend.
 *
 * @public
 */
export interface ModelDeliveryApi {
  /**
   * The status of every resource of the entity, in every cluster. Rejects with a
   * `ResponseError` (404 when the entity is not visible to the caller, 403 when the
   * read permission is denied).
   */
  getEntityStatus(entity: CompoundEntityRef): Promise<EntityStatusResponse>;
  /**
   * Deletes the failed Job of one item so that its operator recreates it. Rejects with a
   * `ResponseError` (403 when the retry permission is denied).
   */
  retry(request: RetryRequest): Promise<RetryResponse>;
}

/** @public */
export const modelDeliveryApiRef = createApiRef<ModelDeliveryApi>({
  id: 'plugin.model-delivery.service',
});
