import { EntityRefLink } from '@backstage/plugin-catalog-react';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  ModelServerSummary,
  modelEntityRef,
} from '@model-delivery/plugin-model-delivery-common';
import { ServerLink } from '../ServerLink';
import { TableSection } from './TableSection';

const useStyles = makeStyles({
  reason: { whiteSpace: 'pre-wrap', wordBreak: 'break-word' },
});

/**
 * An entity's models and the servers serving them (among those the viewer may see): each
 * model linked to its entity, each server to its own, ready or why not.
 */
export function ServedModels(props: { servers: ModelServerSummary[] }) {
  const classes = useStyles();
  const rows = props.servers.flatMap(server =>
    server.models
      .filter(m => m.modelId !== undefined)
      .map(model => ({ server, model, modelId: model.modelId! })),
  );
  return (
    <TableSection
      title="Where its models are served"
      columns={['Model', 'Server', 'Reads it from', 'Not ready because']}
    >
      {rows.map(({ server, model, modelId }) => (
        <TableRow key={`${server.entityRef}|${model.uri}`}>
          <TableCell>
            <EntityRefLink
              entityRef={modelEntityRef(modelId)}
              title={modelId}
              hideIcon
            />
          </TableCell>
          <TableCell>
            <ServerLink server={server} />
            <Typography variant="caption" color="textSecondary">
              {server.serverType}
              {model.servedName ? ` · asked for as “${model.servedName}”` : ''}
            </Typography>
          </TableCell>
          <TableCell>{model.from ?? model.uri}</TableCell>
          <TableCell>
            <Typography variant="body2" className={classes.reason}>
              {server.ready ? '—' : server.reason}
            </Typography>
          </TableCell>
        </TableRow>
      ))}
    </TableSection>
  );
}
