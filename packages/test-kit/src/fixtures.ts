import { Entity } from '@backstage/catalog-model';
import { ANNOTATION_KUBERNETES_ID } from '@model-delivery/plugin-model-delivery-common';

/*
 * Catalog entities the tests share. Plain data, no Node API: the frontend's jsdom tests
 * import this module alone (`@model-delivery/test-kit/fixtures`).
 */

/** A Component of the example catalog's shape, with the annotations and owner given. */
export function componentEntity(
  name: string,
  annotations: Record<string, string> = {},
  owner = 'guests',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    },
    spec: { type: 'service', lifecycle: 'production', owner },
  };
}

/** A team Group, for tests that give entities owners. */
export function groupEntity(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children: [] },
  };
}

/** A team's Component whose `backstage.io/kubernetes-id` is its name. */
export function teamComponent(name: string, owner: string): Entity {
  return componentEntity(name, { [ANNOTATION_KUBERNETES_ID]: name }, owner);
}

/**
 * The example catalog's entity (examples/entities.yaml), annotated so the suite applies to
 * it: its `backstage.io/kubernetes-id` is the label on the resources created for it.
 */
export const chatAssistant: Entity = componentEntity('chat-assistant', {
  [ANNOTATION_KUBERNETES_ID]: 'chat-assistant',
});

/** `chatAssistant`'s entity ref, as templates and the status API write it. */
export const CHAT_ASSISTANT_REF = 'component:default/chat-assistant';

/** The label value resources created for `chatAssistant` carry. */
export const CHAT_ASSISTANT_KUBERNETES_ID = 'chat-assistant';

/**
 * A LocalModelCache action's input for the node group `gpu-a100`, without credentials or
 * owner: the cache the LocalModelCache tests and the plan action's test ask for.
 */
export const LLAMA_CACHE_INPUT = {
  cluster: 'local',
  name: 'llama-3-8b',
  scope: 'cluster',
  sourceModelUri: 'hf://meta-llama/meta-llama-3-8b-instruct',
  modelSize: '20Gi',
  nodeGroups: ['gpu-a100'],
};
