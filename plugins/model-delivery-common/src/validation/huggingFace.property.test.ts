/* eslint-disable @backstage/no-mixed-plugin-imports -- test-only imports: the shared generators and the local API server run in node, never in the published package */
import fc from 'fast-check';
import { posix } from 'node:path';
import {
  huggingFaceIdCandidates,
  propertySeed,
} from '@model-delivery/test-kit/validation';
import { checkHuggingFaceRepoId } from './huggingFace';

const runs = { seed: propertySeed(), numRuns: 3000 };

describe('checkHuggingFaceRepoId', () => {
  it("accepts only the Hub's ids: one or two parts of at most 96, no '--' or '..', no '-' or '.' at a part's ends", () => {
    fc.assert(
      fc.property(huggingFaceIdCandidates(), value => {
        const accepted =
          checkHuggingFaceRepoId('models[0].name', value).length === 0;
        const parts = value.split('/');
        expect(accepted).toBe(
          parts.length <= 2 &&
            !value.includes('--') &&
            !value.includes('..') &&
            parts.every(
              part =>
                /^[A-Za-z0-9_.-]{1,96}$/.test(part) &&
                !/^[-.]|[-.]$/.test(part),
            ),
        );
      }),
      runs,
    );
  });

  it('keeps an accepted id inside the volume hf-operator downloads it into', () => {
    fc.assert(
      fc.property(huggingFaceIdCandidates(), value => {
        fc.pre(checkHuggingFaceRepoId('models[0].name', value).length === 0);
        const target = posix.normalize(`/models/${value}`);
        expect(target.startsWith('/models/')).toBe(true);
        expect(target).toBe(`/models/${value}`);
      }),
      runs,
    );
  });

  it('never throws, and names the field with a message for what it refuses', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), huggingFaceIdCandidates()), value => {
        for (const issue of checkHuggingFaceRepoId('models[2].name', value)) {
          expect(issue.field).toBe('models[2].name');
          expect(issue.message.length).toBeGreaterThan(0);
        }
      }),
      { ...runs, numRuns: 500 },
    );
  });
});
