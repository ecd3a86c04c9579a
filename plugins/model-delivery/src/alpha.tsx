/**
 * Model Delivery for apps on the new frontend system: the default export is the plugin,
 * with the entity tab, the overview card, the API and the scaffolder form fields.
 *
 * @packageDocumentation
 */
import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { Content } from '@backstage/core-components';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import {
  MODEL_DELIVERY_TAB_PATH,
  isModelDeliveryAvailable,
} from '@model-delivery/plugin-model-delivery-common';
import { ModelDeliveryClient, modelDeliveryApiRef } from './api';
import { ModelsIcon } from './components/FleetPage/ModelsIcon';
import { fleetRouteRef, rootRouteRef } from './routes';

/** @alpha */
export const modelDeliveryApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: modelDeliveryApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ModelDeliveryClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * The "Model delivery" tab, at `model-delivery` under the entity page, for entities
 * annotated with `backstage.io/kubernetes-id` or `backstage.io/kubernetes-label-selector`.
 *
 * @alpha
 */
export const entityModelDeliveryContent = EntityContentBlueprint.make({
  params: {
    path: `/${MODEL_DELIVERY_TAB_PATH}`,
    title: 'Model delivery',
    group: 'deployment',
    routeRef: rootRouteRef,
    filter: isModelDeliveryAvailable,
    loader: () =>
      import('./components/ModelDeliveryContent').then(m => (
        <m.ModelDeliveryContent />
      )),
  },
});

/**
 * The "Model delivery" overview card, for the same entities as the tab, linking to it.
 *
 * @alpha
 */
export const entityModelDeliveryCard = EntityCardBlueprint.make({
  params: {
    filter: isModelDeliveryAvailable,
    loader: () =>
      import('./components/ModelDeliveryCard/RoutedModelDeliveryCard').then(
        m => <m.RoutedModelDeliveryCard />,
      ),
  },
});

/**
 * The `ModelDownloadModels` scaffolder form field.
 *
 * @alpha
 */
export const modelDownloadModelsFormField = FormFieldBlueprint.make({
  name: 'model-download-models',
  params: {
    field: () =>
      import('./formFields').then(m => m.modelDownloadModelsFormField),
  },
});

/** One of the pickers, loaded from its module when a form needs it. */
function pickerFormField<TName extends string>(
  name: TName,
  field: Exclude<keyof typeof import('./formFields'), 'FORM_FIELDS'>,
) {
  return FormFieldBlueprint.make({
    name,
    params: {
      field: () => import('./formFields').then(m => m[field]),
    },
  });
}

/**
 * The suite's pickers and validated text field for scaffolder forms: cluster, namespace,
 * PersistentVolumeClaim, Secret key, node groups (see the README for their `ui:options`).
 *
 * @alpha
 */
export const modelDeliveryPickerFormFields = [
  pickerFormField('cluster-picker', 'clusterPickerFormField'),
  pickerFormField('namespace-picker', 'namespacePickerFormField'),
  pickerFormField(
    'persistent-volume-claim-picker',
    'persistentVolumeClaimPickerFormField',
  ),
  pickerFormField('secret-key-picker', 'secretKeyPickerFormField'),
  pickerFormField('node-group-picker', 'nodeGroupPickerFormField'),
  pickerFormField('validated-text', 'validatedTextFormField'),
] as const;

/**
 * The fleet page at `/models`, with its "Models" sidebar item: every model the clusters
 * hold for the entities the user can see.
 *
 * @alpha
 */
export const modelDeliveryFleetPage = PageBlueprint.make({
  name: 'fleet',
  params: {
    path: '/models',
    title: 'Models',
    icon: <ModelsIcon />,
    routeRef: fleetRouteRef,
    // The page layout gives the header; Content gives the body its usual margins.
    loader: () =>
      import('./components/FleetPage').then(m => (
        <Content>
          <m.FleetContent />
        </Content>
      )),
  },
});

/** @alpha */
export default createFrontendPlugin({
  pluginId: 'model-delivery',
  title: 'Model delivery',
  info: { packageJson: () => import('../package.json') },
  routes: { root: rootRouteRef, fleet: fleetRouteRef },
  extensions: [
    modelDeliveryApi,
    entityModelDeliveryContent,
    entityModelDeliveryCard,
    modelDownloadModelsFormField,
    ...modelDeliveryPickerFormFields,
    modelDeliveryFleetPage,
  ],
});
