import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  FormPersistentVolumeClaim,
  HubModelReport,
  HubModelsCheckResponse,
} from '@model-delivery/plugin-model-delivery-common';
import { formatBytes } from '../formatBytes';

/** The models' total as far as the Hub told it (each model counted once). */
export function modelsTotalBytes(reports: HubModelReport[]): number {
  const seen = new Set<string>();
  let total = 0;
  for (const report of reports) {
    const key = `${report.id}@${report.revision ?? ''}`;
    if (report.totalBytes !== undefined && !seen.has(key)) {
      seen.add(key);
      total += report.totalBytes;
    }
  }
  return total;
}

function tokenNote(response: HubModelsCheckResponse): string {
  switch (response.tokenSource) {
    case 'secret':
      return 'with the token in the chosen Secret';
    case 'config':
      return 'with the portal’s configured token';
    default:
      return 'without a token';
  }
}

function totalNote(
  total: number,
  pvcName: string | undefined,
  capacity: number | undefined,
): string {
  if (total === 0) return '';
  if (capacity === undefined) return `Models total ${formatBytes(total)}. `;
  return `Models total ${formatBytes(
    total,
  )}; PVC ${pvcName} holds ${formatBytes(capacity)}. `;
}

/**
 * Below the model rows: whom the Hub was asked, and the models' total against the chosen
 * PersistentVolumeClaim's capacity.
 */
export function HubSummary(props: {
  response?: HubModelsCheckResponse;
  error?: string;
  reports: HubModelReport[];
  pvcName?: string;
  pvc?: FormPersistentVolumeClaim;
}) {
  const { response, error, reports, pvcName, pvc } = props;
  if (error) {
    return (
      <Alert severity="info">
        The Hugging Face Hub could not be asked about these models: {error}
      </Alert>
    );
  }
  if (!response) return null;
  const total = modelsTotalBytes(reports);
  const capacity = pvc?.capacityBytes;
  return (
    <>
      {response.problem && (
        <Alert severity="info">
          The Hugging Face Hub at {response.hubUrl} could not be asked:{' '}
          {response.problem}
        </Alert>
      )}
      {capacity !== undefined && total > capacity ? (
        <Alert severity="warning" role="alert">
          Too large for PVC {pvcName} ({formatBytes(capacity)}): models total{' '}
          {formatBytes(total)}.
        </Alert>
      ) : (
        <Typography variant="body2" color="textSecondary">
          {totalNote(total, pvcName, capacity)}Checked on {response.hubUrl}{' '}
          {tokenNote(response)}.
        </Typography>
      )}
    </>
  );
}
