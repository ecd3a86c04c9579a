import { durationBetween, formatDuration } from './formatDuration';

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [45_000, '45s'],
    [200_000, '3m 20s'],
    [7_500_000, '2h 5m'],
    [273_600_000, '3d 4h'],
    [-5_000, '0s'],
  ])('formats %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('durationBetween', () => {
  it('is the time between two ISO times', () => {
    expect(
      durationBetween('2025-01-01T10:00:00Z', '2025-01-01T10:03:20Z'),
    ).toBe(200_000);
  });

  it('is unknown when either time is missing or unreadable', () => {
    expect(durationBetween(undefined, '2025-01-01T10:00:00Z')).toBeUndefined();
    expect(durationBetween('2025-01-01T10:00:00Z', 'soon')).toBeUndefined();
  });
});
