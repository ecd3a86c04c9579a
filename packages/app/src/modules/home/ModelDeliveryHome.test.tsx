import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { mockApis, renderTestApp } from '@backstage/frontend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import homePlugin from '@backstage/plugin-home/alpha';
import searchPlugin from '@backstage/plugin-search/alpha';
import { screen, within } from '@testing-library/react';
import { parse } from 'yaml';
import { homeModule } from './homeModule';

const REPO_ROOT = resolve(__dirname, '../../../../..');

/** The portal's own app config: what it enables and disables shows in the test too. */
function appConfig() {
  const { app } = parse(
    readFileSync(join(REPO_ROOT, 'app-config.yaml'), 'utf8'),
  );
  return {
    app: { extensions: app.extensions },
    backend: { baseUrl: 'http://localhost:7007' },
  };
}

/** `metadata.name` of every template the scaffolder module ships. */
function templateNames(): string[] {
  const dir = join(
    REPO_ROOT,
    'plugins/scaffolder-backend-module-model-delivery/templates',
  );
  return readdirSync(dir, { withFileTypes: true })
    .filter(entry => entry.isDirectory())
    .map(
      entry =>
        parse(readFileSync(join(dir, entry.name, 'template.yaml'), 'utf8'))
          .metadata.name,
    );
}

/** The catalog backend, as far as the starred entities card asks it: nothing starred. */
async function catalogBackend(): Promise<Response> {
  return new Response(JSON.stringify({ items: [] }), {
    headers: { 'Content-Type': 'application/json' },
  });
}

function renderHome() {
  return renderTestApp({
    config: appConfig(),
    features: [catalogPlugin, homePlugin, searchPlugin, homeModule],
    apis: [
      mockApis.fetch({ baseImplementation: catalogBackend as typeof fetch }),
    ],
    initialRouteEntries: ['/home'],
  });
}

describe('the home page', () => {
  it('says what the portal does and where to start', async () => {
    renderHome();

    expect(
      await screen.findByRole('heading', { name: 'Model Delivery' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('What this portal does'),
    ).toBeInTheDocument();

    const startHere = await screen.findByRole('list', { name: 'Start here' });
    const hrefs = within(startHere)
      .getAllByRole('link')
      .map(link => link.getAttribute('href'));
    const names = templateNames();
    expect(names).toHaveLength(4);
    for (const name of names) {
      expect(hrefs).toContain(`/create/templates/default/${name}`);
    }
    expect(hrefs).toContain(
      '/catalog/default/component/chat-assistant/model-delivery',
    );
  });

  it('keeps search and starred entities, and no create-app leftovers', async () => {
    renderHome();

    expect(
      await screen.findByText('What this portal does'),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('Your Starred Entities'),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('textbox', { name: /search/i }),
    ).toBeInTheDocument();

    for (const leftover of [
      'Random Joke',
      'World Clocks',
      'Toolkit',
      'Getting Started',
      'Most Visited',
      'Recently Visited',
    ]) {
      expect(screen.queryByText(leftover)).toBeNull();
    }
  });
});
