import { Manifest } from '@internal/local-control-plane';
import { KubeConfig } from '@kubernetes/client-node';
import {
  hfOperatorJobLabels,
  hfOperatorJobName,
} from '@model-delivery/plugin-model-delivery-common';
import { eventually, getObject, givenObjects } from './testCluster';

/*
 * No operator or Job controller runs in the local control plane: these write what they
 * would, through the real API (objects, then their status subresource).
 */

/** A Job as the Job controller reports it, plus its pod when one explains the outcome. */
export type JobOutcome =
  | { state: 'completed' }
  | { state: 'failed'; exitCode: number; message: string }
  | { state: 'running' }
  | { state: 'unschedulable'; message: string };

function jobStatus(outcome: JobOutcome) {
  const start = '2026-11-21T09:00:05Z';
  if (outcome.state === 'completed') {
    return {
      startTime: start,
      completionTime: '2026-11-21T09:07:42Z',
      succeeded: 1,
      conditions: [
        {
          type: 'Complete',
          status: 'True',
          lastProbeTime: '2026-11-21T09:07:42Z',
          lastTransitionTime: '2026-11-21T09:07:42Z',
        },
      ],
    };
  }
  if (outcome.state === 'failed') {
    return {
      startTime: start,
      failed: 1,
      conditions: [
        {
          type: 'Failed',
          status: 'True',
          reason: 'BackoffLimitExceeded',
          message: 'Job has reached the specified backoff limit',
          lastProbeTime: '2026-11-21T09:00:31Z',
          lastTransitionTime: '2026-11-21T09:00:31Z',
        },
      ],
    };
  }
  return { startTime: start, active: 1 };
}

function jobManifest(
  namespace: string,
  name: string,
  labels: Record<string, string>,
  owner: { name?: string; uid?: string } | undefined,
  ownerKind: { apiVersion: string; kind: string } | undefined,
  outcome: JobOutcome,
): Manifest[] {
  const status = jobStatus(outcome);
  const container = {
    name: 'downloader',
    image: 'alpine/git:2.45.2',
    command: ['sh', '-c', 'echo play'],
  };
  const job: Manifest = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace,
      labels,
      ...(ownerKind && owner?.uid
        ? {
            ownerReferences: [
              {
                ...ownerKind,
                name: owner.name ?? '',
                uid: owner.uid,
                controller: true,
              },
            ],
          }
        : {}),
    },
    spec: {
      backoffLimit: 0,
      template: { spec: { restartPolicy: 'Never', containers: [container] } },
    },
    status,
  };
  const podMeta = {
    name: `${name}-x7k2p`.slice(0, 63),
    namespace,
    labels: { 'job-name': name },
  };
  const podSpec = { restartPolicy: 'Never', containers: [container] };
  if (outcome.state === 'failed') {
    return [
      job,
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: podMeta,
        spec: podSpec,
        status: {
          phase: 'Failed',
          containerStatuses: [
            {
              name: 'downloader',
              ready: false,
              restartCount: 0,
              image: container.image,
              imageID: '',
              state: {
                terminated: {
                  exitCode: outcome.exitCode,
                  reason: 'Error',
                  message: outcome.message,
                  startedAt: '2026-11-21T09:00:09Z',
                  finishedAt: '2026-11-21T09:00:30Z',
                },
              },
            },
          ],
        },
      },
    ];
  }
  if (outcome.state === 'unschedulable') {
    return [
      job,
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: podMeta,
        spec: podSpec,
        status: {
          phase: 'Pending',
          conditions: [
            {
              type: 'PodScheduled',
              status: 'False',
              reason: 'Unschedulable',
              message: outcome.message,
            },
          ],
        },
      },
    ];
  }
  return [job];
}

/** Plays hf-operator (and the Job controller) for one ModelDownload, once it exists. */
export async function playHfOperator(
  admin: KubeConfig,
  namespace: string,
  name: string,
  outcomes: Record<string, JobOutcome>,
) {
  const resource = await eventually(
    () =>
      getObject(admin, {
        apiVersion: 'hfops.kamal.dev/v1alpha1',
        kind: 'ModelDownload',
        namespace,
        name,
      }),
    `ModelDownload ${namespace}/${name}`,
  );
  const manifests = Object.entries(outcomes).flatMap(([model, outcome]) =>
    jobManifest(
      namespace,
      hfOperatorJobName(name, model),
      hfOperatorJobLabels(name, model),
      resource.metadata,
      { apiVersion: 'hfops.kamal.dev/v1alpha1', kind: 'ModelDownload' },
      outcome,
    ),
  );
  await givenObjects(admin, ...manifests);
  const models = Object.keys(outcomes);
  await givenObjects(admin, {
    apiVersion: 'hfops.kamal.dev/v1alpha1',
    kind: 'ModelDownload',
    metadata: { name, namespace },
    status: {
      pending: models,
      completed: models.filter(m => outcomes[m].state === 'completed'),
      failed: models.filter(m => outcomes[m].state === 'failed'),
    },
  });
}

/** A Job and its pod with any labels, for kinds whose operators label them their own way. */
export function jobWithOutcome(
  namespace: string,
  name: string,
  labels: Record<string, string>,
  outcome: JobOutcome,
): Manifest[] {
  return jobManifest(namespace, name, labels, undefined, undefined, outcome);
}
