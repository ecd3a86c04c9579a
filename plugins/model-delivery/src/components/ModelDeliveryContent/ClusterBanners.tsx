import Box from '@material-ui/core/Box';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import {
  ClusterStatus,
  ResourceStatus,
} from '@model-delivery/plugin-model-delivery-common';
import {
  clusterLabel,
  clusterProblem,
  lastSynced,
} from '../clusterDescriptions';
import { formatTimestamp } from '../formatTimestamp';

/**
 * One banner per cluster the backend does not currently see in full, so that a page
 * that looks complete never hides a cluster that stopped answering.
 */
export function ClusterBanners(props: {
  clusters: ClusterStatus[];
  resources: ResourceStatus[];
}) {
  const { clusters, resources } = props;
  const troubled = clusters.flatMap(cluster => {
    const problem = clusterProblem(cluster);
    return problem ? [{ cluster, ...problem }] : [];
  });
  if (troubled.length === 0) return null;
  return (
    <Box mb={2}>
      {troubled.map(({ cluster, severity, headline }) => {
        const shown = resources.filter(r => r.cluster === cluster.name).length;
        return (
          <Box key={cluster.name} mb={1}>
            <Alert severity={severity}>
              <AlertTitle>
                Cluster {clusterLabel(cluster)} {headline}
                {cluster.unreachableSince &&
                  ` since ${formatTimestamp(cluster.unreachableSince)}`}
              </AlertTitle>
              {cluster.message && <div>{cluster.message}</div>}
              <div>
                {lastSynced(cluster)}.{' '}
                {shown > 0
                  ? `The ${
                      shown === 1 ? 'resource' : `${shown} resources`
                    } shown from it may be stale.`
                  : 'Resources of this entity in it, if any, are not shown.'}
              </div>
            </Alert>
          </Box>
        );
      })}
    </Box>
  );
}
