import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { Fragment, useState } from 'react';
import {
  ItemStatus,
  ResourceStatus,
} from '@model-delivery/plugin-model-delivery-common';
import { StateChip } from '../StateChip';
import { durationBetween, formatDuration } from '../formatDuration';
import { Timestamp } from '../Timestamp';
import { ActionOutcome } from './ConfirmDialog';
import { RetryButton } from './RetryButton';
import { ItemDiagnosticsPanel } from './ItemDiagnosticsPanel';
import { ItemExpander } from './ItemExpander';

const useStyles = makeStyles(theme => ({
  // MUI's small cells pad 24 px on the right; seven columns at 1280 px cannot spare it.
  table: {
    '& th, & td': { padding: theme.spacing(0.75, 1) },
    '& th:first-child, & td:first-child': { paddingLeft: theme.spacing(2) },
  },
  // Model ids and Job names are long single words: give them room, then break anywhere.
  name: { minWidth: 120, overflowWrap: 'anywhere' },
  job: { minWidth: 140, maxWidth: 240, overflowWrap: 'anywhere' },
  detail: { minWidth: 200, width: '35%' },
  nowrap: { whiteSpace: 'nowrap' },
  stateCell: { display: 'flex', alignItems: 'center', gap: theme.spacing(0.5) },
  // The action keeps its width and, when a narrow window scrolls the table, stays in
  // view at the right edge instead of being cut off.
  actions: {
    whiteSpace: 'nowrap',
    width: '1%',
    position: 'sticky',
    right: 0,
    backgroundColor: theme.palette.background.paper,
    // Opaque like the row it sits in: the theme stripes odd rows.
    'tbody tr:nth-of-type(odd) > &': {
      backgroundColor: theme.palette.background.default,
    },
  },
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
  /** The rows, in order, when not all of the resource's items (a filter is on). */
  items?: ItemStatus[];
  canRetry: boolean;
  now: number;
  onRetryOutcome: (outcome: ActionOutcome) => void;
}) {
  const { entityRef, resource, canRetry, now, onRetryOutcome } = props;
  const classes = useStyles();
  const items = props.items ?? resource.items;
  const showActions = canRetry && items.some(i => i.retryable);
  // Expanded rows read their logs and events from the cluster: on demand only.
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const toggle = (name: string) =>
    setExpanded(previous => {
      const next = new Set(previous);
      if (!next.delete(name)) next.add(name);
      return next;
    });
  return (
    <div className={classes.scroller}>
      <Table
        size="small"
        className={classes.table}
        aria-label={`${resource.itemNoun}s of ${resource.name}`}
      >
        <TableHead>
          <TableRow>
            <TableCell>State</TableCell>
            <TableCell>{capitalized(resource.itemNoun)}</TableCell>
            <TableCell>Detail</TableCell>
            <TableCell>Job</TableCell>
            <TableCell className={classes.nowrap}>Started</TableCell>
            <TableCell className={classes.nowrap}>Duration</TableCell>
            {showActions && (
              <TableCell className={classes.actions}>Actions</TableCell>
            )}
          </TableRow>
        </TableHead>
        <TableBody>
          {items.map(item => (
            <Fragment key={item.name}>
              <TableRow>
                <TableCell>
                  {/* The toggle leads the row, so no scrolled-away column hides it. */}
                  <div className={classes.stateCell}>
                    <ItemExpander
                      item={item.name}
                      expanded={expanded.has(item.name)}
                      onToggle={() => toggle(item.name)}
                    />
                    <StateChip state={item.state} phase={item.phase} />
                  </div>
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
                  <TableCell className={classes.actions}>
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
              {expanded.has(item.name) && (
                <TableRow>
                  <TableCell colSpan={showActions ? 7 : 6}>
                    <ItemDiagnosticsPanel
                      entityRef={entityRef}
                      resource={resource}
                      item={item}
                      now={now}
                    />
                  </TableCell>
                </TableRow>
              )}
            </Fragment>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
