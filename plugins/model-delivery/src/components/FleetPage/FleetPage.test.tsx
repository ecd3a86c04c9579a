import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import {
  FleetDuplicate,
  FleetResponse,
  FleetRow,
} from '@model-delivery/plugin-model-delivery-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import { modelDeliveryApiRef } from '../../api';
import { ModelDeliveryFleetPage } from '../../plugin';
import { mockModelDeliveryApi } from '../../__testUtils__/modelDeliveryApi';
import { responseError } from '../../__testUtils__/responseError';
import { FleetPage } from './FleetPage';

const GATED =
  'OSError: meta-llama/Llama-3.1-8B is a gated repo: 401 Unauthorized';

function row(overrides: Partial<FleetRow>): FleetRow {
  return {
    modelId: 'google/gemma-2-2b-it',
    modelEntityRef: 'resource:default/google_gemma-2-2b-it',
    state: 'completed',
    phase: 'completed',
    detail: 'completed',
    entityRef: 'component:default/chat-assistant',
    owner: 'group:default/ml-platform',
    cluster: 'local',
    namespace: 'ml',
    kind: 'ModelDownload',
    name: 'chat-models',
    operator: 'hf-operator',
    storage: 'PVC models',
    served: 'not-served',
    ...overrides,
  };
}

const FAILED = row({
  modelId: 'meta-llama/Llama-3.1-8B',
  modelEntityRef: 'resource:default/meta-llama-llama-3.1-8b_h_0000000000001',
  state: 'failed',
  phase: 'failed',
  detail: 'failed',
  reason: GATED,
});

const CACHE = row({
  modelId: 'hf://org/big-model',
  modelEntityRef: 'resource:default/org_big-model',
  kind: 'LocalModelCache',
  namespace: undefined,
  name: 'big-model',
  operator: 'KServe',
  storage: 'node groups gpu-a',
  size: '20Gi',
  state: 'pending',
  phase: 'downloading',
  detail: '1 of 2 nodes hold it',
  owner: 'group:default/vision',
  entityRef: 'component:default/vision-api',
});

function answer(overrides: Partial<FleetResponse> = {}): FleetResponse {
  const rows = overrides.rows ?? [row({}), FAILED, CACHE];
  return {
    view: 'places',
    rows,
    total: rows.length,
    page: 1,
    pageSize: 50,
    filterOptions: {
      states: ['pending', 'completed', 'failed'],
      clusters: ['local'],
      operators: ['KServe', 'hf-operator'],
      owners: ['group:default/ml-platform', 'group:default/vision'],
      served: ['not-served'],
    },
    clusters: [{ name: 'local', state: 'ready' }],
    generatedAt: '2026-01-01T10:00:00Z',
    ...overrides,
  };
}

async function renderFleet(
  api = mockModelDeliveryApi(),
  routeEntries: string[] = ['/models'],
) {
  await renderInTestApp(
    <TestApiProvider apis={[[modelDeliveryApiRef, api]]}>
      <FleetPage />
    </TestApiProvider>,
    {
      routeEntries,
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
  return api;
}

describe('FleetPage', () => {
  it('lists every model with its state, reason, owner, cluster, resource and size, linking to the model and its owner', async () => {
    const api = mockModelDeliveryApi();
    api.getFleet.mockResolvedValue(answer());
    await renderFleet(api);

    const table = await screen.findByRole('table', { name: 'Models by place' });
    const failedRow = within(table)
      .getByText('meta-llama/Llama-3.1-8B')
      .closest('tr')!;
    expect(within(failedRow).getByText('failed')).toBeInTheDocument();
    expect(within(failedRow).getByText(GATED)).toBeInTheDocument();
    expect(
      within(failedRow).getByRole('link', { name: 'meta-llama/Llama-3.1-8B' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/resource/meta-llama-llama-3.1-8b_h_0000000000001',
    );
    expect(
      within(failedRow).getByRole('link', { name: /chat-assistant/ }),
    ).toHaveAttribute('href', '/catalog/default/component/chat-assistant');
    expect(
      within(failedRow).getByRole('link', { name: /ml-platform/ }),
    ).toHaveAttribute('href', '/catalog/default/group/ml-platform');

    const cacheRow = within(table)
      .getByText('hf://org/big-model')
      .closest('tr')!;
    expect(within(cacheRow).getByText('downloading')).toBeInTheDocument();
    expect(within(cacheRow).getByText('20Gi')).toBeInTheDocument();
    expect(
      within(cacheRow).getByText('KServe · node groups gpu-a'),
    ).toBeInTheDocument();
    expect(
      within(cacheRow).getByText('LocalModelCache big-model'),
    ).toBeInTheDocument();
    expect(api.getFleet).toHaveBeenCalledWith(
      expect.objectContaining({ view: undefined, state: undefined }),
    );
  });

  it('asks the backend for failed models when the state filter is set, from the first page', async () => {
    const api = mockModelDeliveryApi();
    api.getFleet.mockImplementation(async query =>
      query.state === 'failed'
        ? answer({ rows: [FAILED] })
        : answer({ page: 2, total: 120 }),
    );
    await renderFleet(api, ['/models?page=2']);
    await screen.findByRole('table', { name: 'Models by place' });

    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'State' }),
      'failed',
    );

    await waitFor(() =>
      expect(api.getFleet).toHaveBeenLastCalledWith(
        expect.objectContaining({ state: 'failed', page: undefined }),
      ),
    );
    const table = await screen.findByRole('table', { name: 'Models by place' });
    await waitFor(() =>
      expect(within(table).queryByText('hf://org/big-model')).toBeNull(),
    );
    expect(
      within(table).getByText('meta-llama/Llama-3.1-8B'),
    ).toBeInTheDocument();
  });

  it('says where each model is served, and asks the backend for the served ones', async () => {
    const SERVED = row({
      servers: [
        {
          entityRef: 'api:default/gemma-2-chat',
          cluster: 'local',
          kind: 'InferenceService',
          namespace: 'ml-models',
          name: 'gemma-2-chat',
          url: 'http://gemma-2-chat.ml-models.example.com/openai/v1',
          ready: true,
        },
      ],
      served: 'ready',
    });
    const api = mockModelDeliveryApi();
    api.getFleet.mockImplementation(async query =>
      answer({
        rows: query.served === 'ready' ? [SERVED] : [SERVED, FAILED],
        filterOptions: {
          ...answer().filterOptions,
          served: ['ready', 'not-served'],
        },
      }),
    );
    await renderFleet(api);

    const table = await screen.findByRole('table', { name: 'Models by place' });
    const servedRow = within(table)
      .getByText('google/gemma-2-2b-it')
      .closest('tr')!;
    expect(
      within(servedRow).getByRole('link', {
        name: 'InferenceService ml-models/gemma-2-chat',
      }),
    ).toHaveAttribute('href', '/catalog/default/api/gemma-2-chat');
    expect(within(servedRow).getByText('ready')).toBeInTheDocument();
    const failedRow = within(table)
      .getByText('meta-llama/Llama-3.1-8B')
      .closest('tr')!;
    expect(within(failedRow).getByText('not served')).toBeInTheDocument();

    const filter = screen.getByRole('combobox', { name: 'Served' });
    expect(
      within(filter)
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(['Served or not', 'by a ready server', 'not served']);
    await userEvent.selectOptions(filter, 'ready');
    await waitFor(() =>
      expect(api.getFleet).toHaveBeenLastCalledWith(
        expect.objectContaining({ served: 'ready', page: undefined }),
      ),
    );
  });

  it('sends the search, the sort and the page to the backend', async () => {
    const api = mockModelDeliveryApi();
    api.getFleet.mockResolvedValue(answer({ total: 120 }));
    await renderFleet(api);
    await screen.findByRole('table', { name: 'Models by place' });

    await userEvent.type(
      screen.getByRole('textbox', { name: 'Search models' }),
      'llama',
    );
    await waitFor(() =>
      expect(api.getFleet).toHaveBeenLastCalledWith(
        expect.objectContaining({ search: 'llama' }),
      ),
    );

    await userEvent.click(screen.getByRole('button', { name: 'Size' }));
    await waitFor(() =>
      expect(api.getFleet).toHaveBeenLastCalledWith(
        expect.objectContaining({
          sort: 'size',
          order: 'asc',
          search: 'llama',
        }),
      ),
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Size' }));
    await waitFor(() =>
      expect(api.getFleet).toHaveBeenLastCalledWith(
        expect.objectContaining({ sort: 'size', order: 'desc' }),
      ),
    );

    await userEvent.click(
      await screen.findByRole('button', { name: 'Next page' }),
    );
    await waitFor(() =>
      expect(api.getFleet).toHaveBeenLastCalledWith(
        expect.objectContaining({ page: 2, sort: 'size', search: 'llama' }),
      ),
    );
  });

  it('shows the duplicates view with the number of copies', async () => {
    const duplicate: FleetDuplicate = {
      modelId: 'google/gemma-2-2b-it',
      modelEntityRef: 'resource:default/google_gemma-2-2b-it',
      copies: 3,
      owners: ['group:default/ml-platform', 'group:default/vision'],
      namespaces: ['local/ml', 'local/vision'],
      entityRefs: [
        'component:default/chat-assistant',
        'component:default/vision-api',
      ],
      counts: { pending: 0, completed: 2, failed: 1 },
    };
    const api = mockModelDeliveryApi();
    api.getFleet.mockImplementation(async query =>
      query.view === 'duplicates'
        ? answer({
            view: 'duplicates',
            rows: undefined,
            duplicates: [duplicate],
            total: 1,
          })
        : answer(),
    );
    await renderFleet(api);
    await screen.findByRole('table', { name: 'Models by place' });

    await userEvent.click(screen.getByRole('tab', { name: 'Duplicates' }));

    const table = await screen.findByRole('table', {
      name: 'Duplicated models',
    });
    const gemma = within(table)
      .getByText('google/gemma-2-2b-it')
      .closest('tr')!;
    expect(within(gemma).getByLabelText('3 copies')).toHaveTextContent('3');
    expect(within(gemma).getByText('2 completed')).toBeInTheDocument();
    expect(within(gemma).getByText('1 failed')).toBeInTheDocument();
    expect(within(gemma).getByText('local/vision')).toBeInTheDocument();
    expect(within(gemma).getByRole('link', { name: /vision/ })).toHaveAttribute(
      'href',
      '/catalog/default/group/vision',
    );
  });

  it('says when no model matches the filters, and when there is none at all', async () => {
    const api = mockModelDeliveryApi();
    api.getFleet.mockResolvedValue(answer({ rows: [], total: 0 }));
    await renderFleet(api, ['/models?state=failed']);
    expect(
      await screen.findByText('No model matches these filters'),
    ).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', { name: 'Clear filters' }),
    );
    expect(await screen.findByText('No model in view')).toBeInTheDocument();
  });

  it('shows a loading state, then the backend error', async () => {
    const api = mockModelDeliveryApi();
    let fail: (error: Error) => void = () => {};
    api.getFleet.mockReturnValue(
      new Promise((_, reject) => {
        fail = reject;
      }),
    );
    await renderFleet(api);
    expect(await screen.findByTestId('progress')).toBeInTheDocument();

    fail(
      await responseError(
        400,
        'InputError',
        'Query parameter pageSize must be a whole number from 1 to 500; got "0"',
      ),
    );
    expect(
      await screen.findByText(/Could not load the models/),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/Query parameter pageSize must be a whole number/)
        .length,
    ).toBeGreaterThan(0);
  });

  it('warns that an unreachable cluster may hide models', async () => {
    const api = mockModelDeliveryApi();
    api.getFleet.mockResolvedValue(
      answer({
        clusters: [
          { name: 'local', state: 'ready' },
          {
            name: 'prod',
            title: 'Production',
            state: 'unreachable',
            message: 'connect ECONNREFUSED',
          },
        ],
      }),
    );
    await renderFleet(api);
    expect(
      await screen.findByText(
        /Models in Production may be missing or out of date/,
      ),
    ).toBeInTheDocument();
  });

  it('is the legacy frontend system\'s routable page, under its "Models" header', async () => {
    const api = mockModelDeliveryApi();
    api.getFleet.mockResolvedValue(answer());
    // As an app's routes mount it: the extension is assigned the route's path.
    await renderInTestApp(
      <TestApiProvider apis={[[modelDeliveryApiRef, api]]}>
        <Routes>
          <Route path="/models" element={<ModelDeliveryFleetPage />} />
        </Routes>
      </TestApiProvider>,
      {
        routeEntries: ['/models'],
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Models' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('table', { name: 'Models by place' }),
    ).toBeInTheDocument();
  });
});
