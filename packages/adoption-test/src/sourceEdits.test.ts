import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { readmeFiles, ReadmeSnippets, SNIPPET_IDS } from './snippets';
import {
  applyFeaturesSnippet,
  applySourceSnippet,
  parseSourceSnippet,
} from './sourceEdits';

/**
 * The READMEs' code applied to the files create-app writes (its templates, in the pinned
 * version): a README or a create-app whose files drift apart fails here in seconds, before
 * the adoption test's install.
 */
const templates = join(
  dirname(require.resolve('@backstage/create-app/package.json')),
  'templates',
);

describe('applying the READMEs to the files create-app writes', () => {
  const snippets = new ReadmeSnippets(readmeFiles());
  let portal: string;

  beforeEach(() => {
    portal = mkdtempSync(join(tmpdir(), 'adoption-test-'));
    cpSync(
      join(templates, 'default-app', 'packages'),
      join(portal, 'packages'),
      {
        recursive: true,
      },
    );
    cpSync(
      join(templates, 'legacy-app', 'packages', 'app'),
      join(portal, 'packages', 'app-legacy'),
      { recursive: true },
    );
  });
  afterEach(() => rmSync(portal, { recursive: true, force: true }));

  const read = (file: string) => readFileSync(join(portal, file), 'utf8');

  it('adds the backend lines before the backend starts', () => {
    for (const id of SNIPPET_IDS.backendSource) {
      applySourceSnippet(portal, snippets.get(id));
    }
    const index = read('packages/backend/src/index.ts');
    const start = index.indexOf('backend.start();');
    for (const pkg of [
      '@model-delivery/plugin-model-delivery-backend',
      '@model-delivery/plugin-scaffolder-backend-module-model-delivery',
      '@model-delivery/plugin-catalog-backend-module-model-delivery',
    ]) {
      const at = index.indexOf(`import('${pkg}')`);
      expect(at).toBeGreaterThan(0);
      expect(at).toBeLessThan(start);
    }
  });

  it("lists the plugin in the new frontend system's features, imported once", () => {
    applyFeaturesSnippet(portal, snippets.get(SNIPPET_IDS.features));
    const app = read('packages/app/src/App.tsx');
    expect(app).toMatch(/features: \[modelDeliveryPlugin, catalogPlugin/);
    expect(app.match(/from '@backstage\/frontend-defaults'/g)?.length).toBe(1);
    expect(app).toContain(
      "import modelDeliveryPlugin from '@model-delivery/plugin-model-delivery/alpha';",
    );
  });

  it('puts each part of the legacy wiring where its comment says', () => {
    for (const id of SNIPPET_IDS.legacySource) {
      applySourceSnippet(portal, snippets.get(id), {
        appDir: 'packages/app-legacy',
      });
    }
    const entityPage = read(
      'packages/app-legacy/src/components/catalog/EntityPage.tsx',
    );
    const overview = entityPage.indexOf('const overviewContent = (');
    const servicePage = entityPage.indexOf('const serviceEntityPage = (');
    const card = entityPage.indexOf('<EntityModelDeliveryCard />');
    const tab = entityPage.indexOf('<EntityModelDeliveryContent />');
    expect(card).toBeGreaterThan(overview);
    expect(card).toBeLessThan(servicePage);
    expect(tab).toBeGreaterThan(servicePage);
    expect(tab).toBeLessThan(entityPage.indexOf('const websiteEntityPage'));

    const app = read('packages/app-legacy/src/App.tsx');
    expect(app).toContain(
      '<Route path="/models" element={<ModelDeliveryFleetPage />} />',
    );
    expect(app).toContain('<ModelDownloadModelsFieldExtension />');
    expect(app).not.toContain(
      '<Route path="/create" element={<ScaffolderPage />} />',
    );
    expect(read('packages/app-legacy/src/components/Root/Root.tsx')).toContain(
      '<SidebarItem icon={ModelsIcon} to="models" text="Models" />',
    );
  });

  it('names the README, the snippet and the place when a place is unknown', () => {
    const snippet = {
      id: 'x/entity-page',
      source: 'plugins/x/README.md:10',
      language: 'tsx',
      text: [
        '// packages/app/src/components/catalog/EntityPage.tsx',
        '// in the footer',
        '<Footer />',
      ].join('\n'),
    };
    expect(parseSourceSnippet(snippet).parts).toEqual([
      { place: 'in the footer', text: '<Footer />' },
    ]);
    expect(() =>
      applySourceSnippet(portal, snippet, { appDir: 'packages/app-legacy' }),
    ).toThrow(
      /^plugins\/x\/README.md:10 \(x\/entity-page\): "\/\/ in the footer" is not a place the test knows in packages\/app\/src\/components\/catalog\/EntityPage.tsx/,
    );
  });
});
