import { useApi } from '@backstage/core-plugin-api';
import {
  HubModelsCheckRequest,
  HubModelsCheckResponse,
} from '@model-delivery/plugin-model-delivery-common';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { modelDeliveryApiRef } from '../../api';
import { describeError } from '../errorMessages';

/** How long typing must pause before the Hub is asked. */
const DEBOUNCE_MS = 600;

/** What the Hub said of the form's models, asked again once typing pauses. */
export function useHubCheck(request: HubModelsCheckRequest | undefined): {
  checking: boolean;
  response?: HubModelsCheckResponse;
  error?: string;
} {
  const api = useApi(modelDeliveryApiRef);
  const key = request ? JSON.stringify(request) : undefined;
  const [asked, setAsked] = useState(key);
  useDebounce(() => setAsked(key), DEBOUNCE_MS, [key]);
  const state = useAsync(
    async () => (asked ? api.checkHubModels(JSON.parse(asked)) : undefined),
    [api, asked],
  );
  return {
    checking: key !== undefined && (key !== asked || state.loading),
    response: state.value,
    error: state.error && describeError(state.error),
  };
}
