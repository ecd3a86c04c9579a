import { JobLike, PodLike } from '../../kubernetesObjects';
import { ResourceKindDefinition, WatchedType } from '../definition';
import { JOB_PODS, jobsSelectedBy } from '../jobProgress';
import { DeploymentLike, deriveGemmaOnTPUServerStatus } from './status';
import { GemmaOnTPUServer } from './types';

export * from './types';
export * from './childNames';
export * from './validate';
export * from './manifest';
export { deriveGemmaOnTPUServerStatus } from './status';
export type { DeploymentLike } from './status';

/** kro labels every child `kro.run/instance-name=<instance>`. */
const KRO_CHILD_JOBS = jobsSelectedBy('kro.run/instance-name');
const KRO_CHILD_DEPLOYMENTS: WatchedType = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  plural: 'deployments',
  namespaced: true,
  labelSelector: 'kro.run/instance-name',
};

/**
 * kro's `GemmaOnTPUServer`, one item: the instance. Phases: `waiting-for-kro`,
 * `in-progress`, `loading-weights` (and the loader Job's other phases), `loader-failed`,
 * `starting-server`, `not-ready`, `active`, `error`, `deleting`.
 *
 * @public
 */
export const gemmaOnTPUServerKind: ResourceKindDefinition<GemmaOnTPUServer> = {
  kind: 'GemmaOnTPUServer',
  operator: 'kro',
  resource: {
    apiVersion: 'kro.run/v1alpha1',
    kind: 'GemmaOnTPUServer',
    plural: 'gemmaontpuservers',
    namespaced: true,
  },
  related: [KRO_CHILD_JOBS, JOB_PODS, KRO_CHILD_DEPLOYMENTS],
  itemNoun: 'instance',
  deriveStatus: (resource, related, context) =>
    deriveGemmaOnTPUServerStatus(
      resource,
      related.list<JobLike>(KRO_CHILD_JOBS),
      related.list<PodLike>(JOB_PODS),
      related.list<DeploymentLike>(KRO_CHILD_DEPLOYMENTS),
      context,
    ),
};
