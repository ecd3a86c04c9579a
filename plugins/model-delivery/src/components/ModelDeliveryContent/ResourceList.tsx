import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import Pagination from '@material-ui/lab/Pagination';
import { ClusterStatus } from '@model-delivery/plugin-model-delivery-common';
import { useRef, useState } from 'react';
import { ResourceSection } from './ResourceSection';
import { ResourceFilter, ShownResource } from './resourceFilter';

/** Resources per page: a page renders at once, whatever the entity holds. */
export const RESOURCES_PER_PAGE = 20;

/** Above this many resources shown, completed ones start collapsed. */
export const COLLAPSE_COMPLETED_ABOVE = 10;

/** The active filter in words, e.g. `"llama", kind ModelDownload and failed items`. */
export function describeFilter(filter: ResourceFilter): string {
  const parts = [
    filter.query.trim() && `“${filter.query.trim()}”`,
    filter.kind && `kind ${filter.kind}`,
    filter.cluster && `cluster ${filter.cluster}`,
    filter.state && `${filter.state} items`,
  ].filter(Boolean);
  return parts.length > 1
    ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`
    : parts.join('');
}

/**
 * The resources the filter lets through, a page at a time, completed ones collapsed when
 * there are many; or, when the filter lets nothing through, says so with a way out.
 */
export function ResourceList(props: {
  shown: ShownResource[];
  /** How many resources there are before filtering. */
  total: number;
  filter: ResourceFilter;
  onClearFilter: () => void;
  page: number;
  onPage: (page: number) => void;
  entityRef: string;
  troubled: Map<string, ClusterStatus>;
  canRetry: boolean;
  /** False on a model entity, whose resources are other entities'. */
  ownsResources: boolean;
  now: number;
  onRetried: () => void;
}) {
  const { shown, total, filter, entityRef, troubled, canRetry, now } = props;
  // What the user opened or closed, by resource key; the default depends on the list.
  const [toggled, setToggled] = useState<ReadonlySet<string>>(new Set());
  const top = useRef<HTMLDivElement>(null);

  const pages = Math.max(1, Math.ceil(shown.length / RESOURCES_PER_PAGE));
  // A list that shrank under a live update keeps to a page that exists.
  const current = Math.min(props.page, pages);
  const first = (current - 1) * RESOURCES_PER_PAGE;
  const onPage = shown.slice(first, first + RESOURCES_PER_PAGE);
  const collapseCompleted = shown.length > COLLAPSE_COMPLETED_ABOVE;

  if (shown.length === 0) {
    return (
      <Paper>
        <Box
          p={3}
          display="flex"
          flexDirection="column"
          alignItems="flex-start"
        >
          <Typography variant="h6" component="p" gutterBottom>
            Nothing matches the filters
          </Typography>
          <Typography variant="body2" paragraph>
            None of the {total} resources of this entity matches{' '}
            {describeFilter(filter)}.
          </Typography>
          <Button
            variant="outlined"
            color="primary"
            onClick={props.onClearFilter}
          >
            Clear filters
          </Button>
        </Box>
      </Paper>
    );
  }

  const matching = describeFilter(filter);
  let listNote = '';
  if (shown.length > RESOURCES_PER_PAGE) {
    listNote = `Resources ${first + 1}–${first + onPage.length} of ${
      shown.length
    }${matching ? ` matching ${matching}` : ''}`;
  } else if (matching) {
    listNote = `${shown.length} of ${total} resources match ${matching}`;
  }
  if (collapseCompleted) {
    listNote += `${listNote ? '; c' : 'C'}ompleted resources are collapsed`;
  }

  const toggle = (key: string) =>
    setToggled(before => {
      const after = new Set(before);
      if (!after.delete(key)) after.add(key);
      return after;
    });

  return (
    <div ref={top}>
      {listNote && (
        <Typography
          variant="body2"
          color="textSecondary"
          gutterBottom
          role="status"
        >
          {listNote}
        </Typography>
      )}
      {onPage.map(({ key, resource, items }) => {
        const collapsible = collapseCompleted && resource.state === 'completed';
        return (
          <ResourceSection
            key={key}
            entityRef={entityRef}
            resource={resource}
            items={items}
            troubledCluster={troubled.get(resource.cluster)}
            canRetry={canRetry}
            ownsResources={props.ownsResources}
            now={now}
            onRetried={props.onRetried}
            {...(collapsible
              ? {
                  collapsed: !toggled.has(key),
                  onToggleCollapsed: () => toggle(key),
                }
              : {})}
          />
        );
      })}
      {pages > 1 && (
        <Box display="flex" justifyContent="center" mt={1}>
          <Pagination
            count={pages}
            page={current}
            color="primary"
            showFirstButton
            showLastButton
            aria-label="Resource pages"
            onChange={(_, value) => {
              props.onPage(value);
              top.current?.scrollIntoView?.({ block: 'start' });
            }}
          />
        </Box>
      )}
    </div>
  );
}
