import { useApi } from '@backstage/core-plugin-api';
import { FormDataList } from '@model-delivery/plugin-model-delivery-common';
import useAsync from 'react-use/esm/useAsync';
import { ModelDeliveryApi, modelDeliveryApiRef } from '../../api';
import { describeError } from '../errorMessages';

/** A picker's list: loading, its items, or why the picker falls back to a text field. */
export interface PickerList<T> {
  loading: boolean;
  items: T[];
  /** Set when the list could not be read: the route's `problem.message` or the request error. */
  note?: string;
}

/**
 * Loads a picker's list with the plugin's API, again whenever a key (the chosen cluster,
 * namespace) changes; `undefined` in the keys means "not chosen yet", and nothing is asked.
 */
export function useFormDataList<T>(
  load: (api: ModelDeliveryApi) => Promise<FormDataList<T>>,
  keys: Array<string | undefined>,
  missing?: string,
): PickerList<T> {
  const api = useApi(modelDeliveryApiRef);
  const ready = keys.every(k => k !== undefined);
  const state = useAsync(
    async () => (ready ? load(api) : undefined),
    // The keys decide what is loaded; `load` is a new closure on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, ready, ...keys],
  );
  if (!ready) return { loading: false, items: [], note: missing };
  if (state.loading) return { loading: true, items: [] };
  if (state.error) {
    return {
      loading: false,
      items: [],
      note: `Could not list them: ${describeError(state.error)}`,
    };
  }
  const list = state.value;
  if (list?.problem) {
    return { loading: false, items: [], note: list.problem.message };
  }
  return { loading: false, items: list?.items ?? [] };
}
