import { expect, test } from '@playwright/test';
import { Watch } from '@kubernetes/client-node';
import { rawRequest } from '@internal/local-control-plane';
import {
  givenObjects,
  modelDownload,
  modelDownloadNeeds,
  playHfOperator,
} from '@model-delivery/test-kit';
import { hfOperatorJobName } from '@model-delivery/plugin-model-delivery-common';
import { admin, getObject } from './support/cluster';
import {
  CHAT_ASSISTANT,
  CHAT_ASSISTANT_CHANNEL,
  rowOf,
  sectionOf,
  stateCellOf,
  summaryOf,
  tableOf,
  watchForNavigation,
  watchSignalSubscription,
} from './support/modelDeliveryTab';
import { signIn } from './support/portal';
import { Replicas, connect, rssMiB, startReplicas } from './support/replicas';
import { saveScreenshot } from './support/screenshots';

/**
 * Issue "the entity view at fleet scale", two replicas on PostgreSQL: the portal's
 * backend as two processes, A and B, on one database and one cluster. The browser is
 * connected to A (the app's backend is A: sign-in, catalog, the signals websocket), while
 * a load balancer sends the Model Delivery API to B: B serves the tab's status and the
 * retry. A never serves the status, so it does not track the entity and never signals its
 * changes itself: the page hears of them only if B's signal crosses to A over the events
 * bus in PostgreSQL.
 */

const NAMESPACE = 'replica-models';
const RESOURCE = 'replica-check';
const MODEL = 'org/replicated-model';
const JOB = hfOperatorJobName(RESOURCE, MODEL);
const GATED =
  'remote: Access to model org/replicated-model is restricted. You must have access to it and be authenticated to access it.';

let replicas: Replicas;

test.beforeAll(async ({}, testInfo) => {
  // Two backends starting one after the other on a busy machine.
  test.setTimeout(8 * 60_000);
  replicas = await startReplicas({ logDir: testInfo.outputDir });
});

test.afterAll(async () => {
  test.setTimeout(2 * 60_000);
  // What the test made, by collection (the garbage collector takes the ModelDownload's
  // Jobs and pods too); the namespace stays (no namespace controller runs, so it would
  // never finish terminating).
  for (const path of [
    `/apis/hfops.kamal.dev/v1alpha1/namespaces/${NAMESPACE}/modeldownloads`,
    `/apis/batch/v1/namespaces/${NAMESPACE}/jobs`,
    `/api/v1/namespaces/${NAMESPACE}/pods`,
  ]) {
    await rawRequest(admin(), 'DELETE', path);
  }
  await replicas?.stop();
});

/** Counts the deletions of Jobs in the namespace, by uid, from now on. */
async function watchJobDeletions() {
  const deleted: string[] = [];
  const watch = new Watch(admin());
  const request = await watch.watch(
    `/apis/batch/v1/namespaces/${NAMESPACE}/jobs`,
    {},
    (phase, job: { metadata?: { uid?: string } }) => {
      if (phase === 'DELETED') deleted.push(job.metadata?.uid ?? '');
    },
    () => {},
  );
  return {
    deleted,
    stop: () => request.abort(),
  };
}

test('a page on replica A follows a retry served by replica B, once', async ({
  page,
}, testInfo) => {
  const { a, b } = replicas;

  // hf-operator failed the model: its Job, failed, and the resource's status lists.
  const kc = admin();
  await givenObjects(
    kc,
    // The guest's team owns the namespace, so the portal's policy lets it act there.
    ...modelDownloadNeeds(NAMESPACE, 'models', {
      owner: 'group:default/guests',
    }),
    modelDownload({
      name: RESOURCE,
      namespace: NAMESPACE,
      kubernetesId: 'chat-assistant',
      models: [MODEL],
    }),
  );
  await playHfOperator(kc, NAMESPACE, RESOURCE, {
    [MODEL]: { state: 'failed', exitCode: 128, message: GATED },
  });
  const failedJob = await getObject({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: JOB, namespace: NAMESPACE },
  });
  const failedUid = failedJob?.metadata.uid;
  expect(failedUid).toBeTruthy();

  // The app talks to A; the load balancer in front sends the suite's API to B.
  await page.addInitScript(url => {
    (window as unknown as { __APP_CONFIG__: unknown }).__APP_CONFIG__ = {
      backend: { baseUrl: url },
    };
  }, a.url);
  const servedByB: string[] = [];
  await page.route(`${a.url}/api/model-delivery/**`, async route => {
    const request = route.request();
    servedByB.push(`${request.method()} ${new URL(request.url()).pathname}`);
    const response = await route.fetch({
      url: request.url().replace(a.url, b.url),
    });
    await route.fulfill({ response });
  });
  const websockets: string[] = [];
  page.on('websocket', ws => websockets.push(ws.url()));

  const signals = watchSignalSubscription(page, CHAT_ASSISTANT_CHANNEL);
  await page.goto(CHAT_ASSISTANT.tab);
  // The first page of freshly started backends: the sign-in page may take longer than
  // an assertion's usual wait on a loaded machine.
  await expect(page.getByRole('button', { name: 'Enter' })).toBeVisible({
    timeout: 90_000,
  });
  await signIn(page);
  await expect(summaryOf(page)).toBeVisible();
  await signals.subscribed();
  // Only the signals sockets matter here, whatever else the page opens.
  const signalSockets = websockets.filter(u => u.endsWith('/api/signals'));
  expect(signalSockets.length).toBeGreaterThan(0);
  expect(
    new Set(signalSockets),
    'the signals websocket goes to replica A',
  ).toEqual(new Set([`${a.url.replace('http', 'ws')}/api/signals`]));

  const section = sectionOf(page, `ModelDownload ${RESOURCE}`);
  const models = tableOf(section, `models of ${RESOURCE}`);
  const row = rowOf(models, MODEL);
  await expect(stateCellOf(row)).toHaveText('failed');
  expect(
    servedByB.filter(r => /^GET .*\/chat-assistant\/status$/.test(r)),
    'replica B served the status',
  ).not.toEqual([]);
  const navigation = await watchForNavigation(page);
  const deletions = await watchJobDeletions();

  try {
    await row.getByRole('button', { name: `Retry ${MODEL}` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Delete Job and retry' }).click();
    await expect(section.getByRole('alert')).toContainText(
      `Retrying ${MODEL}: deleted the Job ${JOB} in namespace ${NAMESPACE}`,
    );
    expect(
      servedByB.filter(r => r.startsWith('POST ')),
      'the retry went to replica B, once',
    ).toEqual(['POST /api/model-delivery/retry']);

    // hf-operator recreates the Job on its next reconcile, and this time it completes.
    await playHfOperator(kc, NAMESPACE, RESOURCE, {
      [MODEL]: { state: 'completed' },
    });

    // A's page follows without a reload: B saw the change, its signal reached A.
    await expect(stateCellOf(row)).toHaveText('completed');
    await expect(models.getByRole('row')).toHaveCount(2); // header + the model, once
    await navigation.expectNone();

    // The failed Job was deleted once, and the Job there now is the recreated one.
    await expect
      .poll(() => deletions.deleted, { message: 'Job deletions seen' })
      .toEqual([failedUid]);
    const recreated = await getObject({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: JOB, namespace: NAMESPACE },
    });
    expect(recreated?.metadata.uid).toBeTruthy();
    expect(recreated?.metadata.uid).not.toBe(failedUid);
  } finally {
    deletions.stop();
  }

  // The change went through the events bus in PostgreSQL: the events backend stores an
  // event only when a subscriber has not been notified in-process, here A's signals.
  const events = connect(replicas.pg, `${replicas.databasePrefix}events`);
  try {
    const signalled: { data_json: string }[] = await events('event_bus_events')
      .where({ topic: 'signals' })
      .select('data_json');
    const channels = signalled.map(
      e => JSON.parse(e.data_json).payload?.channel,
    );
    expect(channels).toContain(CHAT_ASSISTANT_CHANNEL);
  } finally {
    await events.destroy();
  }

  await saveScreenshot(page, testInfo, 'replicas-retry-through-b');
  await testInfo.attach('replica memory', {
    body: `resident memory after the test: A ${rssMiB(
      a.process.pid!,
    )} MiB, B ${rssMiB(b.process.pid!)} MiB`,
    contentType: 'text/plain',
  });
});
