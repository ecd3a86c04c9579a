import {
  createExtensionPoint,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import {
  RESOURCE_KINDS,
  ResourceKindDefinition,
} from '@model-delivery/plugin-model-delivery-common';

/**
 * Adds resource kinds besides the suite's own `RESOURCE_KINDS`, from a module of the
 * `model-delivery` backend plugin: a kind of your own shows on entity pages, in the fleet
 * and in the scaffolder actions without a fork (docs/adding-a-kind.md). Such a module
 * depends on this package and common, not on the backend plugin.
 *
 * @public
 */
export interface ModelDeliveryKindsExtensionPoint {
  addResourceKinds(...kinds: ResourceKindDefinition<any>[]): void;
}

/** @public */
export const modelDeliveryKindsExtensionPoint =
  createExtensionPoint<ModelDeliveryKindsExtensionPoint>({
    id: 'model-delivery.kinds',
  });

/**
 * The kinds the whole backend works with: the suite's, then those modules added through
 * {@link modelDeliveryKindsExtensionPoint}. One list for the status backend and the
 * scaffolder actions alike. The backend plugin adds its modules' kinds when it starts, so
 * read the list when acting, not at init.
 *
 * @public
 */
export interface ModelDeliveryKindsService {
  list(): ReadonlyArray<ResourceKindDefinition<any>>;
  /** Adds kinds; a kind already defined throws, as requests name a resource by its kind. */
  add(...kinds: ResourceKindDefinition<any>[]): void;
}

/** The suite's kinds, and what is added to them. @public */
export class ModelDeliveryKinds implements ModelDeliveryKindsService {
  readonly #kinds: ResourceKindDefinition<any>[] = [...RESOURCE_KINDS];

  list(): ReadonlyArray<ResourceKindDefinition<any>> {
    return this.#kinds;
  }

  add(...kinds: ResourceKindDefinition<any>[]): void {
    for (const kind of kinds) {
      if (this.#kinds.some(k => k.kind === kind.kind)) {
        throw new Error(
          `Model Delivery already has a definition of the kind ${kind.kind}`,
        );
      }
      this.#kinds.push(kind);
    }
  }
}

/**
 * {@link ModelDeliveryKindsService}, one for the whole backend. Depend on it with
 * `deps: { kinds: modelDeliveryKindsServiceRef }`.
 *
 * @public
 */
export const modelDeliveryKindsServiceRef =
  createServiceRef<ModelDeliveryKindsService>({
    id: 'model-delivery.resource-kinds',
    scope: 'root',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {},
        factory: () => new ModelDeliveryKinds(),
      }),
  });
