import { createRouteRef } from '@backstage/core-plugin-api';

/** The entity's "Model delivery" tab. */
export const rootRouteRef = createRouteRef({
  id: 'model-delivery',
});

/** The fleet page: every model the caller may see, wherever it is. */
export const fleetRouteRef = createRouteRef({
  id: 'model-delivery-fleet',
});
