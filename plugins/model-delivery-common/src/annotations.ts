/**
 * Entity annotations that tie a catalog entity to cluster resources. They are the stock
 * Kubernetes plugin's, so one set of annotations serves both tabs.
 *
 * @public
 */
export const ANNOTATION_KUBERNETES_ID = 'backstage.io/kubernetes-id';
/** @public */
export const ANNOTATION_KUBERNETES_LABEL_SELECTOR =
  'backstage.io/kubernetes-label-selector';
/** @public */
export const ANNOTATION_KUBERNETES_NAMESPACE =
  'backstage.io/kubernetes-namespace';

/**
 * The label the suite puts on every resource it creates, with the owning entity's
 * `backstage.io/kubernetes-id`, so both the stock Kubernetes tab and ours find it.
 *
 * @public
 */
export const LABEL_KUBERNETES_ID = 'backstage.io/kubernetes-id';

/**
 * Annotation on created resources naming the catalog entity they were created for
 * (for example `component:default/chat-assistant`).
 *
 * @public
 */
export const ANNOTATION_CREATED_FOR = 'model-delivery.backstage.io/entity-ref';

/**
 * The field manager name used for server-side apply, so `managedFields` show which
 * fields the suite owns.
 *
 * @public
 */
export const FIELD_MANAGER = 'backstage-model-delivery';

/**
 * Entity annotation that opts the entity out of the suite's notifications (a failed
 * download, a completed resource): `off` (also `false`, `disabled`, `none`). Without
 * it, the entity's owner is notified.
 *
 * @public
 */
export const ANNOTATION_NOTIFICATIONS =
  'model-delivery.backstage.io/notifications';

/**
 * Namespace annotation naming the team that owns a Kubernetes namespace, as a catalog
 * entity ref (`group:default/ml-team`; the kind defaults to group, the namespace to
 * default). The suite's namespace permission rules read it: a policy can let people act
 * only in the namespaces their team owns.
 *
 * @public
 */
export const ANNOTATION_NAMESPACE_OWNER = 'backstage.io/owner';
