import { Entity } from '@backstage/catalog-model';
import {
  ClusterStatus,
  EntityStatusResponse,
  ItemStatus,
  ResourceStatus,
  countStates,
  overallState,
} from '@model-delivery/plugin-model-delivery-common';

/** The entity of the example catalog: annotated, so the suite applies to it. */
export const chatAssistant: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'chat-assistant',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'chat-assistant' },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'guests' },
};

export const CHAT_ASSISTANT_REF = 'component:default/chat-assistant';

export const unannotated: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'billing', namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner: 'guests' },
};

const MINUTE = 60_000;

/** An ISO time `minutes` before now. */
export function minutesAgo(minutes: number): string {
  return new Date(Date.now() - minutes * MINUTE).toISOString();
}

export function item(overrides: Partial<ItemStatus> & { name: string }) {
  return {
    state: 'pending',
    phase: 'waiting-for-operator',
    detail: 'not started: no Job and no status from hf-operator yet',
    ...overrides,
  } as ItemStatus;
}

export function resource(
  overrides: Partial<ResourceStatus> & { name: string; items: ItemStatus[] },
): ResourceStatus {
  const counts = countStates(overrides.items);
  return {
    kind: 'ModelDownload',
    apiVersion: 'hfops.kamal.dev/v1alpha1',
    cluster: 'local',
    namespace: 'models',
    uid: `uid-${overrides.name}`,
    itemNoun: 'model',
    counts,
    state: overallState(counts),
    facts: [],
    notes: [],
    ...overrides,
  };
}

export function cluster(
  overrides: Partial<ClusterStatus> & { name: string },
): ClusterStatus {
  return { state: 'ready', ...overrides };
}

export function statusResponse(
  resources: ResourceStatus[],
  clusters: ClusterStatus[] = [cluster({ name: 'local' })],
): EntityStatusResponse {
  return {
    entityRef: CHAT_ASSISTANT_REF,
    clusters,
    resources,
    counts: countStates(resources.flatMap(r => r.items)),
    generatedAt: new Date().toISOString(),
  };
}
