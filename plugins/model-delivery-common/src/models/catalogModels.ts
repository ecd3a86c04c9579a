import { ModelSource } from './modelIdentity';

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
  /** The operators of the resources holding it ("hf-operator", "KServe", "kro"), sorted. */
  operators: string[];
}

/**
 * The backend's internal, service-only answer the catalog module builds model entities
 * from (`GET /api/model-delivery/internal/catalog-models`).
 *
 * @public
 */
export interface CatalogModelsResponse {
  models: CatalogModel[];
}

/**
 * The events-service topic the backend publishes on when the set of models, or who holds
 * them, changed. The payload is empty: the catalog module reads the models again.
 *
 * @public
 */
export const MODELS_CHANGED_TOPIC = 'model-delivery.models-changed';

/** The path of the internal endpoint below the backend plugin's base URL. @public */
export const CATALOG_MODELS_PATH = '/internal/catalog-models';
