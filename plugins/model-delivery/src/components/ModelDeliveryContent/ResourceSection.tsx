import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ExpandLessIcon from '@material-ui/icons/ExpandLess';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import WarningIcon from '@material-ui/icons/Warning';
import Alert from '@material-ui/lab/Alert';
import {
  ClusterStatus,
  HEADLINE_STATES,
  ItemStatus,
  ResourceStatus,
} from '@model-delivery/plugin-model-delivery-common';
import { useId, useState } from 'react';
import { StateChip } from '../StateChip';
import { durationBetween, formatDuration } from '../formatDuration';
import {
  clusterLabel,
  clusterProblem,
  lastSynced,
} from '../clusterDescriptions';
import { ItemsTable } from './ItemsTable';
import { LifecycleActions } from './LifecycleActions';
import { ActionOutcome } from './ConfirmDialog';
import { plural } from './SummaryBar';

const useStyles = makeStyles(theme => ({
  section: {
    padding: theme.spacing(2),
    marginBottom: theme.spacing(2),
  },
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
  toggle: { marginLeft: 'auto' },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
    margin: theme.spacing(1, 0),
    '& dd': { margin: 0 },
    '& dt': { color: theme.palette.text.secondary },
  },
}));

/** Where the resource lives, as one line: cluster, namespace, age. */
function placement(resource: ResourceStatus, now: number): string {
  const parts = [`cluster ${resource.cluster}`];
  if (resource.namespace) parts.push(`namespace ${resource.namespace}`);
  const age = durationBetween(resource.createdAt, new Date(now).toISOString());
  if (age !== undefined) parts.push(`age ${formatDuration(age)}`);
  return parts.join(' · ');
}

/** The resource's counts in words, e.g. "2 completed, 1 failed", for a collapsed section. */
function countsInWords(resource: ResourceStatus): string {
  const counts = HEADLINE_STATES.filter(s => resource.counts[s] > 0).map(
    s => `${resource.counts[s]} ${s}`,
  );
  return counts.length > 0
    ? `${plural(resource.items.length, resource.itemNoun)}: ${counts.join(
        ', ',
      )}`
    : `no ${resource.itemNoun}s`;
}

/**
 * One resource: what kind it is and where it lives, its facts and notes, and its items.
 * Nothing here knows a particular kind; the backend's ResourceStatus says it all.
 * Collapsed, it shows its header and counts, and a button to show the rest.
 */
export function ResourceSection(props: {
  entityRef: string;
  resource: ResourceStatus;
  /** The items to show, when a filter narrowed them; all of the resource's by default. */
  items?: ItemStatus[];
  /** The resource's cluster, when it is not `ready`: what is shown may be stale. */
  troubledCluster?: ClusterStatus;
  canRetry: boolean;
  /** Whether the entity owns the resource, so may delete or re-download it; default true. */
  ownsResources?: boolean;
  now: number;
  onRetried: () => void;
  /** Set when the section can collapse: whether it is, and how to toggle it. */
  collapsed?: boolean;
  onToggleCollapsed?: () => void;
}) {
  const { entityRef, resource, troubledCluster, canRetry, now, onRetried } =
    props;
  const { collapsed = false, onToggleCollapsed } = props;
  const items = props.items ?? resource.items;
  const classes = useStyles();
  const [outcome, setOutcome] = useState<ActionOutcome>();
  const headingId = useId();
  const bodyId = useId();

  const handleOutcome = (result: ActionOutcome) => {
    setOutcome(result);
    if (result.severity === 'success') onRetried();
  };

  return (
    <Paper
      component="section"
      aria-labelledby={headingId}
      className={classes.section}
    >
      <Box className={classes.header}>
        <Typography variant="h6" component="h2" id={headingId}>
          {resource.kind} {resource.name}
        </Typography>
        <StateChip state={resource.state} />
        {collapsed && (
          <Typography variant="body2">{countsInWords(resource)}</Typography>
        )}
        {troubledCluster && (
          <Chip
            size="small"
            variant="outlined"
            icon={<WarningIcon aria-hidden />}
            label={`possibly stale: cluster ${clusterLabel(troubledCluster)} ${
              clusterProblem(troubledCluster)?.headline
            }, ${lastSynced(troubledCluster)}`}
          />
        )}
        {props.ownsResources !== false && (
          <LifecycleActions
            entityRef={entityRef}
            resource={resource}
            onOutcome={handleOutcome}
          />
        )}
        {onToggleCollapsed && (
          <Button
            size="small"
            className={classes.toggle}
            aria-label={`${
              collapsed ? `Show ${resource.itemNoun}s of` : 'Collapse'
            } ${resource.name}`}
            aria-expanded={!collapsed}
            aria-controls={bodyId}
            endIcon={collapsed ? <ExpandMoreIcon /> : <ExpandLessIcon />}
            onClick={onToggleCollapsed}
          >
            {collapsed ? `Show ${resource.itemNoun}s` : 'Collapse'}
          </Button>
        )}
      </Box>
      <Typography variant="body2" color="textSecondary">
        {placement(resource, now)}
      </Typography>

      <div id={bodyId}>
        {!collapsed && (
          <SectionBody
            entityRef={entityRef}
            resource={resource}
            items={items}
            canRetry={canRetry}
            now={now}
            outcome={outcome}
            onOutcome={handleOutcome}
            onCloseOutcome={() => setOutcome(undefined)}
          />
        )}
      </div>
    </Paper>
  );
}

/** Facts, notes, the last retry's outcome and the items table of an expanded section. */
function SectionBody(props: {
  entityRef: string;
  resource: ResourceStatus;
  items: ItemStatus[];
  canRetry: boolean;
  now: number;
  outcome?: ActionOutcome;
  onOutcome: (outcome: ActionOutcome) => void;
  onCloseOutcome: () => void;
}) {
  const { entityRef, resource, items, canRetry, now, outcome } = props;
  const classes = useStyles();
  return (
    <>
      {resource.facts.length > 0 && (
        <dl className={classes.facts}>
          {resource.facts.map(fact => (
            <Box key={fact.label} display="contents">
              <dt>{fact.label}</dt>
              <dd>{fact.value}</dd>
            </Box>
          ))}
        </dl>
      )}

      {resource.notes.map(note => (
        <Box key={note} mb={1}>
          <Alert severity="info" role="note">
            {note}
          </Alert>
        </Box>
      ))}

      {outcome && (
        <Box mb={1}>
          <Alert severity={outcome.severity} onClose={props.onCloseOutcome}>
            {outcome.message}
          </Alert>
        </Box>
      )}

      {items.length > 0 ? (
        <ItemsTable
          entityRef={entityRef}
          resource={resource}
          items={items}
          canRetry={canRetry}
          now={now}
          onRetryOutcome={props.onOutcome}
        />
      ) : (
        <Typography variant="body2">
          This {resource.kind} lists no {resource.itemNoun}s.
        </Typography>
      )}
    </>
  );
}
