import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import {
  ExtensionDefinition,
  coreExtensionData,
} from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { screen } from '@testing-library/react';
import plugin, {
  entityModelDeliveryCard,
  entityModelDeliveryContent,
  modelDeliveryPickerFormFields,
  modelDownloadModelsFormField,
} from './alpha';
import { modelDeliveryApiRef } from './api';
import { FakeSignalApi } from './__testUtils__/FakeSignalApi';
import { mockModelDeliveryApi } from './__testUtils__/modelDeliveryApi';
import { permissionApiAnswering } from './__testUtils__/permissions';
import {
  chatAssistant,
  item,
  resource,
  statusResponse,
  unannotated,
} from './__testUtils__/statusFixtures';

const bySelector = {
  ...unannotated,
  metadata: {
    ...unannotated.metadata,
    annotations: { 'backstage.io/kubernetes-label-selector': 'app=billing' },
  },
};

function apis() {
  const api = mockModelDeliveryApi();
  api.getEntityStatus.mockResolvedValue(
    statusResponse([
      resource({
        name: 'chat-models',
        items: [
          item({ name: 'org/a' }),
          item({
            name: 'org/b',
            state: 'completed',
            phase: 'completed',
            detail: 'completed',
          }),
        ],
      }),
    ]),
  );
  return [
    [modelDeliveryApiRef, api],
    [permissionApiRef, permissionApiAnswering('ALLOW')],
    [signalApiRef, new FakeSignalApi()],
  ] as const;
}

describe('the new frontend system plugin', () => {
  it('provides the API, the tab, the card and the form field', () => {
    expect(plugin.pluginId).toBe('model-delivery');
    expect(plugin.getExtension('api:model-delivery')).toMatchObject({
      kind: 'api',
    });
    expect(plugin.getExtension('entity-content:model-delivery')).toMatchObject({
      kind: 'entity-content',
      namespace: 'model-delivery',
    });
    expect(plugin.getExtension('entity-card:model-delivery')).toMatchObject({
      kind: 'entity-card',
      namespace: 'model-delivery',
    });
    expect(
      plugin.getExtension(
        'scaffolder-form-field:model-delivery/model-download-models',
      ),
    ).toMatchObject({ kind: 'scaffolder-form-field' });
  });

  describe('the tab', () => {
    it('is the "Model delivery" tab at model-delivery', () => {
      const tester = createExtensionTester(entityModelDeliveryContent);
      expect(tester.get(coreExtensionData.routePath)).toBe('/model-delivery');
      expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(
        'Model delivery',
      );
    });

    it('is shown only for entities tied to cluster resources', () => {
      const filter = createExtensionTester(entityModelDeliveryContent).get(
        EntityContentBlueprint.dataRefs.filterFunction,
      );
      expect(filter?.(chatAssistant)).toBe(true);
      expect(filter?.(bySelector)).toBe(true);
      expect(filter?.(unannotated)).toBe(false);
    });

    it('renders the status of the entity', async () => {
      const tester = createExtensionTester(entityModelDeliveryContent);

      renderInTestApp(
        <EntityProvider entity={chatAssistant}>
          {tester.reactElement()}
        </EntityProvider>,
        { apis: apis() },
      );

      expect(
        await screen.findByRole('region', {
          name: 'ModelDownload chat-models',
        }),
      ).toBeInTheDocument();
      expect(screen.getByText('1 completed')).toBeInTheDocument();
    });
  });

  describe('the card', () => {
    it('is shown only for entities tied to cluster resources', () => {
      const filter = createExtensionTester(entityModelDeliveryCard).get(
        EntityCardBlueprint.dataRefs.filterFunction,
      );
      expect(filter?.(chatAssistant)).toBe(true);
      expect(filter?.(bySelector)).toBe(true);
      expect(filter?.(unannotated)).toBe(false);
    });

    it('renders the counts and links to the tab', async () => {
      const tester = createExtensionTester(entityModelDeliveryCard);

      renderInTestApp(
        <EntityProvider entity={chatAssistant}>
          {tester.reactElement()}
        </EntityProvider>,
        {
          apis: apis(),
          mountedRoutes: {
            '/catalog/:namespace/:kind/:name':
              convertLegacyRouteRef(entityRouteRef),
          },
        },
      );

      expect(await screen.findByText('1 pending')).toBeInTheDocument();
      expect(
        screen.getByRole('link', { name: /View model delivery/ }),
      ).toHaveAttribute(
        'href',
        '/catalog/default/component/chat-assistant/model-delivery',
      );
    });
  });

  it('loads the picker form fields', async () => {
    expect(modelDeliveryPickerFormFields).toHaveLength(6);
    // One loop over extensions of different names: the tester sees each as any extension.
    for (const extension of modelDeliveryPickerFormFields as ReadonlyArray<ExtensionDefinition>) {
      const loader = createExtensionTester(extension).get(
        FormFieldBlueprint.dataRefs.formFieldLoader,
      ) as () => Promise<unknown>;
      await expect(loader()).resolves.toMatchObject({
        $$type: '@backstage/scaffolder/FormField',
      });
    }
  });

  it('loads the ModelDownloadModels form field', async () => {
    const loader = createExtensionTester(modelDownloadModelsFormField).get(
      FormFieldBlueprint.dataRefs.formFieldLoader,
    );
    await expect(loader()).resolves.toMatchObject({
      $$type: '@backstage/scaffolder/FormField',
    });
  });
});
