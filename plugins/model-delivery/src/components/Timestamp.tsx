import { formatFullTimestamp, formatTimestamp } from './formatTimestamp';

/** A time in its short form, with the full time as a tooltip on hover. */
export function Timestamp(props: { iso: string }) {
  const { iso } = props;
  return (
    <time dateTime={iso} title={formatFullTimestamp(iso)}>
      {formatTimestamp(iso)}
    </time>
  );
}
