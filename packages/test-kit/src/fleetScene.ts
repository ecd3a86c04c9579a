/*
 * The cluster the benchmark measures: ModelDownloads of two models each, with the Job per
 * model hf-operator would have created, created through the real API server; the Job
 * controller and the stand-in kubelet make each Job's pod and bring it where its outcome
 * says.
 */
import { Agent, request } from 'node:https';
import { Entity } from '@backstage/catalog-model';
import {
  ControlPlane,
  Manifest,
  objectPath,
} from '@internal/local-control-plane';
import { KubeConfig } from '@kubernetes/client-node';
import {
  ANNOTATION_KUBERNETES_ID,
  modelDownloadKind,
} from '@model-delivery/plugin-model-delivery-common';
import { componentEntity } from './fixtures';
import {
  JobOutcome,
  Owner,
  hfOperatorJob,
  jobWithOutcome,
  modelDownload,
} from './playOperators';
import { inferenceService, kserveServerStatus } from './playServers';
import { namespace } from './namespaces';

/** An entity of the benchmark: its catalog entry and the label value its resources carry. */
export function fleetEntity(name: string): Entity {
  return componentEntity(name, { [ANNOTATION_KUBERNETES_ID]: name });
}

/** One ModelDownload and how each of its models' Jobs ends up. */
export interface PlayedDownload {
  name: string;
  namespace: string;
  kubernetesId: string;
  outcomes: Record<string, JobOutcome>;
}

/**
 * Writes objects as the control plane's admin over a few kept-alive connections: the
 * test kit's `applyManifests` opens a TLS connection per request, which makes the tens
 * of thousands of writes of a grown cluster take most of an hour on two CPUs.
 */
export class ClusterWriter {
  private readonly agent: Agent;
  private readonly kc: KubeConfig;
  private readonly server: URL;
  private readonly token: string;

  constructor(cp: ControlPlane, connections: number) {
    this.kc = cp.kubeConfig('admin');
    this.server = new URL(cp.server);
    this.token = cp.token('admin');
    this.agent = new Agent({
      keepAlive: true,
      maxSockets: connections,
      ca: Buffer.from(cp.caData, 'base64'),
    });
  }

  private send(
    method: string,
    path: string,
    body: unknown,
    contentType: string,
  ): Promise<any> {
    const payload = JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        new URL(path, this.server),
        {
          agent: this.agent,
          method,
          headers: {
            Authorization: `Bearer ${this.token}`,
            'Content-Type': contentType,
            'Content-Length': String(Buffer.byteLength(payload)),
          },
        },
        res => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', chunk => {
            text += chunk;
          });
          res.on('end', () => {
            if ((res.statusCode ?? 0) >= 300) {
              reject(
                new Error(
                  `${method} ${path} answered ${res.statusCode}: ${text.slice(
                    0,
                    300,
                  )}`,
                ),
              );
            } else {
              resolve(JSON.parse(text));
            }
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** Creates the object, then writes its `status`, if any, as its controller would. */
  async create(manifest: Manifest): Promise<any> {
    const { status, ...object } = manifest;
    const collection = await objectPath(this.kc, {
      ...object,
      metadata: { namespace: object.metadata?.namespace },
    });
    const created = await this.send(
      'POST',
      collection,
      object,
      'application/json',
    );
    if (status === undefined) return created;
    return this.writeStatus(manifest, status);
  }

  /** Merge-patches an existing object's status subresource. */
  async writeStatus(object: Manifest, status: unknown): Promise<any> {
    const path = await objectPath(this.kc, object);
    return this.send(
      'PATCH',
      `${path}/status`,
      { status },
      'application/merge-patch+json',
    );
  }

  close() {
    this.agent.destroy();
  }
}

/**
 * What `playHfOperator` of the test kit plays for one ModelDownload, written faster: the
 * resource, then a Job per model, owned by it, with the script its pod follows (the Job
 * controller and the stand-in kubelet end it as `outcomes` say, in the background), and
 * the status lists hf-operator writes (never cleared: every model stays pending).
 */
export async function playDownload(
  writer: ClusterWriter,
  download: PlayedDownload,
) {
  const models = Object.keys(download.outcomes);
  const ns = download.namespace;
  const resource = await writer.create(
    modelDownload({
      name: download.name,
      namespace: ns,
      kubernetesId: download.kubernetesId,
      models,
    }),
  );
  const type = modelDownloadKind.resource;
  const owner: Owner = {
    apiVersion: type.apiVersion,
    kind: type.kind,
    name: download.name,
    uid: resource.metadata.uid,
  };
  const objects = models.flatMap(model => {
    const outcome = download.outcomes[model];
    const job = hfOperatorJob({
      resource: download.name,
      namespace: ns,
      model,
      owner,
    });
    return jobWithOutcome(job, outcome);
  });
  await Promise.all(objects.map(o => writer.create(o)));
  await writer.writeStatus(resource, {
    pending: models,
    completed: models.filter(m => download.outcomes[m].state === 'completed'),
    failed: models.filter(m => download.outcomes[m].state === 'failed'),
  });
}

/**
 * Runs `work` over the items with at most `limit` at a time; `onProgress` hears about
 * every hundredth item done.
 */
export async function forEachConcurrently<T>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<void>,
  onProgress?: (done: number) => void,
) {
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next++];
        await work(item);
        done++;
        if (onProgress && done % 100 === 0) onProgress(done);
      }
    }),
  );
}

const FAILED: JobOutcome = {
  state: 'failed',
  exitCode: 1,
  message:
    '401 Client Error: Unauthorized for url: https://huggingface.co/api/models (the token has no access to the gated model)',
};

/**
 * The measured entity's downloads: `count` ModelDownloads of two models, most completed,
 * one in ten still downloading, and the second model of two of them failed.
 */
export function measuredDownloads(
  kubernetesId: string,
  ns: string,
  count: number,
): PlayedDownload[] {
  const failed = new Set([Math.floor(count / 5), Math.floor((count * 3) / 4)]);
  return Array.from({ length: count }, (_, i) => {
    const name = `${kubernetesId}-models-${String(i).padStart(3, '0')}`;
    const [a, b] = [`fleet/model-${i}-a`, `fleet/model-${i}-b`];
    let outcomes: Record<string, JobOutcome>;
    if (failed.has(i)) {
      outcomes = { [a]: { state: 'completed' }, [b]: FAILED };
    } else if (i % 10 === 0) {
      outcomes = { [a]: { state: 'completed' }, [b]: { state: 'running' } };
    } else {
      outcomes = { [a]: { state: 'completed' }, [b]: { state: 'completed' } };
    }
    return { name, namespace: ns, kubernetesId, outcomes };
  });
}

/** Other entities' downloads: `perEntity` each for the given entities, spread over `namespaces`. */
export function otherDownloads(
  kubernetesIds: string[],
  perEntity: number,
  namespaces: string[],
): PlayedDownload[] {
  return kubernetesIds.flatMap((kubernetesId, e) =>
    Array.from({ length: perEntity }, (_, i) => ({
      name: `${kubernetesId}-models-${i}`,
      namespace: namespaces[(e * perEntity + i) % namespaces.length],
      kubernetesId,
      outcomes:
        i % 7 === 0
          ? {
              [`${kubernetesId}/model-${i}-a`]: { state: 'completed' as const },
              [`${kubernetesId}/model-${i}-b`]: { state: 'running' as const },
            }
          : {
              [`${kubernetesId}/model-${i}-a`]: { state: 'completed' as const },
              [`${kubernetesId}/model-${i}-b`]: { state: 'completed' as const },
            },
    })),
  );
}

/**
 * Servers of the measured entity's models: `count` InferenceServices in its namespace,
 * each of another entity (round robin), serving one of its downloads' first model from
 * the download's copy in the PVC (`pvc://models/<model>`, resolved through the claim),
 * ready, as KServe reports them.
 */
export function measuredServers(
  measured: PlayedDownload[],
  kubernetesIds: string[],
  count: number,
): Manifest[] {
  return Array.from({ length: count }, (_, i) => {
    const download = measured[i % measured.length];
    const [model] = Object.keys(download.outcomes);
    const name = `fleet-server-${String(i).padStart(3, '0')}`;
    return inferenceService({
      name,
      namespace: download.namespace,
      kubernetesId: kubernetesIds[i % kubernetesIds.length],
      storageUri: `pvc://models/${model}`,
      status: kserveServerStatus.ready(
        `http://${name}.${download.namespace}.example.com`,
        '2026-11-21T09:00:10Z',
      ),
    });
  });
}

/** The namespaces the downloads are in, to create first. */
export function namespacesOf(downloads: ReadonlyArray<{ namespace: string }>) {
  return [...new Set(downloads.map(d => d.namespace))].map(ns => namespace(ns));
}
