import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
  ANNOTATION_KUBERNETES_NAMESPACE,
} from './annotations';
import { LABEL_KUBERNETES_ID } from './annotations';
import {
  LabelSelector,
  matchesLabelSelector,
  parseLabelSelector,
} from './labelSelector';
import { modelIdOfEntity } from './models/modelEntity';

/**
 * Which cluster resources belong to an entity, by the stock Kubernetes plugin's rules:
 * the `backstage.io/kubernetes-label-selector` annotation when present, otherwise the label
 * `backstage.io/kubernetes-id=<annotation value>`; `backstage.io/kubernetes-namespace`
 * narrows to one namespace.
 *
 * @public
 */
export interface EntityResourceSelector {
  /** The selector in string form, as the entity page can show it. */
  labelSelector: string;
  parsed: LabelSelector;
  namespace?: string;
}

/**
 * The selector for an entity, or undefined when the entity has neither annotation (the
 * suite's tab and card are not shown for it).
 *
 * @public
 */
export function entityResourceSelector(
  entity: Entity,
): EntityResourceSelector | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const namespace = annotations[ANNOTATION_KUBERNETES_NAMESPACE] || undefined;
  const selector = annotations[ANNOTATION_KUBERNETES_LABEL_SELECTOR];
  if (selector) {
    return {
      labelSelector: selector,
      parsed: parseLabelSelector(selector),
      namespace,
    };
  }
  const id = annotations[ANNOTATION_KUBERNETES_ID];
  if (id) {
    const labelSelector = `${LABEL_KUBERNETES_ID}=${id}`;
    return {
      labelSelector,
      parsed: parseLabelSelector(labelSelector),
      namespace,
    };
  }
  return undefined;
}

/**
 * Whether the suite has anything to show for this entity: its resources, or, for a model
 * entity of the catalog module, the places the model is.
 *
 * @public
 */
export function isModelDeliveryAvailable(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return Boolean(
    annotations[ANNOTATION_KUBERNETES_ID] ||
      annotations[ANNOTATION_KUBERNETES_LABEL_SELECTOR] ||
      modelIdOfEntity(entity),
  );
}

/**
 * Whether an entity's selector picks a resource: its labels match, and a namespaced
 * resource sits in the entity's namespace when the entity names one. The status, and the
 * refusal of any write to a resource the entity does not own, both decide by it.
 *
 * @public
 */
export function entitySelectsResource(
  selector: EntityResourceSelector,
  resource: {
    namespaced: boolean;
    metadata?: { namespace?: string; labels?: Record<string, string> };
  },
): boolean {
  if (
    resource.namespaced &&
    selector.namespace &&
    resource.metadata?.namespace !== selector.namespace
  ) {
    return false;
  }
  return matchesLabelSelector(selector.parsed, resource.metadata?.labels);
}
