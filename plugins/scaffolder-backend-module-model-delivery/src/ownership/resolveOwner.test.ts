import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { entityTabUrl } from './entityTabUrl';
import {
  ownerInputIssues,
  ownerVisibilityWarnings,
  resolveOwner,
} from './resolveOwner';

function entity(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'chat', namespace: 'team-a', annotations },
    spec: {},
  };
}

async function owner(
  annotations: Record<string, string>,
  kubernetesId?: string,
) {
  return resolveOwner({
    catalog: catalogServiceMock({ entities: [entity(annotations)] }),
    credentials: mockCredentials.user(),
    appBaseUrl: 'http://backstage.test/',
    input: { entityRef: 'component:team-a/chat', kubernetesId },
  });
}

describe('resolveOwner', () => {
  it('takes the label from the annotation and links to the tab', async () => {
    const resolved = await owner({ 'backstage.io/kubernetes-id': 'chat' });

    expect(resolved).toMatchObject({
      entityRef: 'component:team-a/chat',
      kubernetesId: 'chat',
      entityUrl:
        'http://backstage.test/catalog/team-a/component/chat/model-delivery',
    });
  });

  it('refuses an annotation that is not a label value', async () => {
    await expect(
      owner({ 'backstage.io/kubernetes-id': 'not a label' }),
    ).rejects.toThrow(
      "'not a label' is not a valid backstage.io/kubernetes-id annotation of 'component:team-a/chat'",
    );
  });

  it('says when the entity selects resources by a label selector instead', async () => {
    await expect(
      owner({ 'backstage.io/kubernetes-label-selector': 'app=chat' }),
    ).rejects.toThrow("(it selects resources with 'app=chat' instead)");
  });
});

describe('ownerVisibilityWarnings', () => {
  it("warns when the resource will not match the entity's selector or namespace", async () => {
    const resolved = await owner(
      {
        'backstage.io/kubernetes-label-selector': 'app=chat',
        'backstage.io/kubernetes-namespace': 'serving',
      },
      'chat',
    );

    expect(
      ownerVisibilityWarnings(resolved, {
        labels: { 'backstage.io/kubernetes-id': 'chat' },
        namespace: 'ml-models',
      }),
    ).toEqual([
      "The entity 'component:team-a/chat' selects resources with 'app=chat', which this resource's labels do not match: it will not show on the entity's Model delivery tab",
      "The entity 'component:team-a/chat' shows resources of namespace 'serving' only (backstage.io/kubernetes-namespace), not 'ml-models': this resource will not show on its Model delivery tab",
    ]);
  });

  it('says nothing when the resource will show', async () => {
    const resolved = await owner({ 'backstage.io/kubernetes-id': 'chat' });
    expect(
      ownerVisibilityWarnings(resolved, {
        labels: { 'backstage.io/kubernetes-id': 'chat' },
        namespace: 'ml-models',
      }),
    ).toEqual([]);
  });
});

describe('ownerInputIssues', () => {
  it('names the entityRef and kubernetesId fields', () => {
    expect(
      ownerInputIssues({ entityRef: 'component:', kubernetesId: '-x' }).map(
        i => i.field,
      ),
    ).toEqual(['entityRef', 'kubernetesId']);
  });
});

describe('entityTabUrl', () => {
  it('lowercases kind and namespace and encodes each part', () => {
    expect(
      entityTabUrl('https://portal.example.com', {
        kind: 'Resource',
        namespace: 'Team-A',
        name: 'models v2',
      }),
    ).toBe(
      'https://portal.example.com/catalog/team-a/resource/models%20v2/model-delivery',
    );
  });
});
