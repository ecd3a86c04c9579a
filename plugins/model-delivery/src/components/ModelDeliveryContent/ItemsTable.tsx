import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  ItemStatus,
  ResourceStatus,
} from '@model-delivery/plugin-model-delivery-common';
import { StateChip } from '../StateChip';
import { durationBetween, formatDuration } from '../formatDuration';
import { Timestamp } from '../Timestamp';
import { RetryButton, RetryOutcome } from './RetryButton';

const useStyles = makeStyles(theme => ({
  // Model ids and Job names are long single words: give them room, then break anywhere.
  name: { minWidth: 150, overflowWrap: 'anywhere' },
  job: { minWidth: 170, maxWidth: 280, overflowWrap: 'anywhere' },
  detail: { minWidth: 260, width: '40%' },
  nowrap: { whiteSpace: 'nowrap' },
  // Narrow windows scroll the table inside its card instead of spilling out of it.
  scroller: { overflowX: 'auto' },
  reason: {
    fontFamily: 'monospace',
    fontSize: theme.typography.body2.fontSize,
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
    margin: theme.spacing(0.5, 0, 0),
    padding: theme.spacing(1),
    backgroundColor: theme.palette.background.default,
    borderRadius: theme.shape.borderRadius,
  },
}));

function capitalized(word: string) {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** Finished items: how long they took. Running ones: how long so far. */
function duration(item: ItemStatus, now: number): string | undefined {
  if (!item.startedAt) return undefined;
  if (item.finishedAt) {
    const ms = durationBetween(item.startedAt, item.finishedAt);
    return ms === undefined ? undefined : formatDuration(ms);
  }
  if (item.state !== 'pending') return undefined;
  const ms = durationBetween(item.startedAt, new Date(now).toISOString());
  return ms === undefined ? undefined : `running for ${formatDuration(ms)}`;
}

function jobLabel(item: ItemStatus, resource: ResourceStatus) {
  if (!item.jobName) return '—';
  return item.jobNamespace && item.jobNamespace !== resource.namespace
    ? `${item.jobNamespace}/${item.jobName}`
    : item.jobName;
}

/** One row per item of a resource, with the reason in full where there is one. */
export function ItemsTable(props: {
  entityRef: string;
  resource: ResourceStatus;
  canRetry: boolean;
  now: number;
  onRetryOutcome: (outcome: RetryOutcome) => void;
}) {
  const { entityRef, resource, canRetry, now, onRetryOutcome } = props;
  const classes = useStyles();
  const showActions = canRetry && resource.items.some(i => i.retryable);
  return (
    <div className={classes.scroller}>
      <Table
        size="small"
        aria-label={`${resource.itemNoun}s of ${resource.name}`}
      >
        <TableHead>
          <TableRow>
            <TableCell>State</TableCell>
            <TableCell>{capitalized(resource.itemNoun)}</TableCell>
            <TableCell>Detail</TableCell>
            <TableCell>Job</TableCell>
            <TableCell>Started</TableCell>
            <TableCell>Duration</TableCell>
            {showActions && <TableCell>Actions</TableCell>}
          </TableRow>
        </TableHead>
        <TableBody>
          {resource.items.map(item => (
            <TableRow key={item.name}>
              <TableCell>
                <StateChip state={item.state} phase={item.phase} />
              </TableCell>
              <TableCell className={classes.name}>{item.name}</TableCell>
              <TableCell className={classes.detail}>
                <Typography variant="body2">{item.detail}</Typography>
                {item.reason && (
                  <pre className={classes.reason}>{item.reason}</pre>
                )}
              </TableCell>
              <TableCell className={classes.job}>
                {jobLabel(item, resource)}
                {item.podName && (
                  <Typography variant="caption" display="block">
                    pod {item.podName}
                  </Typography>
                )}
              </TableCell>
              <TableCell className={classes.nowrap}>
                {item.startedAt ? <Timestamp iso={item.startedAt} /> : '—'}
              </TableCell>
              <TableCell className={classes.nowrap}>
                {duration(item, now) ?? '—'}
              </TableCell>
              {showActions && (
                <TableCell className={classes.nowrap}>
                  {item.retryable && (
                    <RetryButton
                      entityRef={entityRef}
                      resource={resource}
                      item={item}
                      onOutcome={onRetryOutcome}
                    />
                  )}
                </TableCell>
              )}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
