import { resolve as resolvePath } from 'node:path';
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

  it("sends the last status's ETag and keeps that status on a 304", async () => {
    const status = { entityRef: 'component:default/x', resources: [] };
    const fetch = jest
      .fn<Promise<Response>, [RequestInfo | URL, RequestInit?]>()
      .mockResolvedValueOnce(
        new Response(JSON.stringify(status), {
          status: 200,
          headers: { 'Content-Type': 'application/json', ETag: 'W/"v1"' },
        }),
      )
      .mockResolvedValueOnce(new Response(null, { status: 304 }));
    const client = new ModelDeliveryClient({
      discoveryApi,
      fetchApi: { fetch },
    });
    const entity = { kind: 'component', namespace: 'default', name: 'x' };

    await expect(client.getEntityStatus(entity)).resolves.toEqual(status);
    await expect(client.getEntityStatus(entity)).resolves.toEqual(status);
    expect(fetch.mock.calls[1][1]).toEqual({
      headers: { 'If-None-Match': 'W/"v1"' },
    });
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

  it("asks for one item's diagnostics with the item in the query", async () => {
    const fetch = jest.fn(
      async (_input: RequestInfo | URL, _init?: RequestInit) =>
        jsonResponse({ containers: [], events: [] }),
    );
    const client = new ModelDeliveryClient({
      discoveryApi,
      fetchApi: { fetch },
    });

    await client.getItemDiagnostics(
      { kind: 'Component', namespace: 'default', name: 'chat-assistant' },
      {
        cluster: 'local',
        resourceKind: 'ModelDownload',
        resourceNamespace: 'models',
        resourceName: 'x',
        item: 'org/model',
      },
    );
    const url = new URL(String(fetch.mock.calls[0][0]));
    expect(url.pathname).toBe(
      '/api/model-delivery/entity/Component/default/chat-assistant/diagnostics',
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      cluster: 'local',
      resourceKind: 'ModelDownload',
      resourceNamespace: 'models',
      resourceName: 'x',
      item: 'org/model',
    });
  });

  it("asks for a picker's list with the cluster and namespace in the query, encoded", async () => {
    const fetch = jest.fn(
      async (_input: RequestInfo | URL, _init?: RequestInit) =>
        jsonResponse({ cluster: 'a b', namespace: 'x&y', items: [] }),
    );
    const client = new ModelDeliveryClient({
      discoveryApi,
      fetchApi: { fetch },
    });

    await expect(client.formSecrets('a b', 'x&y')).resolves.toEqual({
      cluster: 'a b',
      namespace: 'x&y',
      items: [],
    });
    const url = new URL(String(fetch.mock.calls[0][0]));
    expect(url.pathname).toBe('/api/model-delivery/form-data/secrets');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      cluster: 'a b',
      namespace: 'x&y',
    });
  });

  it('asks for a page of the fleet with the filters in the query, leaving out those not set', async () => {
    const fetch = jest.fn(
      async (_input: RequestInfo | URL, _init?: RequestInit) =>
        jsonResponse({ view: 'places', rows: [], total: 0 }),
    );
    const client = new ModelDeliveryClient({
      discoveryApi,
      fetchApi: { fetch },
    });

    await client.getFleet({
      state: 'failed',
      owner: 'group:default/ml',
      search: 'llama 3',
      cluster: undefined,
      sort: 'size',
      order: 'desc',
      page: 2,
    });
    const url = new URL(String(fetch.mock.calls[0][0]));
    expect(url.pathname).toBe('/api/model-delivery/fleet');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      state: 'failed',
      owner: 'group:default/ml',
      search: 'llama 3',
      sort: 'size',
      order: 'desc',
      page: '2',
    });
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

interface SpecOperation {
  operationId: string;
  requestBody?: {
    content: Record<string, { schema: { $ref: string } }>;
  };
}

interface SpecSchema {
  properties?: Record<string, unknown>;
  required?: string[];
}

/*
 * The status API's contract is the backend's openapi.yaml. This package does not depend
 * on the backend, so the spec is read from the workspace (the jest YAML transform parses
 * it). The client is written by hand: these tests make it call exactly the spec's
 * operations, with the spec's methods, paths and request bodies.
 */
const spec: {
  paths: Record<string, Record<string, SpecOperation>>;
  components: { schemas: Record<string, SpecSchema> };
} = require(resolvePath(
  __dirname,
  '../../../model-delivery-backend/src/schema/openapi.yaml',
));

const specOperations = Object.entries(spec.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({
    path,
    method: method.toUpperCase(),
    operation,
  })),
);

/** What is wrong with a request body, against the schema the spec names for it. */
function requestBodyDifferences(
  schemaRef: string | undefined,
  body: BodyInit | null | undefined,
): string[] {
  if (!schemaRef) {
    return body === undefined ? [] : ['a body the spec does not have'];
  }
  const schema = spec.components.schemas[schemaRef.split('/').pop()!];
  const sent = JSON.parse(String(body));
  return [
    ...(schema.required ?? [])
      .filter(name => !(name in sent))
      .map(name => `${name}: required by the spec, not sent`),
    ...Object.keys(sent)
      .filter(name => !(name in (schema.properties ?? {})))
      .map(name => `${name}: sent, not in the spec`),
  ];
}

/** One call of each client method, by the spec operation it must perform. */
const clientCalls: Record<
  string,
  {
    method: keyof ModelDeliveryClient;
    call: (client: ModelDeliveryClient) => Promise<unknown>;
    pathParameters?: Record<string, string>;
    body?: unknown;
  }
> = {
  GetEntityStatus: {
    method: 'getEntityStatus',
    call: client =>
      client.getEntityStatus({
        kind: 'Component',
        namespace: 'default',
        name: 'chat assistant/2',
      }),
    pathParameters: {
      kind: 'Component',
      namespace: 'default',
      name: 'chat assistant/2',
    },
  },
  GetItemDiagnostics: {
    method: 'getItemDiagnostics',
    call: client =>
      client.getItemDiagnostics(
        { kind: 'Component', namespace: 'default', name: 'chat-assistant' },
        {
          cluster: 'local',
          resourceKind: 'ModelDownload',
          resourceNamespace: 'models',
          resourceName: 'x',
          item: 'org/model',
          tailLines: 50,
        },
      ),
    pathParameters: {
      kind: 'Component',
      namespace: 'default',
      name: 'chat-assistant',
    },
  },
  GetFleet: {
    method: 'getFleet',
    call: client =>
      client.getFleet({ view: 'duplicates', state: 'failed', page: 2 }),
  },
  Retry: {
    method: 'retry',
    call: client =>
      client.retry({
        entityRef: 'component:default/chat-assistant',
        cluster: 'local',
        kind: 'ModelDownload',
        namespace: 'models',
        name: 'x',
        item: 'org/model',
      }),
  },
  DeleteResource: {
    method: 'deleteResource',
    call: client =>
      client.deleteResource({
        entityRef: 'component:default/chat-assistant',
        cluster: 'local',
        kind: 'LocalModelCache',
        name: 'llama-cache',
      }),
  },
  Redownload: {
    method: 'redownload',
    call: client =>
      client.redownload({
        entityRef: 'component:default/chat-assistant',
        cluster: 'local',
        kind: 'ModelDownload',
        namespace: 'models',
        name: 'x',
        model: 'org/model',
      }),
  },
  FormClusters: {
    method: 'formClusters',
    call: client => client.formClusters(),
  },
  FormNamespaces: {
    method: 'formNamespaces',
    call: client =>
      client.formNamespaces('local', 'component:default/chat-assistant'),
  },
  FormNamespaceAccess: {
    method: 'formNamespaceAccess',
    call: client =>
      client.formNamespaceAccess(
        'local',
        'team-b',
        'component:default/chat-assistant',
      ),
  },
  FormPersistentVolumeClaims: {
    method: 'formPersistentVolumeClaims',
    call: client => client.formPersistentVolumeClaims('local', 'ml-models'),
  },
  FormSecrets: {
    method: 'formSecrets',
    call: client => client.formSecrets('local', 'ml-models'),
  },
  FormNodeGroups: {
    method: 'formNodeGroups',
    call: client => client.formNodeGroups('local', 'ml-models'),
  },
  CheckHubModels: {
    method: 'checkHubModels',
    call: client =>
      client.checkHubModels({
        models: [{ id: 'org/model', revision: 'main' }],
        tokenSecret: {
          cluster: 'local',
          namespace: 'ml-models',
          name: 'hf-token',
          key: 'token',
        },
      }),
  },
};

describe('ModelDeliveryClient and openapi.yaml', () => {
  const discoveryApi = mockApis.discovery({ baseUrl: 'http://backstage' });
  const baseUrl = 'http://backstage/api/model-delivery';

  it('has a call for every operation of the spec and no other', () => {
    expect(Object.keys(clientCalls).sort()).toEqual(
      specOperations.map(o => o.operation.operationId).sort(),
    );
    // Every public method of the client is one of those calls (`request` is the
    // private transport they share).
    const methods = Object.getOwnPropertyNames(
      ModelDeliveryClient.prototype,
    ).filter(name => name !== 'constructor' && name !== 'request');
    expect(methods.sort()).toEqual(
      Object.values(clientCalls)
        .map(c => c.method)
        .sort(),
    );
  });

  it.each(specOperations)(
    '$method $path is what the client sends',
    async ({ path, method, operation }) => {
      const fetch = jest.fn(
        async (_input: RequestInfo | URL, _init?: RequestInit) =>
          jsonResponse({}),
      );
      const client = new ModelDeliveryClient({
        discoveryApi,
        fetchApi: { fetch },
      });
      const expected = clientCalls[operation.operationId];

      await expected.call(client);

      expect(fetch).toHaveBeenCalledTimes(1);
      const [url, init] = fetch.mock.calls[0];
      expect(init?.method ?? 'GET').toBe(method);
      // The path template with each parameter as one encoded segment.
      const names: string[] = [];
      const pattern = new RegExp(
        `^${baseUrl}${path.replace(/\{(\w+)\}/g, (_, name) => {
          names.push(name);
          return '([^/]+)';
        })}$`,
      );
      // The query string is the operation's query parameters, not part of the path.
      const match = String(url).split('?')[0].match(pattern);
      expect(match).not.toBeNull();
      expect(
        Object.fromEntries(
          names.map((name, i) => [name, decodeURIComponent(match![i + 1])]),
        ),
      ).toEqual(expected.pathParameters ?? {});

      // A JSON body of the spec's schema exactly when the spec has a request body.
      const content = operation.requestBody?.content ?? {};
      const [contentType] = Object.keys(content);
      expect(new Headers(init?.headers).get('Content-Type') ?? undefined).toBe(
        contentType,
      );
      expect(
        requestBodyDifferences(
          contentType && content[contentType].schema.$ref,
          init?.body,
        ),
      ).toEqual([]);
    },
  );
});
