import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import { ReactNode, useId, useState } from 'react';
import { describeError, httpStatus } from '../errorMessages';

/** The outcome of a retry, delete or re-download, for the section to report. */
export interface ActionOutcome {
  severity: 'success' | 'error';
  message: string;
}

/**
 * Runs an operation on `name` and says how it went: its own message, or why it failed
 * (a refusal of the permission in so many words).
 */
export async function outcomeOf(
  what: string,
  name: string,
  act: () => Promise<string>,
): Promise<ActionOutcome> {
  try {
    return { severity: 'success', message: await act() };
  } catch (e) {
    const error = e as Error;
    return {
      severity: 'error',
      message:
        httpStatus(error) === 403
          ? `You are not allowed to ${what} ${name}.`
          : `Could not ${what} ${name}: ${describeError(error)}`,
    };
  }
}

/**
 * A confirmation that says what the operation does and what goes with it; it stays open,
 * its buttons disabled, until the operation is done.
 */
export function ConfirmDialog(props: {
  open: boolean;
  title: string;
  confirmLabel: string;
  confirmColor?: 'primary' | 'secondary';
  onClose: () => void;
  onConfirm: () => Promise<void>;
  children: ReactNode;
}) {
  const titleId = useId();
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    try {
      await props.onConfirm();
    } finally {
      setBusy(false);
      props.onClose();
    }
  };
  return (
    <Dialog
      open={props.open}
      onClose={() => !busy && props.onClose()}
      aria-labelledby={titleId}
    >
      <DialogTitle id={titleId}>{props.title}</DialogTitle>
      <DialogContent>{props.children}</DialogContent>
      <DialogActions>
        <Button onClick={props.onClose} disabled={busy}>
          Cancel
        </Button>
        <Button
          color={props.confirmColor ?? 'secondary'}
          variant="contained"
          onClick={confirm}
          disabled={busy}
        >
          {props.confirmLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
