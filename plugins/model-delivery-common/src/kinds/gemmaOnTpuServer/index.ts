import { JobLike, PodLike } from '../../kubernetesObjects';
import { ResourceKindDefinition } from '../definition';
import { JOB_PODS } from '../jobProgress';
import {
  KRO_CHILD_DEPLOYMENTS,
  KRO_CHILD_JOBS,
  KRO_CHILD_SERVICES,
  gemmaOnTPUServerBasics,
} from './kind';
import {
  DeploymentLike,
  ServiceLike,
  deriveGemmaOnTPUServerStatus,
} from './status';
import { GemmaOnTPUServer } from './types';

/**
 * kro's `GemmaOnTPUServer`, one item: the instance. Phases: `waiting-for-kro`,
 * `in-progress`, `loading-weights` (and the loader Job's other phases), `loader-failed`,
 * `starting-server`, `not-ready`, `active`, `error`, `deleting`. Its status carries `server`:
 * JetStream's HTTP API at the instance's Service, ready once the instance is active.
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
      related.list<ServiceLike>(KRO_CHILD_SERVICES),
      context,
    ),
};
