import {
  ResourceKindDefinition,
  countStates,
  modelKey,
} from '@model-delivery/plugin-model-delivery-common';
import { createHash } from 'node:crypto';
import { StatusCache } from '../cache/StatusCache';
import { EntityWithResources } from '../access/entitiesWithResources';
import { EntityStatusAnswer, statusAnswerOf } from '../status/entityStatus';
import { modelPlacesOf } from './catalogModels';

/**
 * A model entity's status: every place the model is among the resources of the entities
 * the caller may see (`visible`), each narrowed to the model's items. A copy held for an
 * entity the caller may not read is not shown, not even counted.
 */
export function modelEntityStatusAnswer(options: {
  cache: StatusCache;
  kinds: ReadonlyArray<ResourceKindDefinition<any>>;
  entityRef: string;
  modelId: string;
  visible: EntityWithResources[];
  now?: Date;
}): EntityStatusAnswer {
  const now = options.now ?? new Date();
  const resources = modelPlacesOf(
    options.cache,
    options.kinds,
    options.visible,
    modelKey(options.modelId),
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
  );
}
