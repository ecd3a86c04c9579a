import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_MODEL_ID,
  isModelDeliveryAvailable,
} from '@model-delivery/plugin-model-delivery-common';
import { act, screen } from '@testing-library/react';
import { mockModelDeliveryApi } from '../../__testUtils__/modelDeliveryApi';
import { permissionApiAnswering } from '../../__testUtils__/permissions';
import { renderForEntity } from '../../__testUtils__/renderForEntity';
import {
  item,
  resource,
  statusResponse,
} from '../../__testUtils__/statusFixtures';
import { ModelDeliveryContent } from './ModelDeliveryContent';

/** A model entity as the catalog module makes it. */
const gemma: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'google_gemma-2-2b-it',
    namespace: 'default',
    title: 'google/gemma-2-2b-it',
    annotations: { [ANNOTATION_MODEL_ID]: 'google/gemma-2-2b-it' },
  },
  spec: { type: 'ai-model', owner: 'group:default/platform-team' },
};

describe('ModelDeliveryContent on a model entity', () => {
  it('is offered on model entities, which have no Kubernetes annotation', () => {
    expect(isModelDeliveryAvailable(gemma)).toBe(true);
    expect(
      isModelDeliveryAvailable({
        ...gemma,
        spec: { ...gemma.spec, type: 'database' },
      }),
    ).toBe(false);
  });

  it('says no copy is visible, not how to label resources, when it has no place', async () => {
    const api = mockModelDeliveryApi();
    api.getEntityStatus.mockResolvedValue(statusResponse([]));

    await renderForEntity(<ModelDeliveryContent />, { api, entity: gemma });

    expect(
      await screen.findByText('No copy of this model you may see'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/kubectl label/)).toBeNull();
  });

  it("shows the places with no retry, delete or re-download: they belong on the holding entity's page", async () => {
    const api = mockModelDeliveryApi();
    api.getEntityStatus.mockResolvedValue(
      statusResponse([
        resource({
          name: 'chat-models',
          facts: [
            { label: 'Held for', value: 'component:default/chat-assistant' },
          ],
          items: [
            item({
              name: 'google/gemma-2-2b-it',
              state: 'failed',
              phase: 'failed',
              detail: 'failed: BackoffLimitExceeded',
              retryable: true,
            }),
          ],
        }),
      ]),
    );
    const permission = permissionApiAnswering('ALLOW');

    await renderForEntity(<ModelDeliveryContent />, {
      api,
      permission,
      entity: gemma,
    });

    await screen.findByRole('region', { name: 'ModelDownload chat-models' });
    expect(
      screen.getByText('component:default/chat-assistant'),
    ).toBeInTheDocument();
    // Any permission answer has arrived (the policy allows everything).
    await act(() => new Promise(resolve => setTimeout(resolve, 100)));
    expect(screen.queryByRole('button', { name: /Retry/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /Delete/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /Re-download/ })).toBeNull();
    // Not even offered: the policy is not asked about deleting copies of others.
    expect(permission.authorize).not.toHaveBeenCalledWith(
      expect.objectContaining({
        permission: expect.objectContaining({
          name: 'model-delivery.resource.delete',
        }),
      }),
    );
  });
});
