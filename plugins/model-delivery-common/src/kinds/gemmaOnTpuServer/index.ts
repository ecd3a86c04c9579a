import { JobLike, PodLike } from '../../kubernetesObjects';
import { ResourceKindDefinition } from '../definition';
import { JOB_PODS } from '../jobProgress';
import {
  KRO_CHILD_DEPLOYMENTS,
  KRO_CHILD_JOBS,
  gemmaOnTPUServerBasics,
} from './kind';
import { DeploymentLike, deriveGemmaOnTPUServerStatus } from './status';
import { GemmaOnTPUServer } from './types';

/**
 * kro's `GemmaOnTPUServer`, one item: the instance. Phases: `waiting-for-kro`,
 * `in-progress`, `loading-weights` (and the loader Job's other phases), `loader-failed`,
 * `starting-server`, `not-ready`, `active`, `error`, `deleting`.
 *
 * @public
 */
export const gemmaOnTPUServerKind: ResourceKindDefinition<GemmaOnTPUServer> = {
  ...gemmaOnTPUServerBasics,
  deriveStatus: (resource, related, context) =>
    deriveGemmaOnTPUServerStatus(
      resource,
      related.list<JobLike>(KRO_CHILD_JOBS),
      related.list<PodLike>(JOB_PODS),
      related.list<DeploymentLike>(KRO_CHILD_DEPLOYMENTS),
      context,
    ),
};
