import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import {
  ApiextensionsV1Api,
  KubeConfig,
  KubernetesObject,
} from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';

const FIELD_MANAGER = 'local-control-plane';

/** A manifest object, optionally with the `status` a controller would have written. */
export type Manifest = KubernetesObject & {
  apiVersion: string;
  kind: string;
  status?: unknown;
  [k: string]: unknown;
};

/** Reads every YAML document of the given files. */
export function readManifests(files: string[]): Manifest[] {
  return files.flatMap(file =>
    parseAllDocuments(readFileSync(file, 'utf8'))
      .map(doc => doc.toJS() as Manifest | null)
      .filter((m): m is Manifest => !!m)
      .map(m => {
        if (!m.apiVersion || !m.kind) {
          throw new Error(`${file}: a document without apiVersion or kind`);
        }
        return m;
      }),
  );
}

/**
 * A raw request against the API server, for what the typed clients do not cover generically
 * (status subresources of any kind, discovery).
 */
export async function rawRequest(
  kc: KubeConfig,
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<{ status: number; body: any }> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('kubeconfig has no current cluster');
  const url = new URL(path, cluster.server);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const options: Parameters<typeof request>[1] = {
    method,
    // A length, always: Node sends a DELETE's body without chunked framing, so without
    // one the API server reads no body and a DELETE's options (propagationPolicy,
    // preconditions) are silently dropped.
    headers: payload
      ? {
          'Content-Type': contentType,
          'Content-Length': Buffer.byteLength(payload),
        }
      : {},
  };
  await kc.applyToHTTPSOptions(options);
  return new Promise((res, rej) => {
    const req = request(url, options, response => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', c => {
        text += c;
      });
      response.on('end', () => {
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          // not JSON
        }
        res({ status: response.statusCode ?? 0, body: parsed });
      });
    });
    req.on('error', rej);
    if (payload) req.write(payload);
    req.end();
  });
}

const discovery = new WeakMap<KubeConfig, Map<string, any[]>>();

const DISCOVERY_LAG_MS = 10_000;

/** The REST path of an object (collection path when `name` is omitted). */
export async function objectPath(
  kc: KubeConfig,
  obj: {
    apiVersion: string;
    kind: string;
    metadata?: { name?: string; namespace?: string };
  },
): Promise<string> {
  const base = obj.apiVersion.includes('/')
    ? `/apis/${obj.apiVersion}`
    : `/api/${obj.apiVersion}`;
  let cache = discovery.get(kc);
  if (!cache) {
    cache = new Map();
    discovery.set(kc, cache);
  }
  const servedHere = (list: any[] | undefined) =>
    list?.find(x => x.kind === obj.kind && !x.name.includes('/'));
  let resource = servedHere(cache.get(base));
  // Discovery lags a CRD that has just become Established by a moment: a 404, or a list
  // without the kind, is asked again for a few seconds before it counts.
  const deadline = Date.now() + DISCOVERY_LAG_MS;
  while (!resource) {
    const r = await rawRequest(kc, 'GET', base);
    if (r.status === 200) {
      cache.set(base, r.body.resources as any[]);
      resource = servedHere(cache.get(base));
      if (resource) break;
    }
    if (Date.now() >= deadline) {
      if (r.status !== 200)
        throw new Error(`discovery of ${base} answered ${r.status}`);
      throw new Error(`${obj.kind} is not served under ${base}`);
    }
    await new Promise(done => setTimeout(done, 200));
  }
  const ns = resource.namespaced
    ? `/namespaces/${obj.metadata?.namespace ?? 'default'}`
    : '';
  const name = obj.metadata?.name ? `/${obj.metadata.name}` : '';
  return `${base}${ns}/${resource.name}${name}`;
}

/** Merge-patches the status subresource, as a controller does. */
export async function patchStatus(
  kc: KubeConfig,
  obj: Manifest,
  status: unknown,
) {
  const path = `${await objectPath(kc, obj)}/status`;
  const r = await rawRequest(
    kc,
    'PATCH',
    path,
    { status },
    'application/merge-patch+json',
  );
  if (r.status >= 300) {
    throw new Error(
      `PATCH ${path} answered ${r.status}: ${JSON.stringify(r.body)}`,
    );
  }
  return r.body;
}

/**
 * Server-side applies each object; an object carrying `status` then gets that status
 * written through the status subresource, the way its controller would write it. A
 * document with nothing but metadata and `status` only writes the status.
 */
export async function applyManifests(kc: KubeConfig, manifests: Manifest[]) {
  const applied: KubernetesObject[] = [];
  for (const manifest of manifests) {
    const { status, ...object } = manifest as Manifest;
    const statusOnly =
      status !== undefined &&
      Object.keys(object).every(k =>
        ['apiVersion', 'kind', 'metadata'].includes(k),
      );
    // A document with only a status plays the controller for an object applied earlier.
    if (statusOnly) {
      applied.push(await patchStatus(kc, manifest, status));
      continue;
    }
    // Raw JSON on purpose: the typed serializer drops keys it has no model for, such as
    // `x-kubernetes-int-or-string` in a CRD schema.
    const path = `${await objectPath(
      kc,
      object,
    )}?fieldManager=${FIELD_MANAGER}&force=true`;
    const r = await rawRequest(
      kc,
      'PATCH',
      path,
      object,
      'application/apply-patch+yaml',
    );
    if (r.status >= 300) {
      throw new Error(
        `applying ${object.kind} ${object.metadata?.name} answered ${
          r.status
        }: ${r.body?.message ?? JSON.stringify(r.body)}`,
      );
    }
    applied.push(status ? await patchStatus(kc, manifest, status) : r.body);
  }
  return applied;
}

export async function applyManifestFiles(kc: KubeConfig, files: string[]) {
  return applyManifests(kc, readManifests(files));
}

/** Applies every CRD in a folder and waits until each is Established (served). */
export async function installCrds(kc: KubeConfig, dir: string) {
  const files = readdirSync(dir)
    .filter(f => f.endsWith('.yaml'))
    .map(f => join(dir, f));
  const crds = readManifests(files);
  await applyManifests(kc, crds);
  const api = kc.makeApiClient(ApiextensionsV1Api);
  const deadline = Date.now() + 30_000;
  for (const crd of crds) {
    for (;;) {
      const current = await api.readCustomResourceDefinition({
        name: crd.metadata!.name!,
      });
      const established = current.status?.conditions?.some(
        c => c.type === 'Established' && c.status === 'True',
      );
      if (established) break;
      if (Date.now() > deadline) {
        throw new Error(
          `CRD ${crd.metadata!.name} was not Established within 30 s`,
        );
      }
      await new Promise(r => setTimeout(r, 100));
    }
  }
}
