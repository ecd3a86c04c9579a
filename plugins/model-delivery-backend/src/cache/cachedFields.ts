import { KubeObject } from '@model-delivery/plugin-model-delivery-common';

/*
 * What the caches keep of each object: the fields status derivation, retry and the
 * notifications read, nothing else. A Job or pod as the API serves it is mostly spec
 * (the whole pod template, env, volumes) and managedFields, several kilobytes that no
 * status reads; at tens of thousands of cached objects that is most of the backend's
 * memory. The kinds' own resources are kept whole but for managedFields: their spec is
 * what their derivation shows (models, PVC, node groups...).
 */

/** Set by `kubectl apply`: a full copy of the object as last applied. */
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

type Metadata = NonNullable<KubeObject['metadata']>;

function slimMetadata(metadata: Metadata | undefined): Metadata | undefined {
  if (!metadata) return metadata;
  const {
    managedFields: _managedFields,
    annotations,
    ...kept
  } = metadata as Metadata & {
    managedFields?: unknown;
  };
  if (!annotations || !(LAST_APPLIED in annotations)) {
    return annotations ? { ...kept, annotations } : kept;
  }
  const { [LAST_APPLIED]: _lastApplied, ...otherAnnotations } = annotations;
  return Object.keys(otherAnnotations).length > 0
    ? { ...kept, annotations: otherAnnotations }
    : kept;
}

interface ContainerStatusLike {
  name?: string;
  ready?: boolean;
  restartCount?: number;
  state?: unknown;
  lastState?: unknown;
}

/** A container's status without image names, ids and resources. */
function slimContainerStatuses(
  statuses: ContainerStatusLike[] | undefined,
): ContainerStatusLike[] | undefined {
  return statuses?.map(({ name, ready, restartCount, state, lastState }) => ({
    name,
    ready,
    restartCount,
    state,
    lastState,
  }));
}

/** A pod's status as `PodLike` reads it: phase, reasons, conditions, container states. */
function slimPod(object: KubeObject): KubeObject {
  const status = (object as { status?: Record<string, any> }).status;
  const { spec: _spec, ...rest } = object as KubeObject & { spec?: unknown };
  return {
    ...rest,
    metadata: slimMetadata(object.metadata),
    ...(status
      ? {
          status: {
            phase: status.phase,
            reason: status.reason,
            message: status.message,
            startTime: status.startTime,
            conditions: status.conditions,
            initContainerStatuses: slimContainerStatuses(
              status.initContainerStatuses,
            ),
            containerStatuses: slimContainerStatuses(status.containerStatuses),
          },
        }
      : {}),
  } as KubeObject;
}

/** A Job's status, whole (counts, times, conditions); its spec is the pod template. */
function slimJob(object: KubeObject): KubeObject {
  const { spec: _spec, ...rest } = object as KubeObject & { spec?: unknown };
  return { ...rest, metadata: slimMetadata(object.metadata) } as KubeObject;
}

/** A Deployment's status and wanted replicas; the rest of its spec is the pod template. */
function slimDeployment(object: KubeObject): KubeObject {
  const { spec, ...rest } = object as KubeObject & {
    spec?: { replicas?: number };
  };
  return {
    ...rest,
    metadata: slimMetadata(object.metadata),
    ...(spec ? { spec: { replicas: spec.replicas } } : {}),
  } as KubeObject;
}

/**
 * The part of an object the caches keep, by its type: for built-in related types
 * (Pod, Job, Deployment) what `PodLike`, `JobLike` and the kinds' derivations read; for
 * anything else (the kinds' own resources) all but managedFields and the
 * last-applied copy.
 */
export function cachedFields(
  type: { apiVersion: string; kind: string },
  object: KubeObject,
): KubeObject {
  if (type.apiVersion === 'v1' && type.kind === 'Pod') return slimPod(object);
  if (type.apiVersion === 'batch/v1' && type.kind === 'Job')
    return slimJob(object);
  if (type.apiVersion === 'apps/v1' && type.kind === 'Deployment') {
    return slimDeployment(object);
  }
  return { ...object, metadata: slimMetadata(object.metadata) };
}
