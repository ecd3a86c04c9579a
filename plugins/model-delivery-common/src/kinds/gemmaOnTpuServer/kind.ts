import { JobLike, PodLike } from '../../kubernetesObjects';
import {
  DeploymentLike,
  ITEM_NOUN,
  ServiceLike,
  deriveGemmaOnTPUServerStatus,
} from './status';
import { kaggleModel } from '../../models/modelIdentity';
import { ResourceKindDefinition, WatchedType } from '../definition';
import { JOB_PODS, jobsSelectedBy } from '../jobProgress';
import { KRO_INSTANCE_NAME_LABEL } from './kroLabels';
import {
  GEMMA_API_VERSION,
  GEMMA_CHECKPOINT_HANDLE,
  GemmaOnTPUServer,
} from './types';

/** The Jobs kro creates for any instance (the Gemma loader among them). @public */
export const KRO_CHILD_JOBS = jobsSelectedBy(KRO_INSTANCE_NAME_LABEL);

/** The Deployments kro creates for any instance (the Gemma server among them). @public */
export const KRO_CHILD_DEPLOYMENTS: WatchedType = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  plural: 'deployments',
  namespaced: true,
  labelSelector: KRO_INSTANCE_NAME_LABEL,
};

/** The Services kro creates for any instance (the Gemma server's among them). @public */
export const KRO_CHILD_SERVICES: WatchedType = {
  apiVersion: 'v1',
  kind: 'Service',
  plural: 'services',
  namespaced: true,
  labelSelector: KRO_INSTANCE_NAME_LABEL,
};

/**
 * kro's `GemmaOnTPUServer`, one item: the instance. Phases: `waiting-for-kro`,
 * `in-progress`, `loading-weights` (and the loader Job's other phases), `loader-failed`,
 * `starting-server`, `not-ready`, `active`, `error`, `deleting`. Its status carries `server`:
 * JetStream's HTTP API at the instance's Service, ready once the instance is active.
 *
 * @public
 */
export const gemmaOnTPUServerKind: ResourceKindDefinition<GemmaOnTPUServer> = {
  kind: 'GemmaOnTPUServer',
  operator: 'kro',
  resource: {
    apiVersion: GEMMA_API_VERSION,
    kind: 'GemmaOnTPUServer',
    plural: 'gemmaontpuservers',
    namespaced: true,
  },
  related: [
    KRO_CHILD_JOBS,
    JOB_PODS,
    KRO_CHILD_DEPLOYMENTS,
    KRO_CHILD_SERVICES,
  ],
  itemNoun: ITEM_NOUN,
  lifecycle: {
    deleteTakesWith:
      'kro deletes every child resource of the instance: the Deployment and Service (the model stops serving), the weight loader Job, the Kubernetes ServiceAccount, the Google service account with its IAM policy members, and the storage bucket holding the converted weights.',
    deletesJobs: false,
  },
  // By name alone: a child without the namespace label is still the instance's when it
  // sits in the instance's namespace.
  relatedLabels: (type, resource) =>
    type.labelSelector === KRO_INSTANCE_NAME_LABEL
      ? { [KRO_INSTANCE_NAME_LABEL]: resource.name }
      : undefined,
  // The loader Job converts the checkpoint into the instance's bucket, read by its server.
  heldModels: () => [
    kaggleModel(GEMMA_CHECKPOINT_HANDLE, {
      storage: "the instance's Cloud Storage bucket",
    }),
  ],
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
