import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { modelEntityName } from './modelIdentity';

/**
 * The catalog entities the suite's catalog module makes of models: `Resource` entities of
 * type `ai-model`, the shape Red Hat Developer Hub's AI catalog uses, in one namespace.
 *
 * @public
 */
export const MODEL_ENTITY = {
  kind: 'Resource',
  type: 'ai-model',
  namespace: 'default',
} as const;

/**
 * The model's id on its entity (the title says it too, but a title is for people).
 *
 * @public
 */
export const ANNOTATION_MODEL_ID = 'model-delivery.backstage.io/model-id';

/** Where the model comes from: `hf://org/name`, `s3://…`, `kaggle://…`. @public */
export const ANNOTATION_MODEL_SOURCE =
  'model-delivery.backstage.io/model-source';

/** The Hub repo id, on a model from the Hugging Face Hub. @public */
export const ANNOTATION_HUGGING_FACE_REPO =
  'model-delivery.backstage.io/huggingface-repo';

/** The ref of a model's entity, e.g. `resource:default/google_gemma-2-2b-it`. @public */
export function modelEntityRef(modelId: string): string {
  return stringifyEntityRef({
    kind: MODEL_ENTITY.kind,
    namespace: MODEL_ENTITY.namespace,
    name: modelEntityName(modelId),
  });
}

/**
 * The model id of one of the suite's model entities, or undefined for any other entity.
 *
 * @public
 */
export function modelIdOfEntity(entity: Entity): string | undefined {
  if (
    entity.kind.toLocaleLowerCase('en-US') !== 'resource' ||
    (entity.spec as { type?: unknown } | undefined)?.type !== MODEL_ENTITY.type
  ) {
    return undefined;
  }
  return entity.metadata.annotations?.[ANNOTATION_MODEL_ID] || undefined;
}
