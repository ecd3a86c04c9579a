import {
  formatBytes,
  localModelCacheSizeProblem,
  modelsFitPersistentVolumeClaim,
} from './modelFit';

const GiB = 2 ** 30;

describe('formatBytes', () => {
  it('says sizes in the binary units quantities use', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1.5 * GiB)).toBe('1.5 GiB');
    expect(formatBytes(642.4 * GiB)).toBe('642 GiB');
    expect(formatBytes(2 * 2 ** 40)).toBe('2.0 TiB');
  });
});

describe('modelsFitPersistentVolumeClaim', () => {
  const pvc = { name: 'model-store', capacity: '200Gi' };

  it('fits when the known sizes add up to at most the capacity', () => {
    expect(
      modelsFitPersistentVolumeClaim(
        [
          { id: 'a/one', totalBytes: 150 * GiB },
          { id: 'a/two', totalBytes: 50 * GiB },
          { id: 'a/unknown' },
        ],
        pvc,
      ),
    ).toEqual({
      fits: true,
      totalBytes: 200 * GiB,
      unknownSizes: ['a/unknown'],
    });
  });

  it('does not fit when they exceed it, naming the PVC, its capacity, the total and the largest models', () => {
    const result = modelsFitPersistentVolumeClaim(
      [
        { id: 'a/one', totalBytes: 150 * GiB },
        { id: 'a/two', totalBytes: 60 * GiB },
      ],
      pvc,
    );

    expect(result.fits).toBe(false);
    expect(result.message).toBe(
      `The models need 210 GiB in total (a/one 150 GiB, a/two 60.0 GiB), more than the 200Gi (200 GiB) of PersistentVolumeClaim 'model-store': downloads would fail with "No space left on device". Use a larger claim, or fewer or smaller models`,
    );
  });

  it('cannot tell without a readable capacity', () => {
    expect(
      modelsFitPersistentVolumeClaim([{ id: 'a/one', totalBytes: 1e15 }], {
        name: 'x',
        capacity: 'lots',
      }).fits,
    ).toBe(true);
  });
});

describe('localModelCacheSizeProblem', () => {
  it('is a problem when modelSize is smaller than the model, saying the size to set', () => {
    expect(
      localModelCacheSizeProblem('10Gi', {
        id: 'org/m',
        totalBytes: 15.2 * GiB,
      }),
    ).toBe(
      `modelSize 10Gi (10.0 GiB) is smaller than org/m on the Hub (15.2 GiB): KServe sizes each node's volume by modelSize, so the download would fail with "No space left on device"; set modelSize to at least 16Gi`,
    );
  });

  it('is none when modelSize holds the model, or a size is unknown', () => {
    expect(
      localModelCacheSizeProblem('20Gi', { id: 'org/m', totalBytes: 15 * GiB }),
    ).toBeUndefined();
    expect(localModelCacheSizeProblem('20Gi', { id: 'org/m' })).toBeUndefined();
  });
});
