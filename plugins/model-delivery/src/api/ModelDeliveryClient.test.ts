import { mockApis } from '@backstage/test-utils';
import { ModelDeliveryClient } from './ModelDeliveryClient';

function jsonResponse(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

describe('ModelDeliveryClient', () => {
  const discoveryApi = mockApis.discovery({ baseUrl: 'http://backstage' });

  it('reads the status of an entity from the model-delivery backend', async () => {
    const fetch = jest.fn(async () => jsonResponse({ resources: [] }));
    const client = new ModelDeliveryClient({
      discoveryApi,
      fetchApi: { fetch },
    });

    await expect(
      client.getEntityStatus({
        kind: 'Component',
        namespace: 'default',
        name: 'chat assistant',
      }),
    ).resolves.toEqual({ resources: [] });
    expect(fetch).toHaveBeenCalledWith(
      'http://backstage/api/model-delivery/entity/Component/default/chat%20assistant/status',
      undefined,
    );
  });

  it('posts a retry request as JSON', async () => {
    const fetch = jest.fn(
      async (_input: RequestInfo | URL, _init?: RequestInit) =>
        jsonResponse({ deletedJob: 'hf-dl-x', namespace: 'models' }),
    );
    const client = new ModelDeliveryClient({
      discoveryApi,
      fetchApi: { fetch },
    });
    const request = {
      entityRef: 'component:default/chat-assistant',
      cluster: 'local',
      kind: 'ModelDownload',
      namespace: 'models',
      name: 'x',
      item: 'org/model',
    };

    await expect(client.retry(request)).resolves.toEqual({
      deletedJob: 'hf-dl-x',
      namespace: 'models',
    });
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe('http://backstage/api/model-delivery/retry');
    expect(init?.method).toBe('POST');
    expect(JSON.parse(String(init?.body))).toEqual(request);
  });

  it('turns an error answer into a ResponseError carrying the status', async () => {
    const fetch = jest.fn(async () =>
      jsonResponse(
        { error: { name: 'NotAllowedError', message: 'denied' } },
        403,
      ),
    );
    const client = new ModelDeliveryClient({
      discoveryApi,
      fetchApi: { fetch },
    });

    await expect(
      client.getEntityStatus({
        kind: 'component',
        namespace: 'default',
        name: 'x',
      }),
    ).rejects.toMatchObject({
      name: 'ResponseError',
      response: expect.objectContaining({ status: 403 }),
    });
  });
});
