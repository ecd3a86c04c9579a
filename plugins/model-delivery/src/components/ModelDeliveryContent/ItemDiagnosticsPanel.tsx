import { parseEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import Tab from '@material-ui/core/Tab';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tabs from '@material-ui/core/Tabs';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import {
  DiagnosticsContainer,
  DiagnosticsEvent,
  ItemStatus,
  ResourceStatus,
} from '@model-delivery/plugin-model-delivery-common';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { modelDeliveryApiRef } from '../../api';
import { describeError, httpStatus } from '../errorMessages';
import { durationBetween, formatDuration } from '../formatDuration';

/** How many log lines the panel asks for per container. */
const TAIL_LINES = 200;

const useStyles = makeStyles(theme => ({
  // As wide as the row's other cells make the table, never wider: long log lines scroll
  // inside the log instead of widening the whole items table.
  root: {
    padding: theme.spacing(1, 2, 2),
    width: 0,
    minWidth: '100%',
    boxSizing: 'border-box',
  },
  heading: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    marginTop: theme.spacing(1),
  },
  log: {
    fontFamily: 'monospace',
    fontSize: theme.typography.body2.fontSize,
    whiteSpace: 'pre',
    overflow: 'auto',
    maxHeight: 320,
    margin: theme.spacing(1, 0),
    padding: theme.spacing(1),
    backgroundColor: theme.palette.background.default,
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
  },
  message: { overflowWrap: 'anywhere' },
  nowrap: { whiteSpace: 'nowrap' },
}));

/** The container shown first: the one that failed, else the last one that wrote a log. */
function firstShown(containers: DiagnosticsContainer[]): string | undefined {
  const failed = containers.find(
    c => c.log !== undefined && /^terminated: (?!Completed)/.test(c.state),
  );
  const withLog = [...containers].reverse().find(c => c.log !== undefined);
  return (failed ?? withLog ?? containers[0])?.name;
}

function age(event: DiagnosticsEvent, now: number): string {
  const at = event.lastSeen ?? event.firstSeen;
  if (!at) return '—';
  const ms = durationBetween(at, new Date(now).toISOString());
  return ms === undefined ? '—' : `${formatDuration(ms)} ago`;
}

function ContainerLog(props: { container: DiagnosticsContainer }) {
  const { container } = props;
  const classes = useStyles();
  return (
    <>
      <Typography variant="caption" display="block">
        {container.init ? 'init container' : 'container'} {container.name}:{' '}
        {container.state}
      </Typography>
      {container.problem && (
        <Alert severity="info">No log: {container.problem}</Alert>
      )}
      {container.log !== undefined &&
        (container.log === '' ? (
          <Typography variant="body2">The log is empty.</Typography>
        ) : (
          <pre
            className={classes.log}
            aria-label={`Log of container ${container.name}`}
          >
            {container.log}
          </pre>
        ))}
    </>
  );
}

function EventsTable(props: { events: DiagnosticsEvent[]; now: number }) {
  const classes = useStyles();
  return (
    <Table size="small" aria-label="Events">
      <TableHead>
        <TableRow>
          <TableCell>Type</TableCell>
          <TableCell>Reason</TableCell>
          <TableCell>Object</TableCell>
          <TableCell>Message</TableCell>
          <TableCell className={classes.nowrap}>Last seen</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.events.map((event, index) => (
          <TableRow key={`${event.object}|${event.reason}|${index}`}>
            <TableCell className={classes.nowrap}>{event.type}</TableCell>
            <TableCell className={classes.nowrap}>{event.reason}</TableCell>
            <TableCell className={classes.message}>{event.object}</TableCell>
            <TableCell className={classes.message}>
              {event.message}
              {event.count > 1 ? ` (×${event.count})` : ''}
            </TableCell>
            <TableCell className={classes.nowrap}>
              {age(event, props.now)}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/**
 * Why an item is where it is: the log tail of its pod's containers and the events of its
 * Job and pod, read from the cluster through the backend when the row is expanded (never
 * before: each read reaches the cluster). The backend has redacted credentials.
 */
export function ItemDiagnosticsPanel(props: {
  entityRef: string;
  resource: ResourceStatus;
  item: ItemStatus;
  now: number;
}) {
  const { entityRef, resource, item, now } = props;
  const classes = useStyles();
  const api = useApi(modelDeliveryApiRef);
  const [chosen, setChosen] = useState<string>();
  const state = useAsyncRetry(
    () =>
      api.getItemDiagnostics(parseEntityRef(entityRef), {
        cluster: resource.cluster,
        resourceKind: resource.kind,
        ...(resource.namespace
          ? { resourceNamespace: resource.namespace }
          : {}),
        resourceName: resource.name,
        item: item.name,
        tailLines: TAIL_LINES,
      }),
    [
      api,
      entityRef,
      resource.cluster,
      resource.kind,
      resource.namespace,
      resource.name,
      item.name,
    ],
  );

  if (state.loading && !state.value) {
    return (
      <div className={classes.root} role="status">
        <CircularProgress size={16} /> Reading the logs and events of{' '}
        {item.name} from cluster {resource.cluster}…
      </div>
    );
  }
  if (state.error) {
    const status = httpStatus(state.error);
    return (
      <div className={classes.root}>
        <Alert
          severity={status === 403 ? 'warning' : 'error'}
          action={
            status === 403 ? undefined : (
              <Button color="inherit" size="small" onClick={state.retry}>
                Try again
              </Button>
            )
          }
        >
          {status === 403
            ? `You are not allowed to read the logs and events of this entity (permission model-delivery.logs.read).`
            : `Could not read the logs and events of ${
                item.name
              }: ${describeError(state.error)}`}
        </Alert>
      </div>
    );
  }
  const diagnostics = state.value!;
  const containers = diagnostics.containers;
  const shown =
    containers.find(c => c.name === chosen) ??
    containers.find(c => c.name === firstShown(containers));

  return (
    <div className={classes.root}>
      <div className={classes.heading}>
        <Typography variant="subtitle2">
          Log
          {diagnostics.podName
            ? ` of pod ${diagnostics.podName}`
            : ''} (last {diagnostics.tailLines} lines)
        </Typography>
        <Button size="small" onClick={state.retry} disabled={state.loading}>
          Refresh
        </Button>
      </div>
      {diagnostics.problem && (
        <Alert severity="info">{diagnostics.problem}</Alert>
      )}
      {containers.length > 1 && (
        <Tabs
          value={shown?.name ?? false}
          onChange={(_, value: string) => setChosen(value)}
          aria-label="Containers"
          indicatorColor="primary"
        >
          {containers.map(c => (
            <Tab key={c.name} value={c.name} label={c.name} />
          ))}
        </Tabs>
      )}
      {shown && <ContainerLog container={shown} />}

      <div className={classes.heading}>
        <Typography variant="subtitle2">Events of its Job and pod</Typography>
      </div>
      {diagnostics.eventsProblem && (
        <Alert severity="warning">{diagnostics.eventsProblem}</Alert>
      )}
      {!diagnostics.eventsProblem &&
        (diagnostics.events.length === 0 ? (
          <Typography variant="body2">
            No events (the API server keeps them for an hour).
          </Typography>
        ) : (
          <EventsTable events={diagnostics.events} now={now} />
        ))}
    </div>
  );
}
