/* eslint-disable @backstage/no-mixed-plugin-imports -- test-only imports: the shared generators run in node, never in the published package */
import fc from 'fast-check';
import { KubernetesValidatorFunctions } from '@backstage/catalog-model';
import {
  ODD_CHARACTERS,
  huggingFaceIdCandidates,
  propertySeed,
  sourceModelUriCandidates,
} from '@model-delivery/test-kit/validation';
import { modelEntityName, storageUriModel } from './modelIdentity';

const runs = { seed: propertySeed(), numRuns: 3000 };

/** Any id a resource can name: Hub ids, storage URIs, odd characters, 100+ characters. */
function modelIdCandidates(): fc.Arbitrary<string> {
  const odd = fc.string({
    unit: fc.oneof(
      fc.constantFrom(...ODD_CHARACTERS, '-', '_', '.', 'A', 'a', '0'),
      fc.string({ minLength: 1, maxLength: 1, unit: 'grapheme' }),
    ),
    maxLength: 80,
  });
  return fc.oneof(
    huggingFaceIdCandidates(),
    sourceModelUriCandidates(),
    sourceModelUriCandidates().map(uri => storageUriModel(uri).modelId),
    odd,
    fc
      .tuple(huggingFaceIdCandidates(), fc.integer({ min: 1, max: 4 }))
      .map(([id, times]) => Array(times).fill(id).join('/')),
  );
}

describe('modelEntityName', () => {
  it('is a valid catalog entity name for any id', () => {
    fc.assert(
      fc.property(modelIdCandidates(), id => {
        const name = modelEntityName(id);
        expect(KubernetesValidatorFunctions.isValidObjectName(name)).toBe(true);
        expect(name.length).toBeLessThanOrEqual(63);
      }),
      runs,
    );
  });

  it('gives different ids different names, also to a catalog comparing names case-insensitively', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(modelIdCandidates(), { minLength: 2, maxLength: 30 }),
        ids => {
          const names = new Set(
            ids.map(id => modelEntityName(id).toLocaleLowerCase('en-US')),
          );
          expect(names.size).toBe(ids.length);
        },
      ),
      runs,
    );
  });

  it('tells ids apart that differ only in case, in a separator or past the 63rd character', () => {
    const long = `org/${'x'.repeat(120)}`;
    const ids = [
      'meta-llama/Llama-3.1-8B',
      'meta-llama/llama-3.1-8b',
      'meta-llama/llama-3-1-8b',
      'meta-llama_llama-3.1-8b',
      'meta-llama/llama_3.1-8b',
      `${long}a`,
      `${long}b`,
      'hf://meta-llama/llama-3.1-8b',
      'meta-llama/llama-3.1-8b:main',
    ];
    const names = ids.map(id => modelEntityName(id).toLocaleLowerCase('en-US'));
    expect(new Set(names).size).toBe(ids.length);
  });

  it('reads as the id itself when the id already is a lowercase name with one / at most', () => {
    fc.assert(
      fc.property(huggingFaceIdCandidates(), id => {
        fc.pre(
          id.length <= 63 &&
            /^[a-z0-9]+([-.][a-z0-9]+)*(\/[a-z0-9]+([-.][a-z0-9]+)*)?$/.test(
              id,
            ),
        );
        expect(modelEntityName(id)).toBe(id.replace('/', '_'));
      }),
      runs,
    );
    expect(modelEntityName('google/gemma-2-2b-it')).toBe(
      'google_gemma-2-2b-it',
    );
  });

  it('is the same on every run and replica: a fixed name for a fixed id', () => {
    // Pinned (FNV-1a 64 computed apart from this code): changing these renames every
    // model entity in every adopter's catalog.
    expect(modelEntityName('meta-llama/Llama-3.1-8B')).toBe(
      'meta-llama-llama-3.1-8b_h_24m2l1l13lrq0',
    );
    expect(modelEntityName(`org/${'X'.repeat(120)}`)).toBe(
      'org-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx_h_047s4pq2gzb0i',
    );
    expect(modelEntityName('kaggle://google/gemma/maxtext/7b-it/2')).toBe(
      'kaggle-google-gemma-maxtext-7b-it-2_h_2vnzck3ds8gno',
    );
    expect(modelEntityName('s3://bucket/path/to/model')).toBe(
      's3-bucket-path-to-model_h_1kzpxef885qpv',
    );
  });

  it('keeps a readable, lowercase slug of the id in front of the hash', () => {
    fc.assert(
      fc.property(huggingFaceIdCandidates(), id => {
        const name = modelEntityName(id);
        const readable = id
          .toLocaleLowerCase('en-US')
          .replace(/[^a-z0-9]/g, '');
        const nameLetters = name.split('_h_')[0].replace(/[^a-z0-9]/g, '');
        // The slug keeps the id's letters and digits, in order, up to the length limit.
        expect(
          readable.startsWith(nameLetters) || nameLetters === 'model',
        ).toBe(true);
      }),
      runs,
    );
  });
});
