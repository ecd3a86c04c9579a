import { ResourceRef } from '../definition';

/** The label kro puts on every child of an instance: the instance's name. @public */
export const KRO_INSTANCE_NAME_LABEL = 'kro.run/instance-name';

/** The label kro puts on every child of an instance: the instance's namespace. @public */
export const KRO_INSTANCE_NAMESPACE_LABEL = 'kro.run/instance-namespace';

/** Older kro labels children with the instance's uid instead. @public */
export const KRO_INSTANCE_ID_LABEL = 'kro.run/instance-id';

/**
 * The labels current kro puts on every child of an instance (operators.md §2), besides
 * `kro.run/node-id=<resource id>`.
 *
 * @public
 */
export function kroChildLabels(instance: ResourceRef): Record<string, string> {
  return {
    [KRO_INSTANCE_NAME_LABEL]: instance.name,
    ...(instance.namespace
      ? { [KRO_INSTANCE_NAMESPACE_LABEL]: instance.namespace }
      : {}),
  };
}
