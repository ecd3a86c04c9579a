import Chip from '@material-ui/core/Chip';
import { darken, makeStyles } from '@material-ui/core/styles';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import CloudDownloadIcon from '@material-ui/icons/CloudDownload';
import ErrorIcon from '@material-ui/icons/Error';
import HourglassEmptyIcon from '@material-ui/icons/HourglassEmpty';
import { HeadlineState } from '@model-delivery/plugin-model-delivery-common';

// A clickable chip keeps its state's colour on hover and focus, a shade darker, instead
// of MUI's grey.
const colored = (color: { main: string; contrastText: string }) => ({
  backgroundColor: color.main,
  color: color.contrastText,
  '&$clickable:hover, &$clickable:focus': {
    backgroundColor: darken(color.main, 0.15),
  },
});

const useStyles = makeStyles(theme => ({
  pending: colored(theme.palette.info),
  completed: colored(theme.palette.success),
  failed: colored(theme.palette.error),
  icon: {
    color: 'inherit',
  },
  clickable: {},
  selected: {
    boxShadow: `0 0 0 2px ${theme.palette.background.paper}, 0 0 0 4px ${theme.palette.text.primary}`,
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
  /** Makes the chip a toggle button, e.g. to filter by its state. */
  onClick?: () => void;
  /** The toggle is on: the chip is ringed, pressed, and offers to clear itself. */
  selected?: boolean;
  /** Said instead of the state, e.g. a server's `ready` / `not ready`. */
  label?: string;
}

/** A server's readiness as a chip: ready, or not ready (pending). */
export function ReadyChip(props: { ready: boolean }) {
  return props.ready ? (
    <StateChip state="completed" label="ready" />
  ) : (
    <StateChip state="pending" label="not ready" />
  );
}

/**
 * A headline state as a chip. Colour is never the only cue: every state has its own
 * icon and its name in text.
 */
export function StateChip(props: StateChipProps) {
  const { state, phase, count, onClick, selected } = props;
  const classes = useStyles();
  const downloading = state === 'pending' && phase === 'downloading';
  const Icon = downloading ? CloudDownloadIcon : ICONS[state];
  const text = props.label ?? (downloading ? 'downloading' : state);
  return (
    <Chip
      size="small"
      className={[
        classes[state],
        onClick ? classes.clickable : '',
        selected ? classes.selected : '',
      ].join(' ')}
      icon={<Icon className={classes.icon} aria-hidden />}
      label={count === undefined ? text : `${count} ${text}`}
      {...(onClick
        ? {
            onClick,
            'aria-pressed': !!selected,
            ...(selected ? { onDelete: onClick } : {}),
          }
        : {})}
    />
  );
}
