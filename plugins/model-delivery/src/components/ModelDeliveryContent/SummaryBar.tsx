import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  EntityStatusResponse,
  HEADLINE_STATES,
  HeadlineState,
} from '@model-delivery/plugin-model-delivery-common';
import { StateChip } from '../StateChip';
import { formatTimestamp } from '../formatTimestamp';

export function plural(count: number, noun: string) {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * Counts per state across every resource of the entity, and how fresh they are. Each
 * count is a toggle that shows only the items in its state.
 */
export function SummaryBar(props: {
  status: EntityStatusResponse;
  selected?: HeadlineState;
  onSelect: (state: HeadlineState | undefined) => void;
}) {
  const { status, selected, onSelect } = props;
  const clusters = new Set(status.resources.map(r => r.cluster)).size;
  return (
    <Box
      component="section"
      aria-label="Summary"
      display="flex"
      flexWrap="wrap"
      alignItems="center"
      gridGap={8}
      mb={2}
    >
      <Typography variant="body2">
        {plural(status.resources.length, 'resource')} in{' '}
        {plural(clusters, 'cluster')}:
      </Typography>
      {HEADLINE_STATES.map(state => (
        <StateChip
          key={state}
          state={state}
          count={status.counts[state]}
          selected={selected === state}
          onClick={() => onSelect(selected === state ? undefined : state)}
        />
      ))}
      <Typography variant="caption" color="textSecondary">
        as of {formatTimestamp(status.generatedAt)}
      </Typography>
    </Box>
  );
}
