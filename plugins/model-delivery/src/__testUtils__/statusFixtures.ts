import { Entity } from '@backstage/catalog-model';
// The kit's fixtures entry point is plain data (no Node code), safe in jsdom tests.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import {
  CHAT_ASSISTANT_REF,
  componentEntity,
} from '@model-delivery/test-kit/fixtures';
import {
  ClusterStatus,
  EntityStatusResponse,
  ItemStatus,
  RESOURCE_KINDS,
  ResourceStatus,
  countStates,
  kindSummary,
  overallState,
} from '@model-delivery/plugin-model-delivery-common';

// The example catalog's entity is the test kit's; this module adds the frontend's fixtures.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
export {
  CHAT_ASSISTANT_REF,
  chatAssistant,
} from '@model-delivery/test-kit/fixtures';

export const unannotated: Entity = componentEntity('billing');

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
    kinds: RESOURCE_KINDS.map(kindSummary),
    clusters,
    resources,
    counts: countStates(resources.flatMap(r => r.items)),
    generatedAt: new Date().toISOString(),
  };
}
