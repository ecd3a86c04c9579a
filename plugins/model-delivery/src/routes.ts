import { createRouteRef } from '@backstage/core-plugin-api';

/** The entity's "Model delivery" tab. */
export const rootRouteRef = createRouteRef({
  id: 'model-delivery',
});
