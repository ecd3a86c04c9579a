import { CompoundEntityRef } from '@backstage/catalog-model';

/** The path of the suite's entity tab (plugins/model-delivery mounts it there). */
const MODEL_DELIVERY_TAB = 'model-delivery';

/**
 * The link to an entity's "Model delivery" tab, built as the catalog builds entity page
 * links: kind and namespace lowercased, each part URL-encoded.
 */
export function entityTabUrl(
  appBaseUrl: string,
  entity: CompoundEntityRef,
): string {
  const base = appBaseUrl.replace(/\/+$/, '');
  const parts = [
    entity.namespace.toLocaleLowerCase('en-US'),
    entity.kind.toLocaleLowerCase('en-US'),
    entity.name,
  ].map(encodeURIComponent);
  return `${base}/catalog/${parts.join('/')}/${MODEL_DELIVERY_TAB}`;
}
