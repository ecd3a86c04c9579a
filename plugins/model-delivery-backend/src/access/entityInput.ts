import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

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
