import { entityTabPath } from './entityTab';

describe('entityTabPath', () => {
  it('is the catalog entity page path of the ref, with the Model delivery tab', () => {
    expect(entityTabPath('component:default/chat-assistant')).toBe(
      '/catalog/default/component/chat-assistant/model-delivery',
    );
  });

  it('lowercases kind and namespace as the catalog routes do, and keeps the name as written', () => {
    expect(
      entityTabPath({ kind: 'Resource', namespace: 'Team-A', name: 'Models' }),
    ).toBe('/catalog/team-a/resource/Models/model-delivery');
  });

  it('URL-encodes each part, so a name with a space or a slash stays one segment', () => {
    expect(entityTabPath('resource:team-a/models v2')).toBe(
      '/catalog/team-a/resource/models%20v2/model-delivery',
    );
    expect(
      entityTabPath({ kind: 'component', namespace: 'default', name: 'a/b' }),
    ).toBe('/catalog/default/component/a%2Fb/model-delivery');
  });

  it('takes the default namespace when the ref leaves it out', () => {
    expect(entityTabPath('component:chat-assistant')).toBe(
      '/catalog/default/component/chat-assistant/model-delivery',
    );
  });
});
