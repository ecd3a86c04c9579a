import { CompoundEntityRef, parseEntityRef } from '@backstage/catalog-model';

/**
 * Where the suite's entity tab sits below an entity's page: the path plugins/model-delivery
 * mounts it at by default.
 *
 * @public
 */
export const MODEL_DELIVERY_TAB_PATH = 'model-delivery';

/**
 * The app path of an entity's Model delivery tab, built as the catalog builds entity page
 * paths (kind and namespace lowercased, each part URL-encoded), for links made outside the
 * app: the scaffolder actions' `entityUrl` output and the owners' notifications.
 *
 * @public
 */
export function entityTabPath(entity: string | CompoundEntityRef): string {
  const { kind, namespace, name } =
    typeof entity === 'string' ? parseEntityRef(entity) : entity;
  const parts = [
    namespace.toLocaleLowerCase('en-US'),
    kind.toLocaleLowerCase('en-US'),
    name,
  ].map(encodeURIComponent);
  return `/catalog/${parts.join('/')}/${MODEL_DELIVERY_TAB_PATH}`;
}
