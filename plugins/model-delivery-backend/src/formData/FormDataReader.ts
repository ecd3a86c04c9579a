import { InputError } from '@backstage/errors';
import {
  FormDataList,
  FormDataProblem,
  checkDnsLabel,
  formatIssues,
} from '@model-delivery/plugin-model-delivery-common';
import {
  ModelDeliveryCluster,
  ModelDeliveryClustersService,
  describeKubernetesError,
  listKubernetesPages,
} from '@model-delivery/plugin-model-delivery-node';
import { MomentaryCache } from '../access/momentaryCache';
import { PickerList, sortedByName } from './pickerLists';

/** What a failed read of a cluster means for a form, from the error as described for people. */
export function formDataProblem(described: Error): FormDataProblem {
  switch (described.name) {
    // 401 and 403 alike: the cluster refuses the suite's identity.
    case 'NotAllowedError':
    case 'AuthenticationError':
      return { reason: 'forbidden', message: described.message };
    case 'NotFoundError':
      return { reason: 'not-served', message: described.message };
    default:
      return { reason: 'unreachable', message: described.message };
  }
}

/**
 * The pickers' lists, read from the clusters with the suite's identity and kept for
 * `cacheMs` per cluster, list and namespace, so a form that asks again (each keystroke of
 * a namespace, a second user) costs the API server nothing. A cluster that cannot be read
 * gives a list with `problem` (kept as briefly, so a fixed ClusterRole shows soon).
 */
export class FormDataReader {
  private readonly lists: MomentaryCache<FormDataList<unknown>>;

  constructor(
    private readonly options: {
      clusters: ModelDeliveryClustersService;
      cacheMs: number;
      timeoutMs: number;
    },
  ) {
    this.lists = new MomentaryCache(options.cacheMs, 0, 1_000);
  }

  /** A configured cluster by name, or a 400 naming the parameter and the configured ones. */
  cluster(name: unknown, parameter = 'cluster'): ModelDeliveryCluster {
    if (typeof name !== 'string' || name === '') {
      throw new InputError(
        `${parameter}: one cluster name is required (a cluster of kubernetes.clusterLocatorMethods)`,
      );
    }
    try {
      return this.options.clusters.getCluster(name);
    } catch (error) {
      throw new InputError(`${parameter}: ${(error as Error).message}`);
    }
  }

  /** A namespace parameter, or a 400 naming it and the rule it breaks. */
  namespace(value: unknown, parameter = 'namespace'): string {
    const issues = checkDnsLabel(parameter, value, 'namespace name');
    if (issues.length > 0) throw new InputError(formatIssues(issues));
    return value as string;
  }

  async list<T extends { name: string }>(
    list: PickerList<T>,
    cluster: ModelDeliveryCluster,
    namespace?: string,
  ): Promise<FormDataList<T>> {
    const key = [cluster.name, list.resource, namespace ?? ''].join('\n');
    const answer = await this.lists.get(key, () =>
      this.read(list, cluster, namespace),
    );
    return answer as FormDataList<T>;
  }

  private async read<T extends { name: string }>(
    list: PickerList<T>,
    cluster: ModelDeliveryCluster,
    namespace?: string,
  ): Promise<FormDataList<T>> {
    const base = {
      cluster: cluster.name,
      ...(list.namespaced ? { namespace } : {}),
    };
    try {
      // Each page is reduced to what a picker shows before the next is read.
      const { items } = await listKubernetesPages(
        await cluster.kubeConfig(),
        {
          path: list.path(namespace),
          accept: list.accept,
          pageSize: list.pageSize ?? 500,
          timeoutMs: this.options.timeoutMs,
        },
        list.project,
      );
      return { ...base, items: sortedByName(items) };
    } catch (error) {
      const described = describeKubernetesError(error, {
        action: 'list',
        cluster: cluster.name,
        resource: list.namespaced
          ? `${list.resource} in namespace '${namespace}'`
          : list.resource,
        url: cluster.url,
      });
      return { ...base, items: [], problem: formDataProblem(described) };
    }
  }
}
