import { ANNOTATION_CREATED_FOR, LABEL_KUBERNETES_ID } from '../annotations';

/**
 * Who a created resource belongs to: the entity's `backstage.io/kubernetes-id` (becomes the
 * label entity pages select by) and its ref (an annotation for humans).
 *
 * @public
 */
export interface ResourceOwner {
  kubernetesId?: string;
  entityRef?: string;
}

/** Labels and annotations every created resource carries. @public */
export function ownerMetadata(owner: ResourceOwner = {}) {
  return {
    ...(owner.kubernetesId
      ? { labels: { [LABEL_KUBERNETES_ID]: owner.kubernetesId } }
      : {}),
    ...(owner.entityRef
      ? { annotations: { [ANNOTATION_CREATED_FOR]: owner.entityRef } }
      : {}),
  };
}
