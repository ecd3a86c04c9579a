import { JobLike, PodLike } from '../../kubernetesObjects';
import { ResourceKindDefinition } from '../definition';
import { JOB_PODS } from '../jobProgress';
import { HF_OPERATOR_JOBS, modelDownloadBasics } from './kind';
import { deriveModelDownloadStatus } from './status';
import { ModelDownload } from './types';

/**
 * hf-operator's `ModelDownload`: one Job per model, status lists never cleared.
 * Item phases: those of {@link JobPhase}, plus `waiting-for-operator`, `job-missing`,
 * `invalid-spec`.
 *
 * @public
 */
export const modelDownloadKind: ResourceKindDefinition<ModelDownload> = {
  ...modelDownloadBasics,
  deriveStatus: (resource, related, context) =>
    deriveModelDownloadStatus(
      resource,
      related.list<JobLike>(HF_OPERATOR_JOBS),
      related.list<PodLike>(JOB_PODS),
      context,
    ),
};
