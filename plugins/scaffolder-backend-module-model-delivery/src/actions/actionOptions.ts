import {
  AuditorService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ModelDeliveryClustersService,
  ModelDeliveryKindsService,
} from '@model-delivery/plugin-model-delivery-node';

/** What every Model Delivery action is built with. @public */
export interface ModelDeliveryActionOptions {
  /** The clusters of `kubernetes.clusterLocatorMethods`. */
  clusters: ModelDeliveryClustersService;
  /** Reads the owning entity with the task initiator's credentials. */
  catalog: CatalogService;
  /** Root config: `app.baseUrl` for links to entity pages. */
  config: Config;
  /**
   * Decides the task initiator's permissions: in the target namespace
   * (model-delivery.namespace.write) for every action that writes, and on the entity for
   * the delete and re-download actions. Without it, the actions refuse to write.
   */
  permissions?: PermissionsService;
  /** Records the delete and re-download actions' runs. */
  auditor?: AuditorService;
  /**
   * The kinds the backend works with (the delete action finds the kind there); default:
   * the suite's own.
   */
  kinds?: ModelDeliveryKindsService;
  /** How often a wait polls the cluster. Default 5 s; tests shorten it. */
  pollIntervalMs?: number;
}

export const DEFAULT_POLL_INTERVAL_MS = 5000;

/** The permissions service, which every action that writes needs. */
export function permissionsOf(
  options: ModelDeliveryActionOptions,
): PermissionsService {
  if (!options.permissions) {
    throw new Error(
      'The Model Delivery actions need the permissions service (ModelDeliveryActionOptions.permissions) to decide who may act in a namespace',
    );
  }
  return options.permissions;
}
