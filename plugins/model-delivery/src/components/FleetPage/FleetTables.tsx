import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TableSortLabel from '@material-ui/core/TableSortLabel';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  FLEET_COLUMNS,
  FleetDuplicate,
  FleetQuery,
  FleetRow,
  FleetSortField,
  FleetView,
  HEADLINE_STATES,
} from '@model-delivery/plugin-model-delivery-common';
import { ServerLink } from '../ServerLink';
import { StateChip } from '../StateChip';

const useStyles = makeStyles(theme => ({
  reason: {
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-word',
    maxWidth: 420,
    display: '-webkit-box',
    '-webkit-line-clamp': 3,
    '-webkit-box-orient': 'vertical',
    overflow: 'hidden',
  },
  secondary: { color: theme.palette.text.secondary },
  chips: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(0.5) },
  // "Cluster" and "Size" broke in two at 1280 px.
  head: { whiteSpace: 'nowrap' },
}));

interface SortProps {
  query: FleetQuery;
  onSort: (sort: FleetSortField, order: 'asc' | 'desc') => void;
}

/** The view's headers (`FLEET_COLUMNS`); one that sorts sorts again reversed on a click. */
function FleetHeader(props: SortProps & { view: FleetView }) {
  const { query, onSort } = props;
  const classes = useStyles();
  const sortedBy = query.sort ?? 'model';
  return (
    <TableHead>
      <TableRow>
        {FLEET_COLUMNS[props.view].map(({ title, sort }) => {
          const active = sort === sortedBy;
          const order = active ? query.order ?? 'asc' : 'asc';
          return (
            <TableCell
              key={title}
              className={classes.head}
              sortDirection={active ? order : false}
            >
              {sort ? (
                <TableSortLabel
                  active={active}
                  direction={order}
                  onClick={() =>
                    onSort(sort, active && order === 'asc' ? 'desc' : 'asc')
                  }
                >
                  {title}
                </TableSortLabel>
              ) : (
                title
              )}
            </TableCell>
          );
        })}
      </TableRow>
    </TableHead>
  );
}

function ModelLink(props: { modelId: string; modelEntityRef: string }) {
  return (
    <EntityRefLink entityRef={props.modelEntityRef} hideIcon>
      {props.modelId}
    </EntityRefLink>
  );
}

/** One row per model and place. */
export function PlacesTable(props: SortProps & { rows: FleetRow[] }) {
  const classes = useStyles();
  const { rows } = props;
  return (
    <Table size="small" aria-label="Models by place">
      <FleetHeader {...props} view="places" />
      <TableBody>
        {rows.map(row => (
          <TableRow
            key={[
              row.modelId,
              row.cluster,
              row.kind,
              row.namespace,
              row.name,
              row.entityRef,
            ].join('|')}
          >
            <TableCell>
              <ModelLink {...row} />
            </TableCell>
            <TableCell>
              <StateChip state={row.state} phase={row.phase} />
            </TableCell>
            <TableCell>
              <Typography
                variant="body2"
                className={classes.reason}
                title={row.reason}
              >
                {row.reason ?? row.detail}
              </Typography>
            </TableCell>
            <TableCell>
              {row.owner ? <EntityRefLink entityRef={row.owner} /> : '—'}
              <Box className={classes.secondary}>
                <EntityRefLink entityRef={row.entityRef} />
              </Box>
            </TableCell>
            <TableCell>{row.cluster}</TableCell>
            <TableCell>
              <Box>
                {row.kind}{' '}
                {row.namespace ? `${row.namespace}/${row.name}` : row.name}
              </Box>
              <Typography variant="caption" className={classes.secondary}>
                {[row.operator, row.storage].filter(Boolean).join(' · ')}
              </Typography>
            </TableCell>
            <TableCell>
              {row.servers?.length ? (
                <Box display="flex" flexDirection="column" gridGap={4}>
                  {row.servers.map(server => (
                    <ServerLink key={server.entityRef} server={server} />
                  ))}
                </Box>
              ) : (
                'not served'
              )}
            </TableCell>
            <TableCell>{row.size ?? '—'}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** One row per model held by several teams or namespaces. */
export function DuplicatesTable(
  props: SortProps & { duplicates: FleetDuplicate[] },
) {
  const classes = useStyles();
  return (
    <Table size="small" aria-label="Duplicated models">
      <FleetHeader {...props} view="duplicates" />
      <TableBody>
        {props.duplicates.map(d => (
          <TableRow key={d.modelId}>
            <TableCell>
              <ModelLink {...d} />
            </TableCell>
            <TableCell>
              <Typography variant="body2" aria-label={`${d.copies} copies`}>
                {d.copies}
              </Typography>
            </TableCell>
            <TableCell>
              <Box className={classes.chips}>
                {HEADLINE_STATES.filter(s => d.counts[s] > 0).map(s => (
                  <StateChip key={s} state={s} count={d.counts[s]} />
                ))}
              </Box>
            </TableCell>
            <TableCell>
              {d.owners.length
                ? d.owners.map(owner => (
                    <Box key={owner}>
                      <EntityRefLink entityRef={owner} />
                    </Box>
                  ))
                : '—'}
            </TableCell>
            <TableCell>
              {d.namespaces.map(ns => (
                <Box key={ns}>{ns}</Box>
              ))}
            </TableCell>
            <TableCell>{d.size ?? '—'}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
