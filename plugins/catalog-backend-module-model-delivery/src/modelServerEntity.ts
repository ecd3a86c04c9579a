import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
} from '@backstage/catalog-model';
import {
  ANNOTATION_SERVER_READY,
  MODEL_SERVER_ENTITY,
  ModelServerSummary,
  modelEntityRef,
  serverEntityName,
} from '@model-delivery/plugin-model-delivery-common';
import { stringify } from 'yaml';
import {
  ANNOTATION_CONTENT_HASH,
  MODEL_ENTITIES_LOCATION,
  contentHash,
  operatorTag,
} from './modelEntity';

/**
 * A model server's catalog entity, the shape upstream Backstage is converging on (an `API`
 * of type `ai-model-server`: `serverType`, `serverUrl`, `models`), or undefined while the
 * server has no URL (upstream requires one; its page on the model's tab says why).
 *
 * Owned by the owner of the entity its resource belongs to (the first, if several), so a
 * catalog policy by ownership treats it as it treats that entity; related to it
 * (`providedBy`: the entity provides this API) and to the entities of the models it
 * serves (`dependsOn`), relations the module's processor emits. Never a credential: the
 * URL and the model URIs come without user info, query or fragment.
 */
export function modelServerEntity(
  server: ModelServerSummary,
  defaultOwner: string,
): Entity | undefined {
  if (!server.url) return undefined;
  const models = server.models.map(m => m.servedName ?? m.modelId ?? m.uri);
  const served = server.models.flatMap(m => (m.modelId ? [m.modelId] : []));
  const place = `${
    server.namespace ? `namespace ${server.namespace} of ` : ''
  }cluster ${server.cluster}`;
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: MODEL_SERVER_ENTITY.kind,
    metadata: {
      name: serverEntityName(server),
      namespace: MODEL_SERVER_ENTITY.namespace,
      title: server.name,
      description: `${server.operator} ${server.kind} ${
        server.name
      } in ${place}, serving ${
        served.length ? served.join(', ') : 'a model the suite cannot name'
      }.`,
      annotations: {
        [ANNOTATION_LOCATION]: MODEL_ENTITIES_LOCATION,
        [ANNOTATION_ORIGIN_LOCATION]: MODEL_ENTITIES_LOCATION,
        [ANNOTATION_SERVER_READY]: String(server.ready),
      },
      tags: [
        ...new Set([
          operatorTag(server.operator),
          operatorTag(server.serverType),
        ]),
      ].sort(),
      links: [{ url: server.url, title: 'Inference API' }],
    },
    spec: {
      type: MODEL_SERVER_ENTITY.type,
      lifecycle: 'production',
      owner: server.owners[0] ?? defaultOwner,
      serverType: server.serverType,
      serverUrl: server.url,
      models: {
        available: models,
        ...(models.length ? { default: models[0] } : {}),
      },
      // The stock API kind requires a definition: what an agent or a person needs to call it.
      definition: stringify({
        serverType: server.serverType,
        serverUrl: server.url,
        models: server.models.map(m => ({
          ...(m.modelId ? { id: m.modelId } : {}),
          ...(m.servedName ? { name: m.servedName } : {}),
          uri: m.uri,
        })),
      }),
      dependsOn: [...new Set(served.map(modelEntityRef))].sort(),
      providedBy: server.providedBy,
    },
  };
  entity.metadata.annotations![ANNOTATION_CONTENT_HASH] = contentHash(entity);
  return entity;
}
