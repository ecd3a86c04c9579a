import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
} from '@backstage/catalog-model';
import {
  ANNOTATION_HUGGING_FACE_REPO,
  ANNOTATION_MODEL_ID,
  ANNOTATION_MODEL_SOURCE,
  CatalogModel,
  MODEL_ENTITY,
  ModelSource,
  modelEntityName,
  modelSourcePage,
} from '@model-delivery/plugin-model-delivery-common';
import { createHash } from 'node:crypto';

/** The location every model entity is managed by: the provider, not a file. */
export const MODEL_ENTITIES_LOCATION = 'model-delivery:models';

/**
 * The annotation carrying a hash of the rest of the entity: the provider compares it with
 * what the catalog holds to send only what changed.
 */
export const ANNOTATION_CONTENT_HASH =
  'model-delivery.backstage.io/content-hash';

function sourceUri(source: ModelSource): string {
  switch (source.type) {
    case 'huggingFace':
      return source.uri ?? `hf://${source.repoId}`;
    case 'kaggle':
      return `kaggle://${source.handle}`;
    default:
      return source.uri;
  }
}

/** A tag of an operator's name, as the catalog allows tags (`[a-z0-9+#]` joined by `-`). */
export function operatorTag(operator: string): string {
  return (
    operator
      .toLocaleLowerCase('en-US')
      .replace(/[^a-z0-9+#]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 63) || 'operator'
  );
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** `Model held by 2 entities and served by 1 server`. */
function modelWhereabouts(model: CatalogModel): string {
  const held = model.heldBy.length
    ? `held by ${count(model.heldBy.length, 'entity', 'entities')}`
    : '';
  const served = model.servedBy.length
    ? `served by ${count(model.servedBy.length, 'server', 'servers')}`
    : '';
  return `Model ${[held, served].filter(Boolean).join(' and ')}`;
}

/**
 * A model's catalog entity: `Resource` of type `ai-model` named by `modelEntityName`,
 * titled with the id, its source in annotations and a link to its public page, owned by
 * `owner`, a dependency of every entity whose resources hold it, tagged with the
 * operators. Only the model's id and source: never a resource's spec, Secret or cluster.
 */
export function modelEntity(model: CatalogModel, owner: string): Entity {
  const page = modelSourcePage(model.source);
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: MODEL_ENTITY.kind,
    metadata: {
      name: modelEntityName(model.modelId),
      namespace: MODEL_ENTITY.namespace,
      title: model.modelId,
      description: `${modelWhereabouts(
        model,
      )} in the clusters, through ${model.operators.join(', ')}.`,
      annotations: {
        [ANNOTATION_LOCATION]: MODEL_ENTITIES_LOCATION,
        [ANNOTATION_ORIGIN_LOCATION]: MODEL_ENTITIES_LOCATION,
        [ANNOTATION_MODEL_ID]: model.modelId,
        [ANNOTATION_MODEL_SOURCE]: sourceUri(model.source),
        ...(model.source.type === 'huggingFace'
          ? { [ANNOTATION_HUGGING_FACE_REPO]: model.source.repoId }
          : {}),
      },
      tags: [...new Set(model.operators.map(operatorTag))].sort(),
      ...(page
        ? {
            links: [
              {
                url: page,
                title:
                  model.source.type === 'kaggle'
                    ? 'Kaggle model page'
                    : 'Hugging Face Hub page',
              },
            ],
          }
        : {}),
    },
    spec: {
      type: MODEL_ENTITY.type,
      owner,
      dependencyOf: model.heldBy,
    },
  };
  entity.metadata.annotations![ANNOTATION_CONTENT_HASH] = contentHash(entity);
  return entity;
}

/** A hash of the entity as built, before the hash annotation is added. */
export function contentHash(entity: Entity): string {
  return createHash('sha1').update(JSON.stringify(entity)).digest('base64url');
}
