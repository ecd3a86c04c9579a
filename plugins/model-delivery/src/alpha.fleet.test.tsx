import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import plugin, { modelDeliveryFleetPage } from './alpha';
import { modelDeliveryApiRef } from './api';
import { mockModelDeliveryApi } from './__testUtils__/modelDeliveryApi';
import { fleetRouteRef } from './routes';

describe('the fleet page on the new frontend system', () => {
  it('is the "Models" page at /models, with an icon and a route: the sidebar item', () => {
    expect(plugin.getExtension('page:model-delivery/fleet')).toMatchObject({
      kind: 'page',
    });
    const tester = createExtensionTester(modelDeliveryFleetPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/models');
    expect(tester.get(coreExtensionData.title)).toBe('Models');
    expect(tester.get(coreExtensionData.icon)).toBeDefined();
    expect(tester.get(coreExtensionData.routeRef)).toBe(
      convertLegacyRouteRef(fleetRouteRef),
    );
  });

  it('renders the fleet from the backend', async () => {
    const api = mockModelDeliveryApi();
    api.getFleet.mockResolvedValue({
      view: 'places',
      rows: [
        {
          modelId: 'org/failing-model',
          modelEntityRef: 'resource:default/org_failing-model',
          state: 'failed',
          phase: 'failed',
          detail: 'failed',
          reason: 'disk full',
          entityRef: 'component:default/chat-assistant',
          owner: 'group:default/ml-platform',
          cluster: 'local',
          namespace: 'ml',
          kind: 'ModelDownload',
          name: 'chat-models',
          operator: 'hf-operator',
          served: 'not-served',
        },
      ],
      total: 1,
      page: 1,
      pageSize: 50,
      filterOptions: {
        states: ['failed'],
        clusters: ['local'],
        operators: ['hf-operator'],
        owners: ['group:default/ml-platform'],
        served: ['not-served'],
      },
      clusters: [{ name: 'local', state: 'ready' }],
      generatedAt: '2026-01-01T10:00:00Z',
    });
    const tester = createExtensionTester(modelDeliveryFleetPage);
    renderInTestApp(tester.reactElement(), {
      apis: [[modelDeliveryApiRef, api]],
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name':
          convertLegacyRouteRef(entityRouteRef),
      },
    });

    const table = await screen.findByRole('table', { name: 'Models by place' });
    expect(within(table).getByText('disk full')).toBeInTheDocument();
    expect(
      within(table).getByRole('link', { name: 'org/failing-model' }),
    ).toHaveAttribute('href', '/catalog/default/resource/org_failing-model');
  });
});
