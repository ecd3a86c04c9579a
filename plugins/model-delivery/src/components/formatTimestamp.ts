function parsed(iso: string): Date | undefined {
  const time = Date.parse(iso);
  return Number.isFinite(time) ? new Date(time) : undefined;
}

/**
 * An ISO time in the viewer's locale, short enough for a table column ("Nov 21, 7:07 AM");
 * the raw value when it cannot be read. {@link Timestamp} shows it with
 * {@link formatFullTimestamp} as its tooltip.
 */
export function formatTimestamp(iso: string): string {
  return (
    parsed(iso)?.toLocaleString(undefined, {
      month: 'short',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
    }) ?? iso
  );
}

/**
 * The same time in full, in the viewer's locale: year, seconds and time zone, which the
 * short form leaves out. The raw value when it cannot be read.
 */
export function formatFullTimestamp(iso: string): string {
  return (
    parsed(iso)?.toLocaleString(undefined, {
      dateStyle: 'full',
      timeStyle: 'long',
    }) ?? iso
  );
}
