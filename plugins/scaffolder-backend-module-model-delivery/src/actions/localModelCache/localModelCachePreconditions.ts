import { KubernetesObject } from '@kubernetes/client-node';
import {
  LOCAL_MODEL_NODE_GROUPS,
  LocalModelCacheInput,
  LocalModelCacheResource,
  ResourceKindDefinition,
  STORAGE_CONFIG_SECRET,
} from '@model-delivery/plugin-model-delivery-common';
import { ClusterConnection } from '../../cluster/clusterConnection';
import {
  namespaceProblem,
  secretKeysProblem,
  serviceAccountProblem,
} from '../../preconditions/clusterPreconditions';

function quoted(names: string[]): string {
  return names.map(n => `'${n}'`).join(', ');
}

/** Every node group names an existing LocalModelNodeGroup. */
export async function nodeGroupProblem(
  connection: ClusterConnection,
  nodeGroups: string[],
): Promise<string | undefined> {
  const list = await connection.request(
    { action: 'list', resource: `${LOCAL_MODEL_NODE_GROUPS.kind} objects` },
    () =>
      connection.objects.list(
        LOCAL_MODEL_NODE_GROUPS.apiVersion,
        LOCAL_MODEL_NODE_GROUPS.kind,
      ),
  );
  const existing = list.items.map(g => g.metadata?.name ?? '').sort();
  const missing = nodeGroups.filter(g => !existing.includes(g));
  if (missing.length === 0) return undefined;
  return `LocalModelNodeGroup ${quoted(missing)} ${
    missing.length === 1 ? 'does' : 'do'
  } not exist in cluster '${connection.name}' (${
    existing.length > 0 ? `existing: ${quoted(existing)}` : 'it has none'
  }): a node group says which nodes cache models and how much storage they get; pick existing groups or ask the platform admin to create them`;
}

/**
 * Another cache of the same kind (and namespace) already caching the model: KServe's
 * webhook rejects a second one. The same cache applied again is fine, unless its
 * sourceModelUri changed, which KServe forbids (immutable).
 */
export async function sourceModelUriProblem(
  connection: ClusterConnection,
  kind: ResourceKindDefinition<LocalModelCacheResource>,
  input: LocalModelCacheInput,
): Promise<string | undefined> {
  const namespace = kind.resource.namespaced ? input.namespace : undefined;
  const list = await connection.request(
    {
      action: 'list',
      resource: `${kind.kind} objects${
        namespace ? ` in namespace ${namespace}` : ''
      }`,
    },
    () =>
      connection.objects.list<LocalModelCacheResource & KubernetesObject>(
        kind.resource.apiVersion,
        kind.kind,
        namespace,
      ),
  );
  const same = list.items.find(c => c.metadata?.name === input.name);
  if (same && same.spec?.sourceModelUri !== input.sourceModelUri) {
    return `${kind.kind} '${input.name}' already exists with sourceModelUri '${same.spec?.sourceModelUri}', which KServe does not allow to change: choose another name for '${input.sourceModelUri}', or delete that cache first`;
  }
  const other = list.items.find(
    c =>
      c.metadata?.name !== input.name &&
      c.spec?.sourceModelUri === input.sourceModelUri,
  );
  if (other) {
    return `${kind.kind} '${other.metadata?.name}'${
      namespace ? ` in namespace '${namespace}'` : ''
    } already caches '${
      input.sourceModelUri
    }', and KServe allows one cache per model: use that cache (add node groups to it) instead of creating another`;
  }
  return undefined;
}

/**
 * The credentials exist where KServe's download Jobs look for them, in its jobs
 * namespace: the service account, or the storage-config Secret's key (key names only
 * are read). Without credentials to check, a missing jobs namespace is only a warning.
 */
export async function credentialsProblems(
  connection: ClusterConnection,
  input: LocalModelCacheInput,
  jobsNamespace: string,
): Promise<{ problems: string[]; warnings: string[] }> {
  const credentials = input.credentials ?? { method: 'none' };
  const needsJobsNamespace =
    credentials.method === 'serviceAccount' ||
    credentials.method === 'storageKey';
  const missingNamespace = await namespaceProblem(connection, jobsNamespace);
  if (missingNamespace) {
    const explained = `${missingNamespace}. KServe runs its download Jobs there: is KServe's local model cache enabled, and with this jobs namespace?`;
    return needsJobsNamespace
      ? { problems: [explained], warnings: [] }
      : { problems: [], warnings: [explained] };
  }
  if (credentials.method === 'serviceAccount') {
    const problem = await serviceAccountProblem(
      connection,
      jobsNamespace,
      credentials.serviceAccountName,
      "KServe's download Jobs run as it to get the storage credentials attached to it; create it there (with the token Secret attached) or name another one",
    );
    return { problems: problem ? [problem] : [], warnings: [] };
  }
  if (credentials.method === 'storageKey') {
    const problem = await secretKeysProblem(
      connection,
      jobsNamespace,
      STORAGE_CONFIG_SECRET,
      [credentials.storageKey],
      `KServe's download Jobs read the storage credentials from that key (JSON such as {"type":"hf","token":"…"}); add it, or name an existing key in credentials.storageKey`,
    );
    return { problems: problem ? [problem] : [], warnings: [] };
  }
  return { problems: [], warnings: [] };
}
