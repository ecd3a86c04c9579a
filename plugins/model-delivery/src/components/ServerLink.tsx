import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { ModelServerSummary } from '@model-delivery/plugin-model-delivery-common';
import { ReadyChip } from './StateChip';

/** What names a server on a page, with its readiness and URL. */
export type ServerShown = Pick<
  ModelServerSummary,
  'entityRef' | 'kind' | 'namespace' | 'name' | 'url' | 'ready'
>;

/**
 * A server: its name, linked to its catalog entity (the catalog module makes one of every
 * server with a URL), its kind and namespace, its readiness and its URL.
 */
export function ServerLink(props: { server: ServerShown }) {
  const { server } = props;
  const where = `${server.kind}${
    server.namespace ? ` ${server.namespace}/` : ' '
  }${server.name}`;
  return (
    <Box display="flex" flexWrap="wrap" alignItems="center" gridGap={8}>
      {server.url ? (
        <EntityRefLink entityRef={server.entityRef} title={where} hideIcon />
      ) : (
        <Typography variant="body2">{where}</Typography>
      )}
      <ReadyChip ready={server.ready} />
      {server.url && (
        <Typography variant="caption" color="textSecondary">
          {server.url}
        </Typography>
      )}
    </Box>
  );
}
