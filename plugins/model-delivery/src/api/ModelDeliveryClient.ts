import { CompoundEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  EntityStatusResponse,
  RetryRequest,
  RetryResponse,
} from '@model-delivery/plugin-model-delivery-common';
import { ModelDeliveryApi } from './ModelDeliveryApi';

/**
 * The {@link ModelDeliveryApi} over HTTP. Calls go through the `fetchApi` so that they
 * carry the user's Backstage token: the backend authorizes every read and retry.
 *
 * @public
 */
export class ModelDeliveryClient implements ModelDeliveryApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getEntityStatus(
    entity: CompoundEntityRef,
  ): Promise<EntityStatusResponse> {
    const path = [entity.kind, entity.namespace, entity.name]
      .map(encodeURIComponent)
      .join('/');
    return this.request<EntityStatusResponse>(`/entity/${path}/status`);
  }

  async retry(request: RetryRequest): Promise<RetryResponse> {
    return this.request<RetryResponse>('/retry', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
    });
  }

  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('model-delivery');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
