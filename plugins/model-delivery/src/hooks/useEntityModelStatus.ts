import {
  CompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useSignal } from '@backstage/plugin-signals-react';
import {
  EntityStatusResponse,
  entitySignalChannel,
} from '@model-delivery/plugin-model-delivery-common';
import { useCallback, useEffect, useRef, useState } from 'react';
import useInterval from 'react-use/esm/useInterval';
import { modelDeliveryApiRef } from '../api';

/** How often to refetch when the app has no signal API to push changes. */
export const POLL_INTERVAL_MS = 10_000;

/**
 * Signals carry no acknowledgement: a change that lands after the first fetch but before
 * the websocket has subscribed (or while it reconnects) reaches nobody. One refetch once
 * the subscription has had time to form, and a slow safety net afterwards, bound how long
 * such a page can stay stale. Both read the backend's cache, never the API server.
 */
export const SUBSCRIBED_REFETCH_MS = 3_000;
export const SAFETY_POLL_INTERVAL_MS = 60_000;

export interface EntityModelStatusState {
  /** The last status received; kept while refetching and when a refetch fails. */
  status?: EntityStatusResponse;
  /** Why the last fetch failed, if it did. */
  error?: Error;
  /** True until the first answer (or failure). Refetches do not set it again. */
  loading: boolean;
  /** Fetches again now. */
  refresh: () => void;
}

/**
 * The model delivery status of an entity, kept current: refetched whenever the backend
 * signals a change on the entity's channel (with the safety nets above), or every 10 s
 * when signals are unavailable.
 */
export function useEntityModelStatus(
  entity: CompoundEntityRef,
): EntityModelStatusState {
  const api = useApi(modelDeliveryApiRef);
  const { kind, namespace, name } = entity;
  const entityRef = stringifyEntityRef({ kind, namespace, name });

  const [state, setState] = useState<{
    status?: EntityStatusResponse;
    error?: Error;
    loading: boolean;
  }>({ loading: true });
  // Answers can arrive out of order when signals come in bursts; only the newest counts.
  const latestRequest = useRef(0);

  const refresh = useCallback(() => {
    const request = ++latestRequest.current;
    api.getEntityStatus({ kind, namespace, name }).then(
      status => {
        if (request === latestRequest.current) {
          setState({ status, loading: false });
        }
      },
      error => {
        if (request === latestRequest.current) {
          setState(previous => ({
            status: previous.status,
            error,
            loading: false,
          }));
        }
      },
    );
  }, [api, kind, namespace, name]);

  // A new entity starts afresh; answers still due for the old one lose to newer requests.
  useEffect(() => {
    setState({ loading: true });
    refresh();
  }, [refresh]);

  const { lastSignal, isSignalsAvailable } = useSignal(
    entitySignalChannel(entityRef),
  );
  useEffect(() => {
    if (lastSignal) refresh();
  }, [lastSignal, refresh]);

  useEffect(() => {
    if (!isSignalsAvailable) return undefined;
    const timer = setTimeout(refresh, SUBSCRIBED_REFETCH_MS);
    return () => clearTimeout(timer);
  }, [isSignalsAvailable, refresh]);

  useInterval(
    refresh,
    isSignalsAvailable ? SAFETY_POLL_INTERVAL_MS : POLL_INTERVAL_MS,
  );

  return { ...state, refresh };
}
