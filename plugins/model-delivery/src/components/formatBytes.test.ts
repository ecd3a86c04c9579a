import { formatBytes } from './formatBytes';

describe('formatBytes', () => {
  it('reads as Kubernetes quantities are written, in binary units', () => {
    expect(formatBytes(10 * 1024 ** 3)).toBe('10 GiB');
    expect(formatBytes(4.5 * 1024 ** 3)).toBe('4.5 GiB');
    expect(formatBytes(123.04 * 1024 ** 3)).toBe('123 GiB');
    expect(formatBytes(512)).toBe('512 bytes');
    expect(formatBytes(1536)).toBe('1.5 KiB');
  });
});
