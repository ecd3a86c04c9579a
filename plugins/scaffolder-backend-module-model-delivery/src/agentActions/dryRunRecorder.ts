import type { KubeConfig } from '@kubernetes/client-node';
import { ModelDeliveryClustersService } from '@model-delivery/plugin-model-delivery-node';

/** What a dry run sent: each object it had the API server admit (`dryRun=All`). */
export interface DryRunRecorder {
  /** The clusters to build the template action with: the real ones, recorded. */
  clusters: ModelDeliveryClustersService;
  /** The bodies of the dry-run writes, in order, as JSON. */
  sent: Array<Record<string, unknown>>;
}

type RequestContext = {
  getUrl(): string;
  getHttpMethod(): string;
  getBody(): unknown;
};

/**
 * The clusters as they are, except that every dry-run write is also recorded, so a plan
 * can return the very object the template action had the API server admit. Recording
 * sits in the KubeConfig's authentication hook, which client-node calls for every
 * request with the request about to be sent; nothing about the request is changed.
 */
export function recordDryRuns(
  clusters: ModelDeliveryClustersService,
): DryRunRecorder {
  const sent: Array<Record<string, unknown>> = [];
  const record = (context: RequestContext) => {
    const url = context.getUrl();
    if (!/[?&]dryRun=All(&|$)/.test(url)) return;
    const body = context.getBody();
    if (typeof body !== 'string') return;
    try {
      sent.push(JSON.parse(body));
    } catch {
      // Not JSON: not an object write.
    }
  };
  const recording = (kc: KubeConfig): KubeConfig => {
    const wrapped = Object.create(kc) as KubeConfig;
    wrapped.applySecurityAuthentication = async (context: any) => {
      record(context);
      return kc.applySecurityAuthentication(context);
    };
    return wrapped;
  };
  return {
    sent,
    clusters: {
      listClusters: () => clusters.listClusters(),
      getCluster: name => {
        const cluster = clusters.getCluster(name);
        return {
          ...cluster,
          kubeConfig: async () => recording(await cluster.kubeConfig()),
        };
      },
    },
  };
}
