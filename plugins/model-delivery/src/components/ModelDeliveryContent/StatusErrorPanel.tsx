import { ResponseErrorPanel, WarningPanel } from '@backstage/core-components';
import { describeError, statusErrorMessage } from '../errorMessages';

/** Why the tab has nothing to show: denied or not found as a warning, faults in full. */
export function StatusErrorPanel(props: { error: Error }) {
  const { error } = props;
  const { title, forbidden } = statusErrorMessage(error);
  if (forbidden) {
    return (
      <WarningPanel
        severity="warning"
        title={title}
        message={describeError(error)}
      />
    );
  }
  return <ResponseErrorPanel error={error} title={title} />;
}
