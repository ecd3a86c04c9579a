import Link from '@material-ui/core/Link';
import Typography from '@material-ui/core/Typography';
import {
  HubModelReport,
  formatBytes,
} from '@model-delivery/plugin-model-delivery-common';

function found(report: HubModelReport): string {
  return [
    report.totalBytes !== undefined
      ? formatBytes(report.totalBytes)
      : undefined,
    report.license ? `licence ${report.license}` : undefined,
    report.gated ? 'gated, terms accepted' : undefined,
  ]
    .filter(Boolean)
    .join(', ');
}

/** What the Hub says of one model row: found and its size, or what to do. */
export function HubModelInfo(props: {
  index: number;
  report?: HubModelReport;
  checking: boolean;
}) {
  const { index, report, checking } = props;
  let content: React.ReactNode;
  let color: 'textSecondary' | 'error' = 'textSecondary';
  if (!report) {
    if (!checking) return null;
    content = 'Asking the Hugging Face Hub…';
  } else {
    switch (report.access) {
      case 'readable':
        content = `Found on the Hub at its default branch, the revision hf-operator downloads: ${
          found(report) || 'no files listed'
        }.`;
        break;
      case 'gated':
        color = 'error';
        content = (
          <>
            Gated: accept the terms at{' '}
            <Link href={report.url} target="_blank" rel="noopener">
              {report.url}
            </Link>{' '}
            with the token’s user, then check again.
          </>
        );
        break;
      case 'private':
        color = 'error';
        content = `Private or not readable with this token: ${report.message}`;
        break;
      case 'missing':
        color = 'error';
        content = `Not on the Hub: ${report.message}`;
        break;
      default:
        content = `Not checked: ${report.message}`;
    }
  }
  return (
    <Typography
      variant="caption"
      color={color}
      component="p"
      role="status"
      aria-label={`Hub: model ${index + 1}`}
    >
      {content}
    </Typography>
  );
}
