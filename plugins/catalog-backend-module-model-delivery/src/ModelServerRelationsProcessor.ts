import {
  ANNOTATION_LOCATION,
  Entity,
  RELATION_API_PROVIDED_BY,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  RELATION_PROVIDES_API,
  getCompoundEntityRef,
  parseEntityRef,
} from '@backstage/catalog-model';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  LocationSpec,
  processingResult,
} from '@backstage/plugin-catalog-node';
import { MODEL_SERVER_ENTITY } from '@model-delivery/plugin-model-delivery-common';
import { MODEL_ENTITIES_LOCATION } from './modelEntity';

/**
 * The relations of the module's model server entities, which the stock processor does not
 * read on an `API`: the entity whose resource the server is provides it
 * (`spec.providedBy`: `providesApi` / `apiProvidedBy`, the stock "Provided APIs" and
 * "Providers" cards), and the server depends on the entities of the models it serves
 * (`spec.dependsOn`: `dependsOn` / `dependencyOf`). Only this module's entities: an
 * adopter's own `ai-model-server` APIs are left as they are.
 */
export class ModelServerRelationsProcessor implements CatalogProcessor {
  getProcessorName(): string {
    return 'ModelDeliveryModelServerRelationsProcessor';
  }

  async postProcessEntity(
    entity: Entity,
    _location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    const spec = entity.spec as
      | { type?: unknown; providedBy?: unknown; dependsOn?: unknown }
      | undefined;
    if (
      entity.kind !== MODEL_SERVER_ENTITY.kind ||
      spec?.type !== MODEL_SERVER_ENTITY.type ||
      entity.metadata.annotations?.[ANNOTATION_LOCATION] !==
        MODEL_ENTITIES_LOCATION
    ) {
      return entity;
    }
    const self = getCompoundEntityRef(entity);
    const refs = (value: unknown, defaultKind: string) =>
      (Array.isArray(value) ? value : [])
        .filter((v): v is string => typeof v === 'string')
        .map(ref =>
          parseEntityRef(ref, {
            defaultKind,
            defaultNamespace: self.namespace,
          }),
        );
    for (const provider of refs(spec.providedBy, 'component')) {
      emit(
        processingResult.relation({
          source: provider,
          type: RELATION_PROVIDES_API,
          target: self,
        }),
      );
      emit(
        processingResult.relation({
          source: self,
          type: RELATION_API_PROVIDED_BY,
          target: provider,
        }),
      );
    }
    for (const model of refs(spec.dependsOn, 'resource')) {
      emit(
        processingResult.relation({
          source: self,
          type: RELATION_DEPENDS_ON,
          target: model,
        }),
      );
      emit(
        processingResult.relation({
          source: model,
          type: RELATION_DEPENDENCY_OF,
          target: self,
        }),
      );
    }
    return entity;
  }
}
