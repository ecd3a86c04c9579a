import { Manifest } from '@internal/local-control-plane';

/**
 * An event about an object, as the Job controller, the scheduler or the kubelet records
 * it (core/v1 Event). No controller runs on the local control plane: tests write them.
 */
export function eventAbout(
  object: Manifest,
  event: {
    type?: 'Normal' | 'Warning';
    reason: string;
    message: string;
    count?: number;
    /** ISO time of the last occurrence; the first is a minute earlier. */
    at: string;
    /** Keeps several events about one object apart. */
    suffix?: string;
  },
): Manifest {
  const name = object.metadata?.name ?? '';
  const namespace = object.metadata?.namespace ?? 'default';
  const first = new Date(Date.parse(event.at) - 60_000).toISOString();
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {
      name: `${name}.${event.suffix ?? event.reason.toLowerCase()}`,
      namespace,
    },
    involvedObject: {
      apiVersion: object.apiVersion,
      kind: object.kind,
      name,
      namespace,
    },
    type: event.type ?? 'Normal',
    reason: event.reason,
    message: event.message,
    count: event.count ?? 1,
    firstTimestamp: first.replace(/\.\d+Z$/, 'Z'),
    lastTimestamp: event.at,
    source: { component: object.kind === 'Job' ? 'job-controller' : 'kubelet' },
  };
}
