import { mockApis, renderTestApp } from '@backstage/frontend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import modelDeliveryPlugin from '@model-delivery/plugin-model-delivery/alpha';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

function component(name: string, annotations: Record<string, string>) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', lifecycle: 'production', owner: 'guests' },
  };
}

const ENTITIES = [
  component('chat-assistant', {
    'backstage.io/kubernetes-id': 'chat-assistant',
  }),
  component('billing', {}),
];

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

/** The catalog and model-delivery backends, as far as an entity page asks them. */
async function backend(input: RequestInfo | URL): Promise<Response> {
  const url = new URL(String(input instanceof Request ? input.url : input));
  for (const entity of ENTITIES) {
    const path = `/api/catalog/entities/by-name/component/default/${entity.metadata.name}`;
    if (url.pathname === path) return json(entity);
    if (url.pathname === `${path}/ancestry`) {
      return json({
        rootEntityRef: `component:default/${entity.metadata.name}`,
        items: [{ entity, parentEntityRefs: [] }],
      });
    }
  }
  if (
    url.pathname ===
    '/api/model-delivery/entity/Component/default/chat-assistant/status'
  ) {
    return json({
      entityRef: 'component:default/chat-assistant',
      clusters: [{ name: 'local', state: 'ready' }],
      resources: [],
      counts: { pending: 0, completed: 0, failed: 0 },
      generatedAt: new Date().toISOString(),
    });
  }
  return json({ error: { name: 'NotFoundError', message: url.pathname } }, 404);
}

/**
 * The card and the tab are lazy-loaded: their first render loads (and in a test, compiles)
 * their code, which can take several seconds on a busy machine.
 */
const LAZY_CONTENT = { timeout: 15_000 };

function renderEntityPage(name: string, config?: object) {
  return renderTestApp({
    config,
    features: [catalogPlugin, modelDeliveryPlugin],
    apis: [mockApis.fetch({ baseImplementation: backend as typeof fetch })],
    initialRouteEntries: [`/catalog/default/component/${name}`],
  });
}

describe('the model delivery plugin in the app', () => {
  it('adds the tab and the card to the entity page of chat-assistant', async () => {
    renderEntityPage('chat-assistant');

    const tabs = await screen.findByRole('navigation', {
      name: 'Content navigation',
    });
    const tab = within(tabs).getByRole('link', { name: 'Model delivery' });
    expect(tab).toHaveAttribute(
      'href',
      '/catalog/default/component/chat-assistant/model-delivery',
    );
    expect(
      await screen.findByText(
        'No model resources for this entity.',
        undefined,
        LAZY_CONTENT,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /View model delivery/ }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/chat-assistant/model-delivery',
    );

    await userEvent.click(tab);

    expect(
      await screen.findByText(
        'No model resources for this entity',
        undefined,
        LAZY_CONTENT,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'kubectl label modeldownload <name> backstage.io/kubernetes-id=chat-assistant -n <namespace>',
      ),
    ).toBeInTheDocument();
  });

  it('links the card to the tab where the app config moved it', async () => {
    renderEntityPage('chat-assistant', {
      backend: { baseUrl: 'http://localhost:7007' },
      app: {
        extensions: [
          { 'entity-content:model-delivery': { config: { path: '/models' } } },
        ],
      },
    });

    const tabs = await screen.findByRole('navigation', {
      name: 'Content navigation',
    });
    expect(
      within(tabs).getByRole('link', { name: 'Model delivery' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/chat-assistant/models',
    );
    expect(
      await screen.findByRole(
        'link',
        { name: /View model delivery/ },
        LAZY_CONTENT,
      ),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/chat-assistant/models',
    );
  });

  it('leaves them out for an entity without the annotations', async () => {
    renderEntityPage('billing');

    const tabs = await screen.findByRole('navigation', {
      name: 'Content navigation',
    });
    expect(within(tabs).getByRole('link', { name: 'Overview' })).toBeVisible();
    expect(
      within(tabs).queryByRole('link', { name: 'Model delivery' }),
    ).toBeNull();
    // The overview's cards have rendered by the time the About card has.
    expect(
      await screen.findByText('About', undefined, LAZY_CONTENT),
    ).toBeInTheDocument();
    expect(screen.queryByText(/View model delivery/)).toBeNull();
  });
});
