import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  EntityResourceSelector,
  entityResourceSelector,
} from '@model-delivery/plugin-model-delivery-common';

/**
 * The entity's selector; an annotation that is not a valid selector is the caller's
 * error (400), not the backend's.
 */
export function selectorOf(entity: Entity): EntityResourceSelector | undefined {
  try {
    return entityResourceSelector(entity);
  } catch (error) {
    throw new InputError(
      `${stringifyEntityRef(
        entity,
      )} has an invalid Kubernetes label selector: ${(error as Error).message}`,
    );
  }
}

/**
 * A caller's entity ref in its canonical form. `defaultKind` lets agents write
 * `chat-assistant` for `component:default/chat-assistant`; the REST API takes none.
 */
export function parseRef(
  ref: string,
  defaults: { defaultKind?: string } = {},
): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(ref, {
        defaultKind: defaults.defaultKind,
        defaultNamespace: 'default',
      }),
    );
  } catch (error) {
    throw new InputError(
      `Invalid entityRef '${ref}': ${(error as Error).message}`,
    );
  }
}
