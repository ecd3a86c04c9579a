import {
  hfOperatorJobLabels,
  hfOperatorJobName,
} from '@model-delivery/plugin-model-delivery-common';
import { Manifest } from '@internal/local-control-plane';

/*
 * Manifests with which tests play the operators (no operator, Job controller or
 * scheduler runs in the local control plane): the resources users create, and the Jobs,
 * pods and statuses hf-operator, kro, KServe and Kubernetes would write.
 * `applyManifests` applies each and then writes its `status` through the status
 * subresource, as a controller does.
 */

export const ENTITY_LABEL = 'backstage.io/kubernetes-id';

export function namespace(name: string): Manifest {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}

export function modelDownload(options: {
  name: string;
  namespace: string;
  kubernetesId: string;
  models: string[];
  status?: { pending?: string[]; completed?: string[]; failed?: string[] };
}): Manifest {
  return {
    apiVersion: 'hfops.kamal.dev/v1alpha1',
    kind: 'ModelDownload',
    metadata: {
      name: options.name,
      namespace: options.namespace,
      labels: { [ENTITY_LABEL]: options.kubernetesId },
    },
    spec: {
      models: options.models.map(name => ({ name })),
      storagePVC: 'models',
      hfTokenRef: { name: 'hf-token', key: 'token' },
      nodePool: 'gpu-pool',
    },
    ...(options.status ? { status: options.status } : {}),
  };
}

const JOB_TEMPLATE = {
  backoffLimit: 0,
  template: {
    spec: {
      restartPolicy: 'Never',
      containers: [{ name: 'downloader', image: 'alpine/git:2.45.2' }],
    },
  },
};

/** The Job hf-operator creates for one model, named and labelled as it does. */
export function hfOperatorJob(options: {
  resource: string;
  namespace: string;
  model: string;
  status?: Record<string, unknown>;
}): Manifest {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: hfOperatorJobName(options.resource, options.model),
      namespace: options.namespace,
      labels: hfOperatorJobLabels(options.resource, options.model),
    },
    spec: JOB_TEMPLATE,
    ...(options.status ? { status: options.status } : {}),
  };
}

/** A Job with labels of the test's choosing (kro's loader, KServe's download Jobs). */
export function labelledJob(options: {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  status?: Record<string, unknown>;
}): Manifest {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: options.name,
      namespace: options.namespace,
      labels: options.labels,
    },
    spec: JOB_TEMPLATE,
    ...(options.status ? { status: options.status } : {}),
  };
}

/** A pod of a Job, labelled by the Job controller's `job-name`. */
export function jobPod(options: {
  job: string;
  namespace: string;
  suffix?: string;
  status: Record<string, unknown>;
}): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${options.job}-${options.suffix ?? 'x1y2z'}`,
      namespace: options.namespace,
      labels: { 'job-name': options.job },
    },
    spec: {
      restartPolicy: 'Never',
      containers: [{ name: 'downloader', image: 'alpine/git:2.45.2' }],
    },
    status: options.status,
  };
}

/** Just a status, for `applyManifests` to write onto an object applied earlier. */
export function statusOf(object: Manifest, status: unknown): Manifest {
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    metadata: {
      name: object.metadata?.name,
      namespace: object.metadata?.namespace,
    },
    status,
  };
}

export const jobStatus = {
  active: (startTime: string) => ({ active: 1, startTime }),
  succeeded: (startTime: string, completionTime: string) => ({
    succeeded: 1,
    startTime,
    completionTime,
    conditions: [
      {
        type: 'Complete',
        status: 'True',
        lastProbeTime: completionTime,
        lastTransitionTime: completionTime,
      },
    ],
  }),
  failed: (startTime: string, failedAt: string) => ({
    failed: 1,
    startTime,
    conditions: [
      {
        type: 'Failed',
        status: 'True',
        reason: 'BackoffLimitExceeded',
        message: 'Job has reached the specified backoff limit',
        lastProbeTime: failedAt,
        lastTransitionTime: failedAt,
      },
    ],
  }),
};

const container = (state: Record<string, unknown>, ready = false) => ({
  name: 'downloader',
  ready,
  restartCount: 0,
  image: 'alpine/git:2.45.2',
  imageID: '',
  state,
});

export const podStatus = {
  running: (startedAt: string) => ({
    phase: 'Running',
    startTime: startedAt,
    containerStatuses: [container({ running: { startedAt } }, true)],
  }),
  unschedulable: (message: string) => ({
    phase: 'Pending',
    conditions: [
      {
        type: 'PodScheduled',
        status: 'False',
        reason: 'Unschedulable',
        message,
        lastProbeTime: null,
        lastTransitionTime: '2026-01-01T00:00:00Z',
      },
    ],
  }),
  failed: (message: string, startedAt: string, finishedAt: string) => ({
    phase: 'Failed',
    startTime: startedAt,
    containerStatuses: [
      container({
        terminated: {
          exitCode: 128,
          reason: 'Error',
          message,
          startedAt,
          finishedAt,
        },
      }),
    ],
  }),
};
