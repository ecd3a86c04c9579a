import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import ReplayIcon from '@material-ui/icons/Replay';
import {
  ItemStatus,
  ResourceStatus,
} from '@model-delivery/plugin-model-delivery-common';
import { useState } from 'react';
import { modelDeliveryApiRef } from '../../api';
import { describeError, httpStatus } from '../errorMessages';
import { useResourceKind } from './resourceKinds';

/** The outcome of a retry, for the section to report. */
export interface RetryOutcome {
  severity: 'success' | 'error';
  message: string;
}

/**
 * Retry of one failed item, behind a confirmation that says what happens: the failed
 * Job is deleted, and the operator recreates it.
 */
export function RetryButton(props: {
  entityRef: string;
  resource: ResourceStatus;
  item: ItemStatus;
  onOutcome: (outcome: RetryOutcome) => void;
}) {
  const { entityRef, resource, item, onOutcome } = props;
  const api = useApi(modelDeliveryApiRef);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const operator = useResourceKind(resource.kind)?.operator ?? 'its operator';
  const job = item.jobName ?? `the failed Job of ${item.name}`;
  const jobNamespace = item.jobNamespace ?? resource.namespace;

  const confirm = async () => {
    setBusy(true);
    try {
      const result = await api.retry({
        entityRef,
        cluster: resource.cluster,
        kind: resource.kind,
        namespace: resource.namespace,
        name: resource.name,
        item: item.name,
      });
      onOutcome({
        severity: 'success',
        message: `Retrying ${item.name}: deleted the Job ${result.deletedJob} in namespace ${result.namespace}; ${operator} recreates it on its next reconcile.`,
      });
    } catch (e) {
      const error = e as Error;
      onOutcome({
        severity: 'error',
        message:
          httpStatus(error) === 403
            ? `You are not allowed to retry ${item.name}.`
            : `Could not retry ${item.name}: ${describeError(error)}`,
      });
    } finally {
      setBusy(false);
      setOpen(false);
    }
  };

  return (
    <>
      <Button
        size="small"
        variant="outlined"
        startIcon={<ReplayIcon />}
        aria-label={`Retry ${item.name}`}
        onClick={() => setOpen(true)}
      >
        Retry
      </Button>
      <Dialog open={open} onClose={() => !busy && setOpen(false)}>
        <DialogTitle>Retry {item.name}?</DialogTitle>
        <DialogContent>
          <DialogContentText>
            This deletes the failed Job {job}
            {jobNamespace ? ` in namespace ${jobNamespace}` : ''} on cluster{' '}
            {resource.cluster}; {operator} recreates it on its next reconcile.
            The Job&apos;s pods and logs are deleted with it.
          </DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)} disabled={busy}>
            Cancel
          </Button>
          <Button
            color="primary"
            variant="contained"
            onClick={confirm}
            disabled={busy}
          >
            Delete Job and retry
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
