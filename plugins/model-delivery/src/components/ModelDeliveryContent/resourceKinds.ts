import { ResourceKindSummary } from '@model-delivery/plugin-model-delivery-common';
import { createContext, useContext } from 'react';

/** The kinds the backend watches, as the status answer lists them (modules' kinds too). */
const ResourceKinds = createContext<ReadonlyArray<ResourceKindSummary>>([]);

export const ResourceKindsProvider = ResourceKinds.Provider;

/** What the backend says of a kind: its operator, its lifecycle. */
export function useResourceKind(kind: string): ResourceKindSummary | undefined {
  return useContext(ResourceKinds).find(k => k.kind === kind);
}
