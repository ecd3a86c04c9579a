import { CompoundEntityRef } from '@backstage/catalog-model';
import { entityTabPath } from '@model-delivery/plugin-model-delivery-common';

/** The absolute link to an entity's "Model delivery" tab in the portal at `appBaseUrl`. */
export function entityTabUrl(
  appBaseUrl: string,
  entity: CompoundEntityRef,
): string {
  return `${appBaseUrl.replace(/\/+$/, '')}${entityTabPath(entity)}`;
}
