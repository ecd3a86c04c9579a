import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  FormPersistentVolumeClaim,
  HubModelReport,
  HubModelsCheckResponse,
  formatBytes,
  modelsFitPersistentVolumeClaim,
} from '@model-delivery/plugin-model-delivery-common';

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
  pvc: FormPersistentVolumeClaim | undefined,
): string {
  if (total === 0) return '';
  if (!pvc?.capacity) return `Models total ${formatBytes(total)}. `;
  return `Models total ${formatBytes(total)}; PVC ${pvc.name} holds ${
    pvc.capacity
  }. `;
}

/**
 * Below the model rows: whom the Hub was asked, and the models' total against the chosen
 * PersistentVolumeClaim's capacity.
 */
export function HubSummary(props: {
  response?: HubModelsCheckResponse;
  error?: string;
  reports: HubModelReport[];
  pvc?: FormPersistentVolumeClaim;
}) {
  const { response, error, reports, pvc } = props;
  if (error) {
    return (
      <Alert severity="info">
        The Hugging Face Hub could not be asked about these models: {error}
      </Alert>
    );
  }
  if (!response) return null;
  // Each model once, as the PVC holds it once.
  const models = reports.filter(
    (r, i) =>
      reports.findIndex(o => o.id === r.id && o.revision === r.revision) === i,
  );
  const fit = pvc?.capacity
    ? modelsFitPersistentVolumeClaim(models, {
        name: pvc.name,
        capacity: pvc.capacity,
      })
    : undefined;
  const total = models.reduce((sum, m) => sum + (m.totalBytes ?? 0), 0);
  return (
    <>
      {response.problem && (
        <Alert severity="info">
          The Hugging Face Hub at {response.hubUrl} could not be asked:{' '}
          {response.problem}
        </Alert>
      )}
      {fit && !fit.fits ? (
        <Alert severity="warning" role="alert">
          {fit.message}.
        </Alert>
      ) : (
        <Typography variant="body2" color="textSecondary">
          {totalNote(total, pvc)}Checked on {response.hubUrl}{' '}
          {tokenNote(response)}.
        </Typography>
      )}
    </>
  );
}
