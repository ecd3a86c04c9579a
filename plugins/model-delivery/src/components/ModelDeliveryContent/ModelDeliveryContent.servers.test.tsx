import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_MODEL_ID,
  ModelServerSummary,
  modelEntityRef,
  serverEntityRef,
} from '@model-delivery/plugin-model-delivery-common';
import { screen, within } from '@testing-library/react';
import { mockModelDeliveryApi } from '../../__testUtils__/modelDeliveryApi';
import { renderForEntity } from '../../__testUtils__/renderForEntity';
import {
  chatAssistant,
  item,
  resource,
  statusResponse,
} from '../../__testUtils__/statusFixtures';
import { ModelDeliveryContent } from './ModelDeliveryContent';

const MODEL = 'meta-llama/meta-llama-3-8b-instruct';

const llama: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'meta-llama_meta-llama-3-8b-instruct',
    namespace: 'default',
    annotations: { [ANNOTATION_MODEL_ID]: MODEL },
  },
  spec: { type: 'ai-model', owner: 'group:default/platform-team' },
};

const ready = {
  cluster: 'local',
  kind: 'InferenceService',
  namespace: 'ml-models',
  name: 'chat-assistant-llm',
};
const NOT_READY =
  'MinimumReplicasUnavailable: Deployment does not have minimum availability';

const servers: ModelServerSummary[] = [
  {
    ...ready,
    entityRef: serverEntityRef(ready),
    operator: 'KServe',
    serverType: 'openai-v1',
    url: 'http://chat-assistant-llm.ml-models.example.com/openai/v1',
    ready: true,
    models: [
      {
        uri: `hf://${MODEL}`,
        modelId: MODEL,
        servedName: 'chat-assistant-llm',
        from: 'LocalModelCache llama-3-8b-instruct (node group gpu-a100)',
      },
    ],
    providedBy: ['component:default/chat-serving'],
    owners: ['group:default/guests'],
  },
  {
    cluster: 'local',
    kind: 'LLMInferenceService',
    namespace: 'ml-models',
    name: 'llama-vllm',
    entityRef: 'api:default/llama-vllm',
    operator: 'KServe',
    serverType: 'openai-v1',
    ready: false,
    reason: NOT_READY,
    models: [{ uri: `pvc://model-store/${MODEL}`, modelId: MODEL }],
    providedBy: ['component:default/chat-serving'],
    owners: ['group:default/guests'],
  },
];

describe('ModelDeliveryContent and model servers', () => {
  it("shows a model's places in one table: downloaded, cached and served, ready or why not", async () => {
    const api = mockModelDeliveryApi();
    api.getEntityStatus.mockResolvedValue({
      ...statusResponse([
        resource({ name: 'llama-serving', items: [item({ name: MODEL })] }),
      ]),
      servers,
      places: [
        {
          how: 'downloaded',
          cluster: 'local',
          kind: 'ModelDownload',
          namespace: 'ml-models',
          name: 'llama-serving',
          where: 'PVC model-store',
          state: 'completed',
          detail: 'completed',
          entityRefs: ['component:default/chat-serving'],
        },
        {
          how: 'cached',
          cluster: 'local',
          kind: 'LocalModelCache',
          name: 'llama-3-8b-instruct',
          where: 'node groups gpu-a100',
          state: 'failed',
          detail: '1 of 3 nodes hold it',
          reason: 'gpu-node-3: No space left on device',
          entityRefs: ['component:default/chat-assistant'],
        },
        {
          how: 'served',
          cluster: 'local',
          kind: 'LLMInferenceService',
          namespace: 'ml-models',
          name: 'llama-vllm',
          where: 'PVC model-store, downloaded by ModelDownload llama-serving',
          state: 'pending',
          detail: 'not ready',
          reason: NOT_READY,
          entityRefs: ['component:default/chat-serving'],
          server: {
            entityRef: 'api:default/llama-vllm',
            serverType: 'openai-v1',
            ready: false,
            servedName: 'llama-3-8b',
          },
        },
      ],
    });

    await renderForEntity(<ModelDeliveryContent />, { api, entity: llama });

    const places = await screen.findByRole('region', {
      name: 'Where this model is',
    });
    const rows = within(places).getAllByRole('row').slice(1);
    expect(
      rows.map(r => within(r).getAllByRole('cell')[0].textContent),
    ).toEqual(['Downloaded', 'Cached', 'Served']);
    expect(rows[0]).toHaveTextContent('PVC model-store');
    expect(rows[1]).toHaveTextContent('node groups gpu-a100');
    expect(rows[1]).toHaveTextContent('gpu-node-3: No space left on device');
    expect(rows[2]).toHaveTextContent(
      'LLMInferenceService ml-models/llama-vllm',
    );
    expect(rows[2]).toHaveTextContent('not ready');
    expect(rows[2]).toHaveTextContent(NOT_READY);
    expect(rows[2]).toHaveTextContent('asked for as “llama-3-8b”');
    // No URL yet, so no entity: the server is named, not linked.
    expect(within(rows[2]).queryByRole('link')).toBeNull();
  });

  it("links a holding entity's models to their servers' entities", async () => {
    const api = mockModelDeliveryApi();
    api.getEntityStatus.mockResolvedValue({
      ...statusResponse([
        resource({
          name: 'llama-3-8b-instruct',
          kind: 'LocalModelCache',
          items: [item({ name: 'gpu-node-1', state: 'completed' })],
        }),
      ]),
      servers,
    });

    await renderForEntity(<ModelDeliveryContent />, {
      api,
      entity: chatAssistant,
    });

    const served = await screen.findByRole('region', {
      name: 'Where its models are served',
    });
    const [readyRow, notReadyRow] = within(served).getAllByRole('row').slice(1);
    expect(within(readyRow).getByRole('link', { name: MODEL })).toHaveAttribute(
      'href',
      expect.stringContaining(modelEntityRef(MODEL).split('/')[1]),
    );
    expect(
      within(readyRow).getByRole('link', {
        name: 'InferenceService ml-models/chat-assistant-llm',
      }),
    ).toHaveAttribute(
      'href',
      expect.stringContaining(serverEntityRef(ready).split('/')[1]),
    );
    expect(readyRow).toHaveTextContent('ready');
    expect(readyRow).toHaveTextContent(
      'http://chat-assistant-llm.ml-models.example.com/openai/v1',
    );
    expect(notReadyRow).toHaveTextContent('not ready');
    expect(notReadyRow).toHaveTextContent(NOT_READY);
  });
});
