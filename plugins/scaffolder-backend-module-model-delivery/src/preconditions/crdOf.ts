import { WatchedType } from '@model-delivery/plugin-model-delivery-common';

/** The CRD serving a custom resource type: `<plural>.<group>` and the version. */
export function crdOf(type: Pick<WatchedType, 'apiVersion' | 'plural'>): {
  name: string;
  version: string;
} {
  const [group, version] = type.apiVersion.split('/');
  return { name: `${type.plural}.${group}`, version };
}
