import { formatFullTimestamp, formatTimestamp } from './formatTimestamp';

describe('formatTimestamp', () => {
  it('keeps a table column short and leaves the rest to the full form', () => {
    const iso = '2025-11-21T07:07:42Z';
    expect(formatTimestamp(iso)).not.toContain('2025');
    expect(formatTimestamp(iso)).not.toContain(':42');
    expect(formatFullTimestamp(iso)).toContain('2025');
    expect(formatFullTimestamp(iso)).toContain(':42');
  });

  it('shows an unreadable time as it came', () => {
    expect(formatTimestamp('soon')).toBe('soon');
    expect(formatFullTimestamp('soon')).toBe('soon');
  });
});
