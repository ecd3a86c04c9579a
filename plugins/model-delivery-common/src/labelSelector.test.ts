import { Entity } from '@backstage/catalog-model';
import {
  entityResourceSelector,
  isModelDeliveryAvailable,
} from './entitySelector';
import { matchesLabelSelector, parseLabelSelector } from './labelSelector';

describe('label selectors', () => {
  it.each([
    ['app=web', { app: 'web' }, true],
    ['app==web', { app: 'web' }, true],
    ['app=web', { app: 'api' }, false],
    ['app!=web', { app: 'api' }, true],
    ['app!=web', {}, true],
    ['tier in (gpu, tpu)', { tier: 'tpu' }, true],
    ['tier notin (gpu,tpu)', { tier: 'tpu' }, false],
    ['team', { team: 'x' }, true],
    ['!team', { team: 'x' }, false],
    ['app=web,tier in (gpu),!legacy', { app: 'web', tier: 'gpu' }, true],
    [
      'app=web,tier in (gpu),!legacy',
      { app: 'web', tier: 'gpu', legacy: '1' },
      false,
    ],
    ['', { anything: 'x' }, true],
  ])('%s against %j → %s', (selector, labels, expected) => {
    expect(matchesLabelSelector(parseLabelSelector(selector), labels)).toBe(
      expected,
    );
  });

  it('names the part it cannot read', () => {
    expect(() => parseLabelSelector('app=web,tier in gpu')).toThrow(
      "cannot read label selector part 'tier in gpu'",
    );
  });
});

describe('entityResourceSelector', () => {
  const entity = (annotations: Record<string, string>): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'x', annotations },
  });

  it('selects by the kubernetes-id label', () => {
    expect(
      entityResourceSelector(entity({ 'backstage.io/kubernetes-id': 'chat' })),
    ).toMatchObject({
      labelSelector: 'backstage.io/kubernetes-id=chat',
      namespace: undefined,
    });
  });

  it('prefers the label-selector annotation and narrows by namespace', () => {
    expect(
      entityResourceSelector(
        entity({
          'backstage.io/kubernetes-id': 'chat',
          'backstage.io/kubernetes-label-selector': 'team=ml',
          'backstage.io/kubernetes-namespace': 'ml-models',
        }),
      ),
    ).toMatchObject({ labelSelector: 'team=ml', namespace: 'ml-models' });
  });

  it('is absent for entities without either annotation', () => {
    const plain = entity({ 'backstage.io/kubernetes-namespace': 'x' });
    expect(entityResourceSelector(plain)).toBeUndefined();
    expect(isModelDeliveryAvailable(plain)).toBe(false);
    expect(
      isModelDeliveryAvailable(entity({ 'backstage.io/kubernetes-id': 'a' })),
    ).toBe(true);
  });
});
