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
    const path = entityPath(entity, 'status');
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
    return this.request('/retry', { body: request });
  }

  async deleteResource(
    request: DeleteResourceRequest,
  ): Promise<DeleteResourceResponse> {
    return this.request('/delete', { body: request });
  }

  async redownload(request: RedownloadRequest): Promise<RedownloadResponse> {
    return this.request('/redownload', { body: request });
  }

  async getFleet(query: FleetQuery): Promise<FleetResponse> {
    return this.request('/fleet', { query });
  }

  async getItemDiagnostics(
    entity: CompoundEntityRef,
    query: ItemDiagnosticsQuery,
  ): Promise<ItemDiagnostics> {
    return this.request(entityPath(entity, 'diagnostics'), { query });
  }

  async formClusters(): Promise<FormClustersResponse> {
    return this.request('/form-data/clusters');
  }

  async formNamespaces(
    cluster: string,
    entityRef?: string,
  ): Promise<FormNamespacesResponse> {
    return this.request('/form-data/namespaces', {
      query: { cluster, entityRef },
    });
  }

  async formNamespaceAccess(
    cluster: string,
    namespace: string,
    entityRef?: string,
  ): Promise<FormNamespaceAccess> {
    return this.request('/form-data/namespace-access', {
      query: { cluster, namespace, entityRef },
    });
  }

  async formPersistentVolumeClaims(
    cluster: string,
    namespace: string,
  ): Promise<FormPersistentVolumeClaimsResponse> {
    return this.request('/form-data/persistent-volume-claims', {
      query: { cluster, namespace },
    });
  }

  async formSecrets(
    cluster: string,
    namespace: string,
  ): Promise<FormSecretsResponse> {
    return this.request('/form-data/secrets', {
      query: { cluster, namespace },
    });
  }

  async formNodeGroups(
    cluster: string,
    namespace?: string,
  ): Promise<FormNodeGroupsResponse> {
    return this.request('/form-data/node-groups', {
      query: { cluster, namespace },
    });
  }

  async checkHubModels(
    request: HubModelsCheckRequest,
  ): Promise<HubModelsCheckResponse> {
    return this.request('/form-data/hugging-face/models', { body: request });
  }

  /** A GET with the query's set values as parameters, or a POST of `body`. */
  private async request<T>(
    path: string,
    options: { query?: object; body?: unknown } = {},
  ): Promise<T> {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined && value !== '') params.set(name, String(value));
    }
    const baseUrl = await this.discoveryApi.getBaseUrl('model-delivery');
    const response = await this.fetchApi.fetch(
      `${baseUrl}${path}${params.size > 0 ? `?${params}` : ''}`,
      options.body === undefined
        ? undefined
        : {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(options.body),
          },
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}

/** `/entity/<kind>/<namespace>/<name>/<what>`, each part encoded. */
function entityPath(entity: CompoundEntityRef, what: string): string {
  return `/entity/${[entity.kind, entity.namespace, entity.name]
    .map(encodeURIComponent)
    .join('/')}/${what}`;
}
