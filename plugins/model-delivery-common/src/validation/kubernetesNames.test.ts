import { checkLabelValue } from './kubernetesNames';

describe('checkLabelValue', () => {
  it('accepts what Kubernetes accepts as a label value', () => {
    expect(checkLabelValue('kubernetesId', 'chat-assistant')).toEqual([]);
    expect(checkLabelValue('kubernetesId', 'Chat_Assistant.v2')).toEqual([]);
    expect(checkLabelValue('kubernetesId', 'a'.repeat(63))).toEqual([]);
  });

  it('names the field and the rule for what it rejects', () => {
    for (const bad of ['-leading', 'trailing.', 'has space', 'a'.repeat(64)]) {
      expect(checkLabelValue('kubernetesId', bad)).toEqual([
        {
          field: 'kubernetesId',
          message: expect.stringContaining('at most 63 letters, digits'),
        },
      ]);
    }
    expect(checkLabelValue('kubernetesId', '')).toEqual([
      { field: 'kubernetesId', message: 'a label value is required' },
    ]);
  });
});
