import { CompoundEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  EntityStatusResponse,
  ItemDiagnostics,
  ItemDiagnosticsQuery,
  FleetQuery,
  FleetResponse,
  RetryRequest,
  RetryResponse,
  DeleteResourceRequest,
  DeleteResourceResponse,
  RedownloadRequest,
  RedownloadResponse,
  FormClustersResponse,
  FormNamespaceAccess,
  FormNamespacesResponse,
  FormPersistentVolumeClaimsResponse,
  FormSecretsResponse,
  FormNodeGroupsResponse,
  HubModelsCheckRequest,
  HubModelsCheckResponse,
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

  /**
   * The last status of each entity with its ETag: a page refetching after every signal
   * gets a bodiless 304 when nothing it shows changed, and keeps what it has.
   */
  private readonly lastStatus = new Map<
    string,
    { etag: string; status: EntityStatusResponse }
  >();

  async getEntityStatus(
    entity: CompoundEntityRef,
  ): Promise<EntityStatusResponse> {
    const path = `/entity/${[entity.kind, entity.namespace, entity.name]
      .map(encodeURIComponent)
      .join('/')}/status`;
    const baseUrl = await this.discoveryApi.getBaseUrl('model-delivery');
    const last = this.lastStatus.get(path);
    const response = await this.fetchApi.fetch(
      `${baseUrl}${path}`,
      last ? { headers: { 'If-None-Match': last.etag } } : undefined,
    );
    if (response.status === 304 && last) return last.status;
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    const status = (await response.json()) as EntityStatusResponse;
    const etag = response.headers?.get('ETag');
    if (etag) this.lastStatus.set(path, { etag, status });
    else this.lastStatus.delete(path);
    return status;
  }

  async retry(request: RetryRequest): Promise<RetryResponse> {
    return this.request<RetryResponse>('/retry', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
    });
  }

  async deleteResource(
    request: DeleteResourceRequest,
  ): Promise<DeleteResourceResponse> {
    return this.request<DeleteResourceResponse>('/delete', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
    });
  }

  async redownload(request: RedownloadRequest): Promise<RedownloadResponse> {
    return this.request<RedownloadResponse>('/redownload', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
    });
  }

  async getFleet(query: FleetQuery): Promise<FleetResponse> {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) {
      if (value !== undefined && value !== '') params.set(name, String(value));
    }
    const search = params.toString();
    return this.request<FleetResponse>(`/fleet${search ? `?${search}` : ''}`);
  }

  async getItemDiagnostics(
    entity: CompoundEntityRef,
    query: ItemDiagnosticsQuery,
  ): Promise<ItemDiagnostics> {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) {
      if (value !== undefined && value !== '') params.set(name, String(value));
    }
    return this.request<ItemDiagnostics>(
      `/entity/${[entity.kind, entity.namespace, entity.name]
        .map(encodeURIComponent)
        .join('/')}/diagnostics?${params}`,
    );
  }

  async formClusters(): Promise<FormClustersResponse> {
    return this.request<FormClustersResponse>('/form-data/clusters');
  }

  async formNamespaces(
    cluster: string,
    entityRef?: string,
  ): Promise<FormNamespacesResponse> {
    return this.request<FormNamespacesResponse>(
      `/form-data/namespaces?${new URLSearchParams({
        cluster,
        ...(entityRef ? { entityRef } : {}),
      })}`,
    );
  }

  async formNamespaceAccess(
    cluster: string,
    namespace: string,
    entityRef?: string,
  ): Promise<FormNamespaceAccess> {
    return this.request<FormNamespaceAccess>(
      `/form-data/namespace-access?${new URLSearchParams({
        cluster,
        namespace,
        ...(entityRef ? { entityRef } : {}),
      })}`,
    );
  }

  async formPersistentVolumeClaims(
    cluster: string,
    namespace: string,
  ): Promise<FormPersistentVolumeClaimsResponse> {
    return this.request<FormPersistentVolumeClaimsResponse>(
      `/form-data/persistent-volume-claims?${new URLSearchParams({
        cluster,
        namespace,
      })}`,
    );
  }

  async formSecrets(
    cluster: string,
    namespace: string,
  ): Promise<FormSecretsResponse> {
    return this.request<FormSecretsResponse>(
      `/form-data/secrets?${new URLSearchParams({ cluster, namespace })}`,
    );
  }

  async formNodeGroups(
    cluster: string,
    namespace?: string,
  ): Promise<FormNodeGroupsResponse> {
    return this.request<FormNodeGroupsResponse>(
      `/form-data/node-groups?${new URLSearchParams({
        cluster,
        ...(namespace ? { namespace } : {}),
      })}`,
    );
  }

  async checkHubModels(
    request: HubModelsCheckRequest,
  ): Promise<HubModelsCheckResponse> {
    return this.request<HubModelsCheckResponse>(
      '/form-data/hugging-face/models',
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(request),
      },
    );
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
