import { countStates } from '@model-delivery/plugin-model-delivery-common';
import { createHash } from 'node:crypto';
import { StatusCache } from '../cache/StatusCache';
import { EntityWithResources } from '../access/entitiesWithResources';
import { EntityStatusAnswer, statusAnswerOf } from '../status/entityStatus';
import { serversOf } from '../places/modelServers';
import { placesOfModel } from '../places/placesOfModel';

/**
 * A model entity's status: every place the model is among the resources of the entities
 * the caller may see (`visible`), each narrowed to the model's items, the servers serving
 * it, and one line per place (downloaded, cached, served). A copy held or a server run for
 * an entity the caller may not read is not shown, not even counted.
 */
export function modelEntityStatusAnswer(options: {
  cache: StatusCache;
  entityRef: string;
  modelId: string;
  visible: EntityWithResources[];
  now?: Date;
}): EntityStatusAnswer {
  const now = options.now ?? new Date();
  const servers = serversOf(options.cache, options.visible, {
    modelIds: [options.modelId],
    now,
  });
  const { resources, places } = placesOfModel(
    options.cache,
    options.visible,
    servers,
    options.modelId,
    now,
  );
  const resourcesJson = JSON.stringify(resources);
  return statusAnswerOf(
    options.cache,
    options.entityRef,
    {
      resources,
      resourcesJson,
      counts: countStates(resources.flatMap(r => r.items)),
      hash: createHash('sha1').update(resourcesJson).digest('base64url'),
    },
    now,
    {
      ...(servers.length ? { servers: servers.map(s => s.summary) } : {}),
      places,
    },
  );
}
