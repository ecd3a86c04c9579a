import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Paper from '@material-ui/core/Paper';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  ModelServerSummary,
  modelEntityRef,
} from '@model-delivery/plugin-model-delivery-common';
import { useId } from 'react';
import { ServerLink } from '../ServerLink';

const useStyles = makeStyles(theme => ({
  section: { padding: theme.spacing(2), marginBottom: theme.spacing(2) },
  reason: { whiteSpace: 'pre-wrap', wordBreak: 'break-word' },
}));

/**
 * An entity's models and the servers serving them (among those the viewer may see): each
 * model linked to its entity, each server to its own, ready or why not.
 */
export function ServedModels(props: { servers: ModelServerSummary[] }) {
  const classes = useStyles();
  const headingId = useId();
  const rows = props.servers.flatMap(server =>
    server.models
      .filter(m => m.modelId !== undefined)
      .map(model => ({ server, model, modelId: model.modelId! })),
  );
  return (
    <Paper
      component="section"
      aria-labelledby={headingId}
      className={classes.section}
    >
      <Typography variant="h6" component="h2" id={headingId}>
        Where its models are served
      </Typography>
      <Table size="small" aria-labelledby={headingId}>
        <TableHead>
          <TableRow>
            <TableCell>Model</TableCell>
            <TableCell>Server</TableCell>
            <TableCell>Reads it from</TableCell>
            <TableCell>Not ready because</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
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
                  {model.servedName
                    ? ` · asked for as “${model.servedName}”`
                    : ''}
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
        </TableBody>
      </Table>
    </Paper>
  );
}
