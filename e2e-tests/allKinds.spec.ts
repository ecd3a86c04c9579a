import { expect, test } from '@playwright/test';
import { podsOfJob } from '@model-delivery/test-kit/objects';
import { admin } from './support/cluster';
import {
  factOf,
  openModelDeliveryTab,
  rowOf,
  sectionOf,
  stateCellOf,
  tableOf,
} from './support/modelDeliveryTab';
import { saveScreenshot } from './support/screenshots';

/**
 * Issue 5: chat-assistant's resources of all three kinds, side by side on its Model
 * delivery tab, each told in its own terms: models of a ModelDownload, the instance of a
 * GemmaOnTPUServer (kro's state, its loader Job), the nodes of a LocalModelCache.
 */
test('the tab shows a ModelDownload, a GemmaOnTPUServer and a LocalModelCache side by side', async ({
  page,
}, testInfo) => {
  await openModelDeliveryTab(page);

  const sections = page.getByRole('region').filter({
    has: page.getByRole('heading', { level: 2 }),
  });
  // Failed first: chat-models and the cache each hold a failed item; Gemma is loading.
  await expect(sections).toHaveText([
    /^Where its models are served/,
    /^ModelDownload chat-models/,
    /^LocalModelCache llama-3-8b-instruct/,
    /^GemmaOnTPUServer gemma-chat/,
  ]);

  // ModelDownload: one row per model, with hf-operator's facts.
  const download = sectionOf(page, 'ModelDownload chat-models');
  await expect(download).toContainText('cluster local · namespace ml-models');
  await expect(factOf(download, 'PVC')).toHaveText('model-store');
  await expect(factOf(download, 'Token Secret')).toHaveText(
    'hf-token (key token)',
  );
  await expect(factOf(download, 'Node pool')).toHaveText('gpu-pool');
  const models = tableOf(download, 'models of chat-models');
  await expect(
    models.getByRole('columnheader', { name: 'Model' }),
  ).toBeVisible();
  await expect(models.getByRole('row')).toHaveCount(5);

  // GemmaOnTPUServer: kro's state and conditions; one instance, loading its weights.
  const gemma = sectionOf(page, 'GemmaOnTPUServer gemma-chat');
  await expect(gemma).toContainText('cluster local · namespace ml-models');
  await expect(factOf(gemma, 'kro state')).toHaveText('IN_PROGRESS');
  await expect(factOf(gemma, 'Condition Ready')).toHaveText(
    'False (NotReady): resource loader is not ready: waiting for completionTime',
  );
  await expect(factOf(gemma, 'Kaggle Secret')).toHaveText('kaggle-credentials');
  await expect(factOf(gemma, 'Job gemma-chat-loader')).toHaveText(
    'downloading (pod running)',
  );
  const instances = tableOf(gemma, 'instances of gemma-chat');
  await expect(
    instances.getByRole('columnheader', { name: 'Instance' }),
  ).toBeVisible();
  const instance = rowOf(instances, 'gemma-chat');
  await expect(stateCellOf(instance)).toHaveText('pending');
  await expect(instance).toContainText(
    'loading weights from Kaggle (loader Job running)',
  );
  await expect(instance).toContainText('gemma-chat-loader');
  // The loader's pod, named by the Job controller.
  const [loader] = await podsOfJob(admin(), 'ml-models', 'gemma-chat-loader');
  await expect(instance).toContainText(`pod ${loader.metadata.name}`);

  // LocalModelCache: cluster-scoped (no namespace), one row per node, copies counted.
  const cache = sectionOf(page, 'LocalModelCache llama-3-8b-instruct');
  await expect(cache).toContainText('cluster local · age');
  await expect(cache).not.toContainText('namespace');
  await expect(factOf(cache, 'Source')).toHaveText(
    'hf://meta-llama/meta-llama-3-8b-instruct',
  );
  await expect(factOf(cache, 'Node groups')).toHaveText('gpu-a100');
  await expect(factOf(cache, 'Copies')).toHaveText(
    '1 available, 1 failed, 3 total',
  );
  await expect(factOf(cache, 'Used by')).toHaveText(
    'InferenceService ml-models/chat-assistant-llm',
  );
  const nodes = tableOf(cache, 'nodes of llama-3-8b-instruct');
  await expect(nodes.getByRole('columnheader', { name: 'Node' })).toBeVisible();
  await expect(nodes.getByRole('row')).toHaveCount(4);
  const node1 = rowOf(nodes, 'gpu-node-1');
  await expect(stateCellOf(node1)).toHaveText('completed');
  await expect(node1).toContainText('cached on this node');
  const node2 = rowOf(nodes, 'gpu-node-2');
  await expect(stateCellOf(node2)).toHaveText('downloading');
  await expect(node2).toContainText(
    'kserve-localmodel-jobs/llama-3-8b-instruct-gpu-node-2-m3n7c',
  );
  const node3 = rowOf(nodes, 'gpu-node-3');
  await expect(stateCellOf(node3)).toHaveText('failed');
  await expect(node3).toContainText('the download failed on this node');
  await expect(node3.locator('pre')).toHaveText(
    'container storage-initializer: Error, exit code 1: OSError: [Errno 28] No space left on device: /mnt/models/meta-llama/meta-llama-3-8b-instruct/model-00003-of-00004.safetensors',
  );

  await saveScreenshot(page, testInfo, 'all-kinds');
});
