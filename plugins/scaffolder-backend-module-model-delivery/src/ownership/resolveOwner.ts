import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
  LABEL_KUBERNETES_ID,
  ResourceOwner,
  ValidationIssue,
  checkLabelValue,
  entityResourceSelector,
  matchesLabelSelector,
} from '@model-delivery/plugin-model-delivery-common';
import { entityTabUrl } from './entityTabUrl';

/** The owner inputs every action takes. */
export interface OwnerInput {
  /** The catalog entity the resources belong to, e.g. `component:default/chat-assistant`. */
  entityRef?: string;
  /** Overrides the entity's `backstage.io/kubernetes-id` as the resources' label. */
  kubernetesId?: string;
}

/** Who the created resources belong to, resolved against the catalog. */
export interface Owner extends Required<ResourceOwner> {
  entity: Entity;
  /** The entity's Model delivery tab. */
  entityUrl: string;
}

function parseRef(entityRef: string): CompoundEntityRef | undefined {
  try {
    return parseEntityRef(entityRef, {
      defaultKind: 'component',
      defaultNamespace: 'default',
    });
  } catch {
    return undefined;
  }
}

/** Problems with the owner inputs themselves, reported with the other input problems. */
export function ownerInputIssues(input: OwnerInput): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (typeof input.entityRef !== 'string' || input.entityRef === '') {
    issues.push({
      field: 'entityRef',
      message:
        'the catalog entity the resources belong to is required, e.g. component:default/chat-assistant',
    });
  } else if (!parseRef(input.entityRef)) {
    issues.push({
      field: 'entityRef',
      message: `'${input.entityRef}' is not an entity reference: use kind:namespace/name, e.g. component:default/chat-assistant`,
    });
  }
  if (input.kubernetesId) {
    issues.push(
      ...checkLabelValue('kubernetesId', input.kubernetesId, 'kubernetes id'),
    );
  }
  return issues;
}

/**
 * Reads the owning entity with the task initiator's credentials (so the catalog's
 * permissions apply) and takes its `backstage.io/kubernetes-id` as the label the entity
 * page selects resources by. Call after {@link ownerInputIssues} found nothing.
 */
export async function resolveOwner(options: {
  catalog: CatalogService;
  credentials: BackstageCredentials;
  appBaseUrl: string;
  input: OwnerInput;
}): Promise<Owner> {
  const { catalog, credentials, input } = options;
  const ref = parseRef(input.entityRef!)!;
  const entity = await catalog.getEntityByRef(ref, { credentials });
  if (!entity) {
    throw new NotFoundError(
      `The entity '${stringifyEntityRef(
        ref,
      )}' is not in the catalog, or you may not see it: pick an existing entity as the owner`,
    );
  }
  const entityRef = stringifyEntityRef(entity);
  const annotated = entity.metadata.annotations?.[ANNOTATION_KUBERNETES_ID];
  const kubernetesId = input.kubernetesId || annotated;
  if (!kubernetesId) {
    const selector =
      entity.metadata.annotations?.[ANNOTATION_KUBERNETES_LABEL_SELECTOR];
    throw new InputError(
      `The entity '${entityRef}' has no ${ANNOTATION_KUBERNETES_ID} annotation, whose value becomes the ${LABEL_KUBERNETES_ID} label its Model delivery tab finds resources by${
        selector ? ` (it selects resources with '${selector}' instead)` : ''
      }: add the annotation to its catalog-info.yaml (metadata.annotations), or set the kubernetesId input`,
    );
  }
  if (!input.kubernetesId) {
    const issues = checkLabelValue(
      'entityRef',
      kubernetesId,
      `${ANNOTATION_KUBERNETES_ID} annotation of '${entityRef}'`,
    );
    if (issues.length > 0) {
      throw new InputError(
        `${issues[0].message}; fix the annotation, or set the kubernetesId input`,
      );
    }
  }
  return {
    entity,
    entityRef,
    kubernetesId,
    entityUrl: entityTabUrl(options.appBaseUrl, {
      kind: entity.kind,
      namespace: entity.metadata.namespace ?? 'default',
      name: entity.metadata.name,
    }),
  };
}

/**
 * Why a resource may not show on the owner's tab although it carries the label: the
 * entity selects by a label selector the label does not satisfy, or is pinned to another
 * namespace with `backstage.io/kubernetes-namespace`.
 */
export function ownerVisibilityWarnings(
  owner: Owner,
  resource: { labels: Record<string, string>; namespace?: string },
): string[] {
  const selector = entityResourceSelector(owner.entity);
  const warnings: string[] = [];
  if (selector && !matchesLabelSelector(selector.parsed, resource.labels)) {
    warnings.push(
      `The entity '${owner.entityRef}' selects resources with '${selector.labelSelector}', which this resource's labels do not match: it will not show on the entity's Model delivery tab`,
    );
  }
  if (
    selector?.namespace &&
    resource.namespace &&
    selector.namespace !== resource.namespace
  ) {
    warnings.push(
      `The entity '${owner.entityRef}' shows resources of namespace '${selector.namespace}' only (backstage.io/kubernetes-namespace), not '${resource.namespace}': this resource will not show on its Model delivery tab`,
    );
  }
  return warnings;
}
