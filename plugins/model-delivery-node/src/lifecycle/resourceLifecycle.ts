import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  BatchV1Api,
  KubeConfig,
  KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
  V1Job,
} from '@kubernetes/client-node';
import {
  DeletedResourceObject,
  KubeObject,
  ModelDownload,
  RedownloadResponse,
  ResourceKindDefinition,
  formatLabelSelector,
  hfOperatorJobName,
  modelDownloadKind,
} from '@model-delivery/plugin-model-delivery-common';
import {
  describeKubernetesError,
  kubernetesStatusCode,
} from '../kubernetesErrors';

/**
 * The cluster writes of the portal's lifecycle operations, shared by the backend's routes
 * and the scaffolder's actions. Callers have already decided that the resource belongs to
 * the entity and that the caller may act on it; every write here carries the uid of the
 * object they decided on, so that a resource (or Job) deleted and recreated meanwhile
 * under the same name is refused (409), never touched.
 */

/** Where the writes go, for the API clients and error messages. @public */
export interface LifecycleTarget {
  kubeConfig: KubeConfig;
  cluster: string;
  url?: string;
  /** Send every write with `dryRun=All`: the API server checks it and persists nothing. */
  dryRun?: boolean;
}

function describeObject(
  kind: string,
  namespace: string | undefined,
  name: string,
) {
  return `${kind} ${namespace ? `${namespace}/` : ''}${name}`;
}

/**
 * A DELETE with a body reads its options from the body alone: the API server ignores the
 * query's dryRun then (measured: a `?dryRun=All` delete with a body deleted the object).
 */
function dryRunOption(target: LifecycleTarget): { dryRun?: string[] } {
  return target.dryRun ? { dryRun: ['All'] } : {};
}

/**
 * Deletes a Job and, through the garbage collector, its pods, so that the operator that
 * owns it creates it again (a retry, a re-download). With the Job's uid, a Job deleted
 * and recreated meanwhile under the same name is refused (409). False when it was gone
 * already (its TTL, or the operator): what was asked for is true.
 *
 * @public
 */
export async function deleteJob(
  target: LifecycleTarget,
  job: { name: string; namespace: string; uid?: string },
  options: {
    /** A 409 (uid precondition) means its operator has just replaced the Job: not an error. */
    replacedMeanwhile?: boolean;
  } = {},
): Promise<boolean> {
  const { name, namespace, uid } = job;
  const batch = target.kubeConfig.makeApiClient(BatchV1Api);
  try {
    await batch.deleteNamespacedJob({
      name,
      namespace,
      // Background: the garbage collector removes the Job's pods too (the API's default
      // for Jobs orphans them, and hf-operator's own deletes leave them behind).
      propagationPolicy: 'Background',
      dryRun: target.dryRun ? 'All' : undefined,
      body: {
        propagationPolicy: 'Background',
        ...dryRunOption(target),
        ...(uid ? { preconditions: { uid } } : {}),
      },
    });
    return true;
  } catch (error) {
    if (kubernetesStatusCode(error) === 404) return false;
    if (kubernetesStatusCode(error) === 409 && options.replacedMeanwhile) {
      return false;
    }
    throw describeKubernetesError(error, {
      action: 'delete',
      cluster: target.cluster,
      resource: `Job ${namespace}/${name}`,
      url: target.url,
    });
  }
}

function jobRef(job: V1Job) {
  return {
    name: job.metadata!.name!,
    namespace: job.metadata!.namespace!,
    uid: job.metadata?.uid,
  };
}

/**
 * Deletes one resource of a kind the suite can delete (its `lifecycle`), with
 * propagation Background, and reports its Jobs, for a kind whose lifecycle says they go
 * with it: those its related Job types select for it. A Job whose controller is this very
 * resource (by uid) is left to the cluster's garbage collector, which removes it and its
 * pods once the resource is gone; a Job with the resource's labels and no controller at
 * all (made by hand, or by an operator that set no owner reference) is deleted here, since
 * nothing else would. Jobs controlled by anything else are not touched. The resource goes
 * first: once it is gone its operator recreates nothing.
 *
 * @public
 */
export async function deleteResourceWithJobs(
  target: LifecycleTarget,
  kind: ResourceKindDefinition<any>,
  resource: KubeObject,
): Promise<DeletedResourceObject[]> {
  const { lifecycle } = kind;
  const name = resource.metadata!.name!;
  const namespace = kind.resource.namespaced
    ? resource.metadata?.namespace
    : undefined;
  const uid = resource.metadata?.uid;
  if (!lifecycle) {
    throw new ConflictError(
      `The suite does not delete ${kind.kind} resources from the portal`,
    );
  }
  const what = describeObject(kind.kind, namespace, name);
  // Listed before the delete: the garbage collector may have removed them by the time
  // the delete returns.
  const jobs =
    lifecycle.deletesJobs && namespace
      ? await labelledJobs(target, kind, name, namespace)
      : [];
  const objects = KubernetesObjectApi.makeApiClient(target.kubeConfig);
  try {
    await objects.delete(
      {
        apiVersion: kind.resource.apiVersion,
        kind: kind.resource.kind,
        metadata: { name, ...(namespace ? { namespace } : {}) },
      },
      undefined,
      target.dryRun ? 'All' : undefined,
      undefined,
      undefined,
      'Background',
      {
        propagationPolicy: 'Background',
        ...dryRunOption(target),
        ...(uid ? { preconditions: { uid } } : {}),
      },
    );
  } catch (error) {
    if (kubernetesStatusCode(error) === 404) {
      throw new NotFoundError(
        `${what} in cluster '${target.cluster}' does not exist (any more)`,
      );
    }
    throw describeKubernetesError(error, {
      action: 'delete',
      cluster: target.cluster,
      resource: what,
      url: target.url,
    });
  }
  const deleted: DeletedResourceObject[] = [
    { kind: kind.kind, ...(namespace ? { namespace } : {}), name },
  ];
  for (const job of jobs) {
    const controller = (job.metadata?.ownerReferences ?? []).find(
      ref => ref.controller,
    );
    const jobName = job.metadata!.name!;
    if (controller && controller.uid === uid) {
      deleted.push({
        kind: 'Job',
        namespace,
        name: jobName,
        removedBy: 'garbage-collector',
      });
    } else if (!controller && (await deleteJob(target, jobRef(job)))) {
      deleted.push({ kind: 'Job', namespace, name: jobName });
    }
  }
  return deleted;
}

/** The Jobs a kind's related Job types select for one of its resources. */
async function labelledJobs(
  target: LifecycleTarget,
  kind: ResourceKindDefinition<any>,
  name: string,
  namespace: string,
): Promise<V1Job[]> {
  const batch = target.kubeConfig.makeApiClient(BatchV1Api);
  const jobs: V1Job[] = [];
  for (const type of kind.related.filter(t => t.kind === 'Job')) {
    const labels = kind.relatedLabels(type, { name, namespace });
    if (!labels) continue;
    const selector = [type.labelSelector, formatLabelSelector(labels)]
      .filter(Boolean)
      .join(',');
    try {
      jobs.push(
        ...(
          await batch.listNamespacedJob({ namespace, labelSelector: selector })
        ).items,
      );
    } catch (error) {
      throw describeKubernetesError(error, {
        action: 'list',
        cluster: target.cluster,
        resource: `Jobs ${selector} in namespace ${namespace}`,
        url: target.url,
      });
    }
  }
  return jobs;
}

/**
 * Re-downloads models of a ModelDownload by deleting their Jobs: hf-operator watches the
 * Jobs it owns and creates a missing one at once. `settings.forceReload` is not used for
 * it: set, hf-operator deletes and recreates every Job of the resource on every reconcile,
 * over and over, until someone unsets it, and an unset the suite sent right after could
 * come before the operator ever saw it set. When found set, it is unset first, so that
 * the recreated Jobs are the last ones (the unset changes the spec hash hf-operator stamps
 * on its Jobs, so it recreates every Job of the resource once more).
 *
 * While forceReload was set, hf-operator may replace the model's Job between the read
 * and the delete here: the delete's uid precondition then refuses (409), and the Job,
 * new already, is reported as not deleted (hf-operator's replacement is the re-download).
 *
 * @public
 */
export async function redownloadModels(
  target: LifecycleTarget,
  resource: ModelDownload,
  models: string[],
): Promise<RedownloadResponse> {
  const name = resource.metadata!.name!;
  const namespace = resource.metadata!.namespace!;
  const what = describeObject('ModelDownload', namespace, name);
  const inSpec = new Set((resource.spec?.models ?? []).map(m => m.name));
  const unknown = models.filter(m => !inSpec.has(m));
  if (unknown.length > 0) {
    throw new NotFoundError(
      `${what} in cluster '${target.cluster}' has no model ${unknown
        .map(m => `'${m}'`)
        .join(', ')} in its spec (its models: ${[...inSpec].join(', ')})`,
    );
  }

  let forceReloadUnset = false;
  if (resource.spec?.settings?.forceReload === true) {
    const objects = KubernetesObjectApi.makeApiClient(target.kubeConfig);
    try {
      await objects.patch(
        {
          apiVersion: modelDownloadKind.resource.apiVersion,
          kind: modelDownloadKind.resource.kind,
          // A uid in a patch is a precondition: a recreated resource is refused.
          metadata: { name, namespace, uid: resource.metadata?.uid },
          spec: { settings: { forceReload: null } },
        } as KubernetesObject,
        undefined,
        target.dryRun ? 'All' : undefined,
        'backstage-model-delivery',
        undefined,
        PatchStrategy.MergePatch,
      );
    } catch (error) {
      throw describeKubernetesError(error, {
        action: 'patch',
        cluster: target.cluster,
        resource: `${what} (unset settings.forceReload)`,
        url: target.url,
      });
    }
    forceReloadUnset = true;
  }

  const batch = target.kubeConfig.makeApiClient(BatchV1Api);
  const jobs: RedownloadResponse['jobs'] = [];
  for (const model of models) {
    const job = hfOperatorJobName(name, model);
    let existing: V1Job | undefined;
    try {
      existing = await batch.readNamespacedJob({ name: job, namespace });
    } catch (error) {
      if (kubernetesStatusCode(error) !== 404) {
        throw describeKubernetesError(error, {
          action: 'get',
          cluster: target.cluster,
          resource: `Job ${namespace}/${job}`,
          url: target.url,
        });
      }
    }
    // A Job of that name controlled by another resource is not this one's to delete.
    const ours =
      existing &&
      (existing.metadata?.ownerReferences ?? []).every(
        ref => !ref.controller || ref.uid === resource.metadata?.uid,
      );
    const deleted =
      existing && ours
        ? await deleteJob(target, jobRef(existing), {
            replacedMeanwhile: forceReloadUnset,
          })
        : false;
    jobs.push({ model, job, deleted });
  }
  return { namespace, jobs, forceReloadUnset };
}
