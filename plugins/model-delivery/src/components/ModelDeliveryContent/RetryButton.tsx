import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import DialogContentText from '@material-ui/core/DialogContentText';
import ReplayIcon from '@material-ui/icons/Replay';
import {
  ItemStatus,
  ResourceStatus,
} from '@model-delivery/plugin-model-delivery-common';
import { useState } from 'react';
import { modelDeliveryApiRef } from '../../api';
import { ActionOutcome, ConfirmDialog, outcomeOf } from './ConfirmDialog';
import { useResourceKind } from './resourceKinds';

/**
 * Retry of one failed item, behind a confirmation that says what happens: the failed
 * Job is deleted, and the operator recreates it.
 */
export function RetryButton(props: {
  entityRef: string;
  resource: ResourceStatus;
  item: ItemStatus;
  onOutcome: (outcome: ActionOutcome) => void;
}) {
  const { entityRef, resource, item, onOutcome } = props;
  const api = useApi(modelDeliveryApiRef);
  const [open, setOpen] = useState(false);
  const operator = useResourceKind(resource.kind)?.operator ?? 'its operator';
  const job = item.jobName ?? `the failed Job of ${item.name}`;
  const jobNamespace = item.jobNamespace ?? resource.namespace;

  const retry = async () =>
    onOutcome(
      await outcomeOf('retry', item.name, async () => {
        const result = await api.retry({
          entityRef,
          cluster: resource.cluster,
          kind: resource.kind,
          namespace: resource.namespace,
          name: resource.name,
          item: item.name,
        });
        return `Retrying ${item.name}: deleted the Job ${result.deletedJob} in namespace ${result.namespace}; ${operator} recreates it on its next reconcile.`;
      }),
    );

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
      <ConfirmDialog
        open={open}
        title={`Retry ${item.name}?`}
        confirmLabel="Delete Job and retry"
        confirmColor="primary"
        onClose={() => setOpen(false)}
        onConfirm={retry}
      >
        <DialogContentText>
          This deletes the failed Job {job}
          {jobNamespace ? ` in namespace ${jobNamespace}` : ''} on cluster{' '}
          {resource.cluster}; {operator} recreates it on its next reconcile. The
          Job&apos;s pods and logs are deleted with it.
        </DialogContentText>
      </ConfirmDialog>
    </>
  );
}
