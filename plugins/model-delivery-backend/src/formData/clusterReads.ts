import { request as httpRequest } from 'node:http';
import { RequestOptions, request as httpsRequest } from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import { KubernetesHttpError } from '../cache/apiRequests';

/*
 * The GETs behind the template forms, as raw JSON, one page at a time: each page is
 * reduced to what a picker shows (`project`) before the next is read, so a Secret list's
 * values are dropped page by page and never kept. Credentials come from
 * `KubeConfig.applyToHTTPSOptions`, as for the watches (tokens rotate per request).
 */

/** Items per LIST page, unless the list says otherwise. */
const PAGE_SIZE = 500;

/** Asks for `metadata` only (a PartialObjectMetadataList), JSON as fallback. */
export const METADATA_ONLY =
  'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';

async function getJson(
  kc: KubeConfig,
  path: string,
  query: Record<string, string | undefined>,
  options: { accept?: string; timeoutMs: number },
): Promise<unknown> {
  const server = kc.getCurrentCluster()?.server;
  if (!server) throw new Error('the kubeconfig has no current cluster');
  const url = new URL(server.replace(/\/$/, '') + path);
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) url.searchParams.set(key, value);
  }
  const requestOptions: RequestOptions = {
    method: 'GET',
    headers: { Accept: options.accept ?? 'application/json' },
  };
  await kc.applyToHTTPSOptions(requestOptions);
  const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
  const what = `GET ${url.pathname}`;

  const text = await new Promise<{ status: number; body: string }>(
    (resolve, reject) => {
      const req = send(url, requestOptions, response => {
        response.setEncoding('utf8');
        let body = '';
        response.on('data', chunk => {
          body += chunk;
        });
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body }),
        );
        response.on('error', reject);
      });
      // The whole answer in time, or the cluster counts as unreachable (ETIMEDOUT).
      req.setTimeout(options.timeoutMs, () =>
        req.destroy(
          Object.assign(
            new Error(`${what}: no answer within ${options.timeoutMs} ms`),
            { code: 'ETIMEDOUT' },
          ),
        ),
      );
      req.on('error', reject);
      req.end();
    },
  );
  if (text.status < 200 || text.status >= 300) {
    // A refusal's Status body names the verb and resource, never an object's data.
    throw new KubernetesHttpError(text.status, text.body, what);
  }
  try {
    return JSON.parse(text.body);
  } catch {
    // Not the parser's message: it quotes the text around the fault, which in a Secret
    // list is Secret data.
    throw new Error(`${what} answered with a body that is not JSON`);
  }
}

/**
 * Every item of a collection (all pages), each reduced by `project` as its page is read.
 * Rejects with a KubernetesHttpError or a connection error, as describeKubernetesError reads them.
 */
export async function listProjected<T>(
  kc: KubeConfig,
  path: string,
  project: (item: any) => T,
  options: { accept?: string; timeoutMs: number; pageSize?: number },
): Promise<T[]> {
  const items: T[] = [];
  let continueToken: string | undefined;
  do {
    const page = (await getJson(
      kc,
      path,
      { limit: String(options.pageSize ?? PAGE_SIZE), continue: continueToken },
      options,
    )) as { items?: unknown[]; metadata?: { continue?: string } };
    for (const item of page.items ?? []) items.push(project(item));
    continueToken = page.metadata?.continue || undefined;
  } while (continueToken);
  return items;
}

/**
 * One key of one Secret, decoded; undefined when the Secret has no such key. The rest of
 * the Secret is dropped here. Rejects as {@link listProjected} does (404 when there is no
 * such Secret).
 */
export async function readSecretKey(
  kc: KubeConfig,
  secret: { namespace: string; name: string; key: string },
  timeoutMs: number,
): Promise<string | undefined> {
  const object = (await getJson(
    kc,
    `/api/v1/namespaces/${encodeURIComponent(
      secret.namespace,
    )}/secrets/${encodeURIComponent(secret.name)}`,
    {},
    { timeoutMs },
  )) as { data?: Record<string, string> };
  const encoded = object.data?.[secret.key];
  return encoded === undefined
    ? undefined
    : Buffer.from(encoded, 'base64').toString('utf8');
}
