import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { ModelPlace } from '@model-delivery/plugin-model-delivery-common';
import { ServerLink } from '../ServerLink';
import { TableSection } from './TableSection';
import { StateChip } from '../StateChip';

const useStyles = makeStyles({
  reason: { whiteSpace: 'pre-wrap', wordBreak: 'break-word' },
  // One word each: never broken across lines however narrow the table gets.
  how: { whiteSpace: 'nowrap' },
});

const HOW: Record<ModelPlace['how'], string> = {
  downloaded: 'Downloaded',
  cached: 'Cached',
  served: 'Served',
};

/**
 * A model entity's places in one table: where it is downloaded (which PVC), cached (which
 * node groups) and served (which server, at which URL, ready or why not), each with its
 * state, among the entities the viewer may read. The resources' sections follow below.
 */
export function ModelPlaces(props: { places: ModelPlace[] }) {
  const classes = useStyles();
  return (
    <TableSection
      title="Where this model is"
      columns={['How', 'Resource', 'Where', 'State', 'For']}
    >
      {props.places.map(place => (
        <TableRow
          key={`${place.how}|${place.cluster}|${place.kind}|${place.namespace}|${place.name}`}
        >
          <TableCell className={classes.how}>{HOW[place.how]}</TableCell>
          <TableCell>
            {place.server ? (
              <ServerLink server={{ ...place, ...place.server }} />
            ) : (
              `${place.kind} ${place.name}`
            )}
            <Typography variant="caption" color="textSecondary" component="div">
              cluster {place.cluster}
              {place.namespace ? ` · namespace ${place.namespace}` : ''}
            </Typography>
          </TableCell>
          <TableCell>
            {place.where ?? '—'}
            {place.server?.servedName && (
              <Typography variant="caption" component="div">
                asked for as “{place.server.servedName}”
              </Typography>
            )}
          </TableCell>
          <TableCell>
            {!place.server && <StateChip state={place.state} />}
            <Typography variant="body2" className={classes.reason}>
              {place.reason ?? place.detail}
            </Typography>
          </TableCell>
          <TableCell>{place.entityRefs.join(', ')}</TableCell>
        </TableRow>
      ))}
    </TableSection>
  );
}
