import { join } from 'node:path';
import { CustomObjectsApi } from '@kubernetes/client-node';
import { expect, test } from '@playwright/test';
import { kubeConfigFor } from './support/controlPlane';
import { backendToken, signIn } from './support/portal';
import { BACKEND_URL, SCREENSHOT_DIR } from './support/paths';

const MODEL_DOWNLOADS = {
  group: 'hfops.kamal.dev',
  version: 'v1alpha1',
  plural: 'modeldownloads',
};

test('the catalog lists chat-assistant and opens its entity page', async ({
  page,
}, testInfo) => {
  // The catalog is the portal's landing page (app-config.yaml mounts it at /).
  await page.goto('/');
  await signIn(page);

  const link = page.getByRole('link', { name: 'chat-assistant', exact: true });
  await expect(link).toBeVisible();
  await link.click();

  await expect(page).toHaveURL(
    /\/catalog\/default\/component\/chat-assistant$/,
  );
  const main = page.getByRole('main');
  await expect(
    main.getByRole('heading', { name: 'chat-assistant', exact: true }),
  ).toBeVisible();
  // The About card shows what the catalog knows: description and system.
  await expect(
    main.getByText(
      'The support chat assistant; its models are downloaded by hf-operator.',
    ),
  ).toBeVisible();
  await expect(
    main.getByRole('link', { name: 'model-serving', exact: true }).first(),
  ).toBeVisible();

  const screenshot = join(SCREENSHOT_DIR, 'catalog.png');
  await page.screenshot({ path: screenshot, fullPage: true });
  await testInfo.attach('catalog', {
    path: screenshot,
    contentType: 'image/png',
  });
});

test('the portal runs against the local control plane holding the sample ModelDownload', async () => {
  // The cluster itself, as its operators see it.
  const admin = kubeConfigFor('admin').makeApiClient(CustomObjectsApi);
  const chatModels = (await admin.getNamespacedCustomObject({
    ...MODEL_DOWNLOADS,
    namespace: 'ml-models',
    name: 'chat-models',
  })) as {
    metadata: { labels?: Record<string, string> };
    spec: { models: { name: string }[] };
  };
  expect(chatModels.metadata.labels?.['backstage.io/kubernetes-id']).toBe(
    'chat-assistant',
  );
  expect(chatModels.spec.models.map(m => m.name)).toContain(
    'google/gemma-2-2b-it',
  );

  // The portal's stock Kubernetes backend has that cluster configured...
  const headers = {
    Authorization: `Bearer ${await backendToken()}`,
    'Content-Type': 'application/json',
  };
  const clustersRes = await fetch(`${BACKEND_URL}/api/kubernetes/clusters`, {
    headers,
  });
  expect(clustersRes.status).toBe(200);
  const clusters = (await clustersRes.json()) as {
    items: { name: string }[];
  };
  expect(clusters.items.map(c => c.name)).toContain('local');

  // ...and reaches it: asked for chat-assistant's ModelDownloads, it returns chat-models
  // from the `local` cluster, read with the portal's own (RBAC-limited) identity.
  const queryRes = await fetch(
    `${BACKEND_URL}/api/kubernetes/resources/custom/query`,
    {
      method: 'POST',
      headers,
      body: JSON.stringify({
        entityRef: 'component:default/chat-assistant',
        customResources: [
          {
            group: MODEL_DOWNLOADS.group,
            apiVersion: MODEL_DOWNLOADS.version,
            plural: MODEL_DOWNLOADS.plural,
          },
        ],
      }),
    },
  );
  expect(queryRes.status).toBe(200);
  const query = (await queryRes.json()) as {
    items: {
      cluster: { name: string };
      errors: unknown[];
      resources: {
        type: string;
        resources: { metadata: { name: string; namespace: string } }[];
      }[];
    }[];
  };
  const local = query.items.find(i => i.cluster.name === 'local');
  expect(local, 'the query answers for the local cluster').toBeDefined();
  expect(local!.errors).toEqual([]);
  const found = local!.resources.flatMap(r =>
    r.resources.map(o => `${o.metadata.namespace}/${o.metadata.name}`),
  );
  expect(found).toContain('ml-models/chat-models');
});
