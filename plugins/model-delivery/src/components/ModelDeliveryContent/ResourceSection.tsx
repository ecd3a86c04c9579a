import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import WarningIcon from '@material-ui/icons/Warning';
import Alert from '@material-ui/lab/Alert';
import {
  ClusterStatus,
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
import { RetryOutcome } from './RetryButton';

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

/**
 * One resource: what kind it is and where it lives, its facts and notes, and its items.
 * Nothing here knows a particular kind; the backend's ResourceStatus says it all.
 */
export function ResourceSection(props: {
  entityRef: string;
  resource: ResourceStatus;
  /** The resource's cluster, when it is not `ready`: what is shown may be stale. */
  troubledCluster?: ClusterStatus;
  canRetry: boolean;
  now: number;
  onRetried: () => void;
}) {
  const { entityRef, resource, troubledCluster, canRetry, now, onRetried } =
    props;
  const classes = useStyles();
  const [outcome, setOutcome] = useState<RetryOutcome>();
  const headingId = useId();

  const handleOutcome = (result: RetryOutcome) => {
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
      </Box>
      <Typography variant="body2" color="textSecondary">
        {placement(resource, now)}
      </Typography>

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
          <Alert
            severity={outcome.severity}
            onClose={() => setOutcome(undefined)}
          >
            {outcome.message}
          </Alert>
        </Box>
      )}

      {resource.items.length > 0 ? (
        <ItemsTable
          entityRef={entityRef}
          resource={resource}
          canRetry={canRetry}
          now={now}
          onRetryOutcome={handleOutcome}
        />
      ) : (
        <Typography variant="body2">
          This {resource.kind} lists no {resource.itemNoun}s.
        </Typography>
      )}
    </Paper>
  );
}
