import { Entity } from '@backstage/catalog-model';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { ReactElement } from 'react';
import { ModelDeliveryApi, modelDeliveryApiRef } from '../api';
import { FakeSignalApi } from './FakeSignalApi';
import { permissionApiAnswering } from './permissions';
import { chatAssistant } from './statusFixtures';

/**
 * Renders an element as an entity page would: in a test app, for an entity, with the
 * plugin's API, a permission API and (unless `signals: false`) a signal API.
 */
export async function renderForEntity(
  element: ReactElement,
  options: {
    api: ModelDeliveryApi;
    entity?: Entity;
    permission?: ReturnType<typeof permissionApiAnswering>;
    signals?: FakeSignalApi | false;
  },
) {
  const permission = options.permission ?? permissionApiAnswering('ALLOW');
  const signals =
    options.signals === false
      ? undefined
      : options.signals ?? new FakeSignalApi();
  const content = (
    <EntityProvider entity={options.entity ?? chatAssistant}>
      {element}
    </EntityProvider>
  );
  return renderInTestApp(
    signals ? (
      <TestApiProvider
        apis={[
          [modelDeliveryApiRef, options.api],
          [permissionApiRef, permission],
          [signalApiRef, signals],
        ]}
      >
        {content}
      </TestApiProvider>
    ) : (
      <TestApiProvider
        apis={[
          [modelDeliveryApiRef, options.api],
          [permissionApiRef, permission],
        ]}
      >
        {content}
      </TestApiProvider>
    ),
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}
