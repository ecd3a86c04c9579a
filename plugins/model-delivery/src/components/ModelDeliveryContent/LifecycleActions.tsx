import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import Button from '@material-ui/core/Button';
import DialogContentText from '@material-ui/core/DialogContentText';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import DeleteIcon from '@material-ui/icons/Delete';
import GetAppIcon from '@material-ui/icons/GetApp';
import {
  ResourceStatus,
  modelDeliveryDeletePermission,
  modelDeliveryRedownloadPermission,
} from '@model-delivery/plugin-model-delivery-common';
import { useId, useState } from 'react';
import { modelDeliveryApiRef } from '../../api';
import { ActionOutcome, ConfirmDialog, outcomeOf } from './ConfirmDialog';
import { useResourceKind } from './resourceKinds';

/** The choice of every item: an item is a Hugging Face id, which always holds a `/`. */
const EVERY_ITEM = 'every';

/** Where a resource lives, as the confirmations name it. */
function whereabouts(resource: ResourceStatus): string {
  return `${resource.kind} ${resource.name}${
    resource.namespace ? ` in namespace ${resource.namespace}` : ''
  } on cluster ${resource.cluster}`;
}

/**
 * Delete (any kind the portal deletes) and Re-download (a ModelDownload's models) of
 * one resource, for its section header. Each is shown only when the policy allows it on
 * the entity, and asks for a confirmation that says what goes with it, in the words of
 * the kind's `lifecycle`, as the backend tells it (the scaffolder actions say the same).
 */
export function LifecycleActions(props: {
  entityRef: string;
  resource: ResourceStatus;
  onOutcome: (outcome: ActionOutcome) => void;
}) {
  const { entityRef, resource, onOutcome } = props;
  const api = useApi(modelDeliveryApiRef);
  const alertApi = useApi(alertApiRef);
  const lifecycle = useResourceKind(resource.kind)?.lifecycle;
  const { allowed: canDelete } = usePermission({
    permission: modelDeliveryDeletePermission,
    resourceRef: entityRef,
  });
  const { allowed: canRedownload } = usePermission({
    permission: modelDeliveryRedownloadPermission,
    resourceRef: entityRef,
  });
  const [dialog, setDialog] = useState<'delete' | 'redownload'>();
  /** The one model to re-download, or every model of the spec. */
  const [model, setModel] = useState(EVERY_ITEM);
  const choiceId = useId();
  if (!lifecycle) return null;

  const request = {
    entityRef,
    cluster: resource.cluster,
    kind: resource.kind,
    namespace: resource.namespace,
    name: resource.name,
  };
  const run = async (what: string, act: () => Promise<string>) =>
    onOutcome(await outcomeOf(what, resource.name, act));

  const remove = () =>
    run('delete', async () => {
      const result = await api.deleteResource(request);
      const message = `Deleted ${result.deleted
        .map(o => `${o.kind} ${o.name}`)
        .join(', ')}.`;
      // The section goes with the resource, and its message with it: said app-wide too.
      alertApi.post({ message, severity: 'success', display: 'transient' });
      return message;
    });
  const redownload = () =>
    run('re-download', async () => {
      const result = await api.redownload({
        ...request,
        ...(model ? { model } : {}),
      });
      return `Re-downloading ${
        model || resource.name
      }: deleted the Jobs ${result.jobs
        .filter(j => j.deleted)
        .map(j => j.job)
        .join(', ')}${
        result.forceReloadUnset ? ' and unset settings.forceReload' : ''
      }; hf-operator creates them again.`;
    });

  return (
    <>
      {canRedownload && lifecycle.redownload && (
        <Button
          size="small"
          variant="outlined"
          startIcon={<GetAppIcon />}
          aria-label={`Re-download ${resource.name}`}
          onClick={() => setDialog('redownload')}
        >
          Re-download
        </Button>
      )}
      {canDelete && (
        <Button
          size="small"
          variant="outlined"
          startIcon={<DeleteIcon />}
          aria-label={`Delete ${resource.name}`}
          onClick={() => setDialog('delete')}
        >
          Delete
        </Button>
      )}
      <ConfirmDialog
        open={dialog === 'delete'}
        title={`Delete ${resource.kind} ${resource.name}?`}
        confirmLabel={`Delete ${resource.name}`}
        onClose={() => setDialog(undefined)}
        onConfirm={remove}
      >
        <DialogContentText>
          This deletes {whereabouts(resource)}.
        </DialogContentText>
        <DialogContentText>
          <strong>Goes with it:</strong> {lifecycle.deleteTakesWith}
        </DialogContentText>
      </ConfirmDialog>
      {lifecycle.redownload && (
        <ConfirmDialog
          open={dialog === 'redownload'}
          title={`Re-download models of ${resource.name}?`}
          confirmLabel="Delete Jobs and re-download"
          onClose={() => setDialog(undefined)}
          onConfirm={redownload}
        >
          <DialogContentText>
            This acts on {whereabouts(resource)}.
          </DialogContentText>
          <TextField
            id={choiceId}
            select
            fullWidth
            margin="dense"
            label={`Which ${resource.itemNoun}s`}
            value={model}
            onChange={e => setModel(e.target.value)}
          >
            <MenuItem value={EVERY_ITEM}>
              Every {resource.itemNoun} ({resource.items.length})
            </MenuItem>
            {resource.items.map(item => (
              <MenuItem key={item.name} value={item.name}>
                {item.name} ({item.state})
              </MenuItem>
            ))}
          </TextField>
          <DialogContentText>{lifecycle.redownload}</DialogContentText>
        </ConfirmDialog>
      )}
    </>
  );
}
