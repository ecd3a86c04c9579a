import { JobLike, PodLike } from '../../kubernetesObjects';
import { ResourceKindDefinition } from '../definition';
import { JOB_PODS, jobsSelectedBy } from '../jobProgress';
import { deriveModelDownloadStatus } from './status';
import { ModelDownload } from './types';

export * from './types';
export * from './jobNames';
export * from './validate';
export * from './manifest';
export { deriveModelDownloadStatus } from './status';

/** hf-operator labels every Job it creates `app=hf-downloader`. */
const HF_OPERATOR_JOBS = jobsSelectedBy('app=hf-downloader');

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
    apiVersion: 'hfops.kamal.dev/v1alpha1',
    kind: 'ModelDownload',
    plural: 'modeldownloads',
    namespaced: true,
  },
  related: [HF_OPERATOR_JOBS, JOB_PODS],
  itemNoun: 'model',
  deriveStatus: (resource, related, context) =>
    deriveModelDownloadStatus(
      resource,
      related.list<JobLike>(HF_OPERATOR_JOBS),
      related.list<PodLike>(JOB_PODS),
      context,
    ),
};
