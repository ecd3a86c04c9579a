import { NotFoundError } from '@backstage/errors';
import {
  ApiextensionsV1Api,
  CoreV1Api,
  KubernetesObjectApi,
} from '@kubernetes/client-node';
import {
  ModelDeliveryCluster,
  ModelDeliveryClustersService,
  describeKubernetesError,
  isObjectNotFound,
} from '@model-delivery/plugin-model-delivery-node';

/** What a request acts on, for error messages: the RBAC verb and the object. */
export interface RequestSubject {
  /** The RBAC verb: get, list, create, patch... */
  action: string;
  /** e.g. `ModelDownload ml-models/llama` or `Secret ml-models/hf-token`. */
  resource: string;
}

/**
 * One cluster, as a scaffolder action talks to it: typed clients, and every request's
 * failure turned into a message the template user can act on (which cluster, what was
 * being done, what to fix).
 */
export interface ClusterConnection {
  /** The cluster's name in `kubernetes.clusterLocatorMethods`. */
  readonly name: string;
  /** The cluster, for the node package's reads (the token Secret). */
  readonly cluster: ModelDeliveryCluster;
  /** Any kind, by apiVersion and kind: custom resources, server-side apply. */
  readonly objects: KubernetesObjectApi;
  readonly core: CoreV1Api;
  readonly apiextensions: ApiextensionsV1Api;
  /** Runs a request; a failure becomes an actionable `@backstage/errors` error. */
  request<T>(subject: RequestSubject, send: () => Promise<T>): Promise<T>;
  /** Like {@link ClusterConnection.request}, resolving `undefined` when the object does not exist. */
  readIfExists<T>(
    subject: RequestSubject,
    send: () => Promise<T>,
  ): Promise<T | undefined>;
}

/**
 * client-node's generic object client throws a plain Error when the API group exists
 * but does not serve the kind (a CRD of the same group is missing); the API server never
 * answered, so describeKubernetesError could not tell. Said here in its terms.
 */
function describeUnservedKind(
  error: unknown,
  cluster: string,
  subject: RequestSubject,
): Error | undefined {
  const message = error instanceof Error ? error.message : '';
  const match = /^Unrecognized API version and kind: (\S+) (\S+)/.exec(message);
  if (!match) return undefined;
  return new NotFoundError(
    `Cannot ${subject.action} ${subject.resource} in cluster '${cluster}': the cluster does not serve ${match[2]} (${match[1]}), so its CRD (and the operator that handles it) is not installed there`,
  );
}

function describe(error: unknown, cluster: string, subject: RequestSubject) {
  return (
    describeUnservedKind(error, cluster, subject) ??
    describeKubernetesError(error, { ...subject, cluster })
  );
}

/**
 * Connects to a configured cluster. An unknown name fails with the list of configured
 * clusters; an unusable one (auth the suite cannot use server-side) with the reason.
 */
export async function connectToCluster(
  clusters: ModelDeliveryClustersService,
  name: string,
): Promise<ClusterConnection> {
  const cluster = clusters.getCluster(name);
  const kc = await cluster.kubeConfig();
  return {
    name: cluster.name,
    cluster,
    objects: KubernetesObjectApi.makeApiClient(kc),
    core: kc.makeApiClient(CoreV1Api),
    apiextensions: kc.makeApiClient(ApiextensionsV1Api),
    async request(subject, send) {
      try {
        return await send();
      } catch (error) {
        throw describe(error, cluster.name, subject);
      }
    },
    async readIfExists(subject, send) {
      try {
        return await send();
      } catch (error) {
        // A missing object answers a Status naming it; a missing type is a different 404.
        if (isObjectNotFound(error)) {
          return undefined;
        }
        throw describe(error, cluster.name, subject);
      }
    },
  };
}
