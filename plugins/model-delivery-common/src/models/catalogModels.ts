import { ModelSource } from './modelIdentity';
import { ModelServerSummary } from './modelServers';

/**
 * One distinct model the clusters hold, as the backend hands it to the catalog module:
 * no cluster detail, no credential, only what a model entity shows.
 *
 * @public
 */
export interface CatalogModel {
  modelId: string;
  source: ModelSource;
  /** Refs of every entity whose resources hold the model, sorted. */
  heldBy: string[];
  /** The operators of the resources holding or serving it ("hf-operator", "KServe", "kro"), sorted. */
  operators: string[];
  /** The entities of the servers serving it ({@link serverEntityRef}), sorted. */
  servedBy: string[];
}

/**
 * The backend's internal, service-only answer the catalog module builds model entities
 * from (`GET /api/model-delivery/internal/catalog-models`).
 *
 * @public
 */
export interface CatalogModelsResponse {
  /** Every model the entities' resources hold or serve. */
  models: CatalogModel[];
  /** Every model server among the entities' resources. */
  servers: ModelServerSummary[];
}

/**
 * The events-service topic the backend publishes on when the set of models or servers, or
 * who holds or serves them, changed. The payload is empty: the catalog module reads the models again.
 *
 * @public
 */
export const MODELS_CHANGED_TOPIC = 'model-delivery.models-changed';

/** The path of the internal endpoint below the backend plugin's base URL. @public */
export const CATALOG_MODELS_PATH = '/internal/catalog-models';
