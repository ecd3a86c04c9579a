import { JobLike, KubeObject, PodLike, isoTime } from '../../kubernetesObjects';
import { ServerStatus } from '../../models/modelServers';
import { ItemStatus, ResourceFact, ResourceStatus } from '../../status';
import { kaggleModel } from '../../models/modelIdentity';
import {
  conditionText,
  describeCondition,
  explainingCondition,
} from '../conditions';
import { resourceStatus } from '../resourceStatus';
import { StatusContext } from '../definition';
import { jobProgress } from '../jobProgress';
import { servedModel } from '../servedModels';
import { DEFAULT_KAGGLE_SECRET, gemmaChildNames } from './childNames';
import {
  KRO_INSTANCE_ID_LABEL,
  KRO_INSTANCE_NAMESPACE_LABEL,
  KRO_INSTANCE_NAME_LABEL,
} from './kroLabels';
import { GEMMA_CHECKPOINT_HANDLE, GemmaOnTPUServer } from './types';

/** What one item of the kind is called. */
export const ITEM_NOUN = 'instance';

const KRO_SILENCE_MS = 60_000;

/** A Deployment, the fields the status reads. @public */
export interface DeploymentLike extends KubeObject {
  spec?: { replicas?: number };
  status?: {
    replicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
  };
}

/** A Service, the fields the server's URL is read from. @public */
export interface ServiceLike extends KubeObject {
  spec?: { ports?: Array<{ name?: string; port?: number }> };
}

/** JetStream's HTTP server, the RGD's `http` container, as the instance's Service exposes it. */
const SERVER_TYPE = 'jetstream-http';

/**
 * The instance's Service as a URL inside the cluster: the RGD's Service is a ClusterIP
 * Service, its `http` port JetStream's HTTP server.
 */
function serviceUrl(service: ServiceLike | undefined): string | undefined {
  const name = service?.metadata?.name;
  const namespace = service?.metadata?.namespace;
  const ports = service?.spec?.ports ?? [];
  const port = (ports.find(p => p.name === 'http') ?? ports[0])?.port;
  if (!name || !namespace || !port) return undefined;
  return `http://${name}.${namespace}.svc.cluster.local:${port}`;
}

/** Whether kro created this object for this instance (current and older kro labels). */
function isChildOf(child: KubeObject, instance: GemmaOnTPUServer): boolean {
  const labels = child.metadata?.labels ?? {};
  const meta = instance.metadata ?? {};
  if (
    labels[KRO_INSTANCE_ID_LABEL] &&
    labels[KRO_INSTANCE_ID_LABEL] === meta.uid
  )
    return true;
  return (
    labels[KRO_INSTANCE_NAME_LABEL] === meta.name &&
    (labels[KRO_INSTANCE_NAMESPACE_LABEL] ?? child.metadata?.namespace) ===
      meta.namespace
  );
}

function instanceItem(
  instance: GemmaOnTPUServer,
  loader: JobLike | undefined,
  pods: PodLike[],
  deployment: DeploymentLike | undefined,
  now: Date,
): ItemStatus {
  const name = instance.metadata?.name ?? '';
  const loaderName = gemmaChildNames(name).loaderJob;
  const conditions = instance.status?.conditions ?? [];
  const explaining = explainingCondition(conditions);
  const loaderProgress = loader ? jobProgress(loader, pods) : undefined;
  const base = {
    name,
    jobName: loaderName,
    retryable: false,
    createdAt: isoTime(instance.metadata?.creationTimestamp),
    startedAt: loaderProgress?.startedAt,
  };

  switch (instance.status?.state) {
    case undefined:
    case '': {
      const created = Date.parse(base.createdAt ?? '');
      const silent =
        Number.isFinite(created) && now.getTime() - created > KRO_SILENCE_MS;
      return {
        ...base,
        state: 'pending',
        phase: 'waiting-for-kro',
        detail: 'not started: kro has not reconciled this instance yet',
        ...(silent
          ? {
              reason:
                'kro writes a state within seconds of reconciling; check that kro runs and that the ResourceGraphDefinition gemmaontpuserver.kro.run is Active',
            }
          : {}),
      };
    }
    case 'DELETING':
      return {
        ...base,
        state: 'pending',
        phase: 'deleting',
        detail: 'being deleted by kro',
      };
    case 'ERROR':
    case 'FAILED':
      return {
        ...base,
        state: 'failed',
        phase: 'error',
        detail: `kro reports ${instance.status.state}`,
        reason:
          conditionText(explaining) ??
          loaderProgress?.reason ??
          'kro reports an error but no condition explains it',
        finishedAt: isoTime(explaining?.lastTransitionTime),
      };
    case 'ACTIVE': {
      const ready = conditions.find(c => c.type === 'Ready');
      if (ready && ready.status !== 'True') {
        return {
          ...base,
          state: 'pending',
          phase: 'not-ready',
          detail: 'ACTIVE, but not Ready',
          reason: conditionText(ready),
        };
      }
      return {
        ...base,
        state: 'completed',
        phase: 'active',
        detail: deployment
          ? `ACTIVE, Ready; server ${deployment.status?.readyReplicas ?? 0}/${
              deployment.spec?.replicas ?? 1
            } replicas ready`
          : 'ACTIVE, Ready',
        finishedAt:
          isoTime(ready?.lastTransitionTime) ?? loaderProgress?.finishedAt,
      };
    }
    default: {
      // IN_PROGRESS (or a state this suite does not know): the loader Job tells most.
      if (loaderProgress?.state === 'failed') {
        return {
          ...base,
          state: 'failed',
          phase: 'loader-failed',
          detail: `the loader Job ${loaderName} failed; kro will not make the instance ACTIVE`,
          reason: loaderProgress.reason,
          podName: loaderProgress.podName,
          finishedAt: loaderProgress.finishedAt,
        };
      }
      if (loaderProgress?.state === 'completed') {
        return {
          ...base,
          state: 'pending',
          phase: 'starting-server',
          detail: 'weights loaded; waiting for the server to become ready',
          reason: conditionText(explaining),
        };
      }
      if (loaderProgress) {
        return {
          ...base,
          state: 'pending',
          phase:
            loaderProgress.phase === 'downloading'
              ? 'loading-weights'
              : loaderProgress.phase,
          detail:
            loaderProgress.phase === 'downloading'
              ? 'loading weights from Kaggle (loader Job running)'
              : `loader Job: ${loaderProgress.detail}`,
          reason: loaderProgress.reason ?? conditionText(explaining),
          podName: loaderProgress.podName,
        };
      }
      return {
        ...base,
        state: 'pending',
        phase: 'in-progress',
        detail: `kro reports ${instance.status?.state}; the loader Job does not exist yet`,
        reason: conditionText(explaining),
      };
    }
  }
}

/**
 * A GemmaOnTPUServer in kro's terms (state and conditions) and its children's: the loader
 * Job's progress while IN_PROGRESS, the server Deployment's readiness once ACTIVE. As a
 * server: ready once active, at its Service's `http` port.
 *
 * @public
 */
export function deriveGemmaOnTPUServerStatus(
  instance: GemmaOnTPUServer,
  jobs: JobLike[],
  pods: PodLike[],
  deployments: DeploymentLike[],
  services: ServiceLike[],
  context: StatusContext,
): ResourceStatus {
  const name = instance.metadata?.name ?? '';
  const names = gemmaChildNames(name);
  const childJobs = jobs.filter(j => isChildOf(j, instance));
  const loader = childJobs.find(j => j.metadata?.name === names.loaderJob);
  const deployment = deployments.find(
    d => isChildOf(d, instance) && d.metadata?.name === names.deployment,
  );
  const item = instanceItem(instance, loader, pods, deployment, context.now);
  const conditions = instance.status?.conditions ?? [];

  const facts: ResourceFact[] = [
    { label: 'kro state', value: instance.status?.state || '(none yet)' },
    ...conditions.map(c => ({
      label: `Condition ${c.type}`,
      value: describeCondition(c),
    })),
    { label: 'Replicas', value: String(instance.spec?.replicas ?? 1) },
    {
      label: 'Kaggle Secret',
      value: instance.spec?.kaggleSecret || DEFAULT_KAGGLE_SECRET,
    },
    ...childJobs.map(j => ({
      label: `Job ${j.metadata?.name}`,
      value: jobProgress(j, pods).detail,
    })),
    ...(deployment
      ? [
          {
            label: `Deployment ${deployment.metadata?.name}`,
            value: `${deployment.status?.readyReplicas ?? 0}/${
              deployment.spec?.replicas ?? 1
            } ready`,
          },
        ]
      : []),
  ];

  const service = services.find(
    svc => isChildOf(svc, instance) && svc.metadata?.name === names.service,
  );
  const url = serviceUrl(service);
  const ready = item.phase === 'active';
  const server: ServerStatus = {
    serverType: SERVER_TYPE,
    ...(url ? { url } : {}),
    ready,
    ...(!ready
      ? { reason: item.reason ? `${item.detail}: ${item.reason}` : item.detail }
      : {}),
    models: [
      servedModel(kaggleModel(GEMMA_CHECKPOINT_HANDLE).modelId, {
        context,
        from: `the instance's bucket, converted by the loader Job ${names.loaderJob}`,
      }),
    ],
  };
  if (url) facts.push({ label: 'URL', value: url });
  return resourceStatus(
    instance,
    { itemNoun: ITEM_NOUN, items: [item], facts, server },
    context,
  );
}
