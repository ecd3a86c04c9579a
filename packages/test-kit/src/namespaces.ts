import { Manifest, namespaceOptIn } from '@internal/local-control-plane';
import { ANNOTATION_NAMESPACE_OWNER } from '@model-delivery/plugin-model-delivery-common';

/** A namespace, read-only to the suite: the cluster refuses its writes there (403). */
export function namespace(name: string): Manifest {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}

/**
 * A namespace opted in for the suite, as a platform admin leaves one that may receive
 * models: the namespace (owned by `owner`, a team's entity ref, when given) and the
 * suite's namespace Role bound to the portal's identity there. A bare `namespace()` is
 * read-only to the suite: the cluster refuses its writes there (403).
 */
export function optedInNamespace(name: string, owner?: string): Manifest[] {
  const ns = namespace(name);
  return [
    owner
      ? {
          ...ns,
          metadata: {
            ...ns.metadata,
            annotations: { [ANNOTATION_NAMESPACE_OWNER]: owner },
          },
        }
      : ns,
    ...namespaceOptIn(name),
  ];
}
