import { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/core-plugin-api';
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
  /**
   * Deletes one of the entity's resources, with what `kindLifecycle(kind)` says goes
   * with it. Rejects with a `ResponseError` (403 when the delete permission is denied).
   */
  deleteResource(
    request: DeleteResourceRequest,
  ): Promise<DeleteResourceResponse>;
  /**
   * Re-downloads a ModelDownload's models, or one: their Jobs are deleted so that
   * hf-operator creates them again. Rejects with a `ResponseError` (403 when the
   * re-download permission is denied).
   */
  redownload(request: RedownloadRequest): Promise<RedownloadResponse>;
  /**
   * The log tail and the events of one item of one of the entity's resources, read from
   * its cluster at the time of asking, credentials redacted. Rejects with a
   * `ResponseError` (403 when the logs permission is denied).
   */
  getItemDiagnostics(
    entity: CompoundEntityRef,
    query: ItemDiagnosticsQuery,
  ): Promise<ItemDiagnostics>;
  /**
   * One page of every model at every place of the entities the caller may see, or of
   * the models held by several teams or namespaces (`view: 'duplicates'`).
   */
  getFleet(query: FleetQuery): Promise<FleetResponse>;
  /**
   * Every configured cluster, reachable or not, with the suite's kinds it serves: for the
   * template forms' cluster picker. Rejects with a `ResponseError` (403 when the form data
   * permission is denied).
   */
  formClusters(): Promise<FormClustersResponse>;
  /**
   * The cluster's namespaces the caller may act in (for the entity, when given), with
   * their owners. A cluster that cannot be read resolves with `problem` set (the form
   * falls back to a text field); an unknown cluster rejects with a 400.
   */
  formNamespaces(
    cluster: string,
    entityRef?: string,
  ): Promise<FormNamespacesResponse>;
  /**
   * Whether the caller may act in one namespace (for the entity, when given), and why
   * not: for a namespace typed by hand.
   */
  formNamespaceAccess(
    cluster: string,
    namespace: string,
    entityRef?: string,
  ): Promise<FormNamespaceAccess>;
  /** The PersistentVolumeClaims of a namespace: capacity, access modes, phase. */
  formPersistentVolumeClaims(
    cluster: string,
    namespace: string,
  ): Promise<FormPersistentVolumeClaimsResponse>;
  /** The Secrets of a namespace by name and key names; never a value. */
  formSecrets(cluster: string, namespace: string): Promise<FormSecretsResponse>;
  /**
   * KServe's LocalModelNodeGroups of the cluster, with their storage limits, for a cache
   * in the namespace (or a cluster-wide one without).
   */
  formNodeGroups(
    cluster: string,
    namespace?: string,
  ): Promise<FormNodeGroupsResponse>;
  /**
   * What the Hugging Face Hub says of the models (exists, gated, private, size, licence),
   * asked server-side with the token from `tokenSecret` or the configured one. Rejects
   * with a `ResponseError` (403 when the Hub check permission is denied).
   */
  checkHubModels(
    request: HubModelsCheckRequest,
  ): Promise<HubModelsCheckResponse>;
}

/** @public */
export const modelDeliveryApiRef = createApiRef<ModelDeliveryApi>({
  id: 'plugin.model-delivery.service',
});
