import { JobLike, PodLike } from '../../kubernetesObjects';
import { ITEM_NOUN, deriveModelDownloadStatus } from './status';
import { formatLabelSelector } from '../../labelSelector';
import { huggingFaceModel } from '../../models/modelIdentity';
import { ResourceKindDefinition, watchedTypeKey } from '../definition';
import { JOB_PODS, jobsSelectedBy } from '../jobProgress';
import { HF_OPERATOR_APP_LABELS, hfOperatorJobLabels } from './jobNames';
import { MODEL_DOWNLOAD_API_VERSION, ModelDownload } from './types';

/** Every Job hf-operator creates. @public */
export const HF_OPERATOR_JOBS = jobsSelectedBy(
  formatLabelSelector(HF_OPERATOR_APP_LABELS),
);

/**
 * hf-operator's `ModelDownload`: one Job per model, status lists never cleared.
 * Item phases: those of {@link JobPhase}, plus `waiting-for-operator`, `job-missing`,
 * `invalid-spec`.
 *
 * @public
 */
export const modelDownloadKind: ResourceKindDefinition<ModelDownload> = {
  kind: 'ModelDownload',
  operator: 'hf-operator',
  resource: {
    apiVersion: MODEL_DOWNLOAD_API_VERSION,
    kind: 'ModelDownload',
    plural: 'modeldownloads',
    namespaced: true,
  },
  related: [HF_OPERATOR_JOBS, JOB_PODS],
  itemNoun: ITEM_NOUN,
  lifecycle: {
    deleteTakesWith:
      "hf-operator's download Jobs of its models and their pods, removed by the cluster's garbage collector (the resource owns them): a download under way stops. The files already downloaded stay in its PersistentVolumeClaim (hf-operator never deletes them), and so do the claim and the token Secret.",
    deletesJobs: true,
    redownload:
      "Deletes the model's download Job (and, through the garbage collector, its pod) so that hf-operator creates it again at once and the download runs anew. hf-operator's download skips a model whose folder in the PersistentVolumeClaim already holds files: a re-download repeats a download that failed before writing anything, not one that completed or left a partial folder. settings.forceReload is left unset (it is unset when found set): set, it makes hf-operator delete and recreate every Job of the resource on every reconcile, over and over. Unsetting it changes the spec hash hf-operator stamps on every Job, so it recreates each Job of the resource once more.",
  },
  relatedLabels: (type, resource) =>
    watchedTypeKey(type) === watchedTypeKey(HF_OPERATOR_JOBS)
      ? hfOperatorJobLabels(resource.name)
      : undefined,
  // The status items are the models, by their raw name; every copy is on the one PVC, in
  // the folder of its raw name (hf-operator's download.sh: /models/<model>, the PVC
  // mounted at /models).
  heldModels: resource => {
    const pvc = resource.spec?.storagePVC;
    return [...new Set((resource.spec?.models ?? []).map(model => model.name))]
      .filter(name => typeof name === 'string' && name.length > 0)
      .map(name =>
        huggingFaceModel(name, {
          itemNames: [name],
          ...(typeof pvc === 'string' && pvc
            ? { storage: `PVC ${pvc}`, pvc: { claim: pvc, path: name } }
            : {}),
        }),
      );
  },
  deriveStatus: (resource, related, context) =>
    deriveModelDownloadStatus(
      resource,
      related.list<JobLike>(HF_OPERATOR_JOBS),
      related.list<PodLike>(JOB_PODS),
      context,
    ),
};
