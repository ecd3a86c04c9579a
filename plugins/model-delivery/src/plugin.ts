import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import type { JSX } from 'react';
import { ModelDeliveryClient, modelDeliveryApiRef } from './api';
import type { ModelDeliveryCardProps } from './components/ModelDeliveryCard';
import { fleetRouteRef, rootRouteRef } from './routes';

/**
 * The Model Delivery plugin for apps on the legacy frontend system. Apps on the new
 * frontend system use the default export of `/alpha` instead.
 *
 * @public
 */
export const modelDeliveryPlugin = createPlugin({
  id: 'model-delivery',
  apis: [
    createApiFactory({
      api: modelDeliveryApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ModelDeliveryClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    entityContent: rootRouteRef,
    fleetPage: fleetRouteRef,
  },
});

/**
 * The "Model delivery" entity tab. Mount it on the entity page, e.g. under
 * `<EntityLayout.Route path="/model-delivery" title="Model delivery" if={isModelDeliveryAvailable}>`.
 *
 * @public
 */
export const EntityModelDeliveryContent: () => JSX.Element | null =
  modelDeliveryPlugin.provide(
    createRoutableExtension({
      name: 'EntityModelDeliveryContent',
      component: () =>
        import('./components/ModelDeliveryContent').then(
          m => m.ModelDeliveryContent,
        ),
      mountPoint: rootRouteRef,
    }),
  );

/**
 * The "Model delivery" overview card: counts per state, clusters not answering, and a
 * link to the tab (at `model-delivery` under the entity page unless `tabPath` says
 * otherwise).
 *
 * @public
 */
export const EntityModelDeliveryCard: (
  props: ModelDeliveryCardProps,
) => JSX.Element | null = modelDeliveryPlugin.provide(
  createComponentExtension({
    name: 'EntityModelDeliveryCard',
    component: {
      lazy: () =>
        import('./components/ModelDeliveryCard').then(m => m.ModelDeliveryCard),
    },
  }),
);

/**
 * The fleet page: every model the clusters hold for the entities the user can see, with
 * filters, search, sort and a duplicates view. Mount it at a route of the app, e.g.
 * `<Route path="/models" element={<ModelDeliveryFleetPage />} />`, and link it from the
 * sidebar: `<SidebarItem icon={ModelsIcon} to="models" text="Models" />`.
 *
 * @public
 */
export const ModelDeliveryFleetPage: () => JSX.Element | null =
  modelDeliveryPlugin.provide(
    createRoutableExtension({
      name: 'ModelDeliveryFleetPage',
      component: () => import('./components/FleetPage').then(m => m.FleetPage),
      mountPoint: fleetRouteRef,
    }),
  );
