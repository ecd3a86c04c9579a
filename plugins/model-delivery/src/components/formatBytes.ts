const UNITS = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/**
 * A size as the forms show it, in the binary units Kubernetes quantities use (a PVC of
 * `10Gi` reads "10 GiB"): one decimal at most, none when whole, e.g. `4.5 GiB`, `123 GiB`.
 */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const rounded = Math.round(value * 10) / 10;
  return `${Number.isInteger(rounded) ? rounded : rounded.toFixed(1)} ${
    UNITS[unit]
  }`;
}
