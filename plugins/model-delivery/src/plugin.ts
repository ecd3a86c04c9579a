/*
 * The legacy frontend system's exports: thin wrappers over the components and form field
 * definitions that `/alpha` (the new frontend system) serves as extensions.
 */
import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import {
  createScaffolderFieldExtension,
  scaffolderPlugin,
} from '@backstage/plugin-scaffolder';
import { ModelDownloadModel } from '@model-delivery/plugin-model-delivery-common';
import type { JSX } from 'react';
import { ModelDeliveryClient, modelDeliveryApiRef } from './api';
import type { ModelDeliveryCardProps } from './components/ModelDeliveryCard';
import { FORM_FIELDS } from './formFields';
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

/*
 * The template form fields, for `<ScaffolderFieldExtensions>` (see the README for their
 * `ui:options`).
 */

/** The `ModelDownloadModels` form field: a ModelDownload's models, checked on the Hub. @public */
export const ModelDownloadModelsFieldExtension = scaffolderPlugin.provide(
  createScaffolderFieldExtension<ModelDownloadModel[]>({
    ...FORM_FIELDS.modelDownloadModels,
    schema: {
      returnValue: {
        type: 'array',
        items: {
          type: 'object',
          required: ['name'],
          properties: {
            name: { type: 'string' },
            sha: { type: 'string' },
            retryCount: { type: 'integer', minimum: 0 },
          },
        },
      },
    },
  }),
);

/**
 * The `ModelDeliveryClusterPicker` form field: the configured clusters, reachable or not,
 * with the suite's kinds each serves (`ui:options.requiredKind` refuses the others).
 *
 * @public
 */
export const ModelDeliveryClusterPickerFieldExtension =
  scaffolderPlugin.provide(createScaffolderFieldExtension(FORM_FIELDS.cluster));

/** The `ModelDeliveryNamespacePicker` form field: the chosen cluster's namespaces. @public */
export const ModelDeliveryNamespacePickerFieldExtension =
  scaffolderPlugin.provide(
    createScaffolderFieldExtension(FORM_FIELDS.namespace),
  );

/**
 * The `ModelDeliveryPersistentVolumeClaimPicker` form field: the chosen namespace's
 * PersistentVolumeClaims, with capacity, access modes and phase.
 *
 * @public
 */
export const ModelDeliveryPersistentVolumeClaimPickerFieldExtension =
  scaffolderPlugin.provide(
    createScaffolderFieldExtension(FORM_FIELDS.persistentVolumeClaim),
  );

/**
 * The `ModelDeliverySecretKeyPicker` form field: a Secret of the chosen namespace and
 * one of its keys, by name only.
 *
 * @public
 */
export const ModelDeliverySecretKeyPickerFieldExtension =
  scaffolderPlugin.provide(
    createScaffolderFieldExtension(FORM_FIELDS.secretKey),
  );

/**
 * The `ModelDeliveryNodeGroupPicker` form field: KServe LocalModelNodeGroups of the
 * chosen cluster, several at once, with their storage limits.
 *
 * @public
 */
export const ModelDeliveryNodeGroupPickerFieldExtension =
  scaffolderPlugin.provide(
    createScaffolderFieldExtension(FORM_FIELDS.nodeGroups),
  );

/**
 * The `ModelDeliveryValidatedText` form field: a text input checked on its own step with
 * an action's rules (`ui:options.validateAs` and `input`).
 *
 * @public
 */
export const ModelDeliveryValidatedTextFieldExtension =
  scaffolderPlugin.provide(
    createScaffolderFieldExtension(FORM_FIELDS.validatedText),
  );
