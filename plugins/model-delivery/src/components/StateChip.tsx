import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import CloudDownloadIcon from '@material-ui/icons/CloudDownload';
import ErrorIcon from '@material-ui/icons/Error';
import HourglassEmptyIcon from '@material-ui/icons/HourglassEmpty';
import { HeadlineState } from '@model-delivery/plugin-model-delivery-common';

const useStyles = makeStyles(theme => ({
  pending: {
    backgroundColor: theme.palette.info.main,
    color: theme.palette.info.contrastText,
  },
  completed: {
    backgroundColor: theme.palette.success.main,
    color: theme.palette.success.contrastText,
  },
  failed: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  icon: {
    color: 'inherit',
  },
}));

const ICONS = {
  pending: HourglassEmptyIcon,
  completed: CheckCircleIcon,
  failed: ErrorIcon,
};

export interface StateChipProps {
  state: HeadlineState;
  /** The item's finer phase; a pending item that is `downloading` says so. */
  phase?: string;
  /** Shown after the state, e.g. a count: "3 pending". */
  count?: number;
}

/**
 * A headline state as a chip. Colour is never the only cue: every state has its own
 * icon and its name in text.
 */
export function StateChip(props: StateChipProps) {
  const { state, phase, count } = props;
  const classes = useStyles();
  const downloading = state === 'pending' && phase === 'downloading';
  const Icon = downloading ? CloudDownloadIcon : ICONS[state];
  const text = downloading ? 'downloading' : state;
  return (
    <Chip
      size="small"
      className={classes[state]}
      icon={<Icon className={classes.icon} aria-hidden />}
      label={count === undefined ? text : `${count} ${text}`}
    />
  );
}
