import { getCompoundEntityRef } from '@backstage/catalog-model';
import { InfoCard, Progress } from '@backstage/core-components';
import { useEntity, useEntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  HEADLINE_STATES,
  MODEL_DELIVERY_TAB_PATH,
} from '@model-delivery/plugin-model-delivery-common';
import { useMemo } from 'react';
import { useEntityModelStatus } from '../../hooks/useEntityModelStatus';
import { StateChip } from '../StateChip';
import {
  clusterLabel,
  clusterProblem,
  lastSynced,
} from '../clusterDescriptions';
import { statusErrorMessage } from '../errorMessages';

/** @public */
export interface ModelDeliveryCardProps {
  /**
   * Where the "Model delivery" tab is mounted under the entity page; `model-delivery`
   * unless the app mounts it elsewhere.
   */
  tabPath?: string;
}

/**
 * The entity's model delivery at a glance: counts per state and clusters not answering,
 * linking to the tab.
 */
export function ModelDeliveryCard(
  props: ModelDeliveryCardProps & {
    /** The tab's resolved URL, when the app's routing knows it. */
    tabLink?: string;
  },
) {
  const { entity } = useEntity();
  const entityLink = useEntityRefLink();
  const compoundRef = useMemo(() => getCompoundEntityRef(entity), [entity]);
  const { status, error, loading } = useEntityModelStatus(compoundRef);
  const tabPath = (props.tabPath ?? MODEL_DELIVERY_TAB_PATH).replace(
    /^\/+/,
    '',
  );
  // Built from the entity's own route, so the link works from whichever tab holds the card.
  const link =
    props.tabLink ?? `${entityLink(entity).replace(/\/+$/, '')}/${tabPath}`;

  let body;
  if (loading) {
    body = <Progress />;
  } else if (!status) {
    body = error && (
      <Typography variant="body2">{statusErrorMessage(error).title}</Typography>
    );
  } else {
    const troubled = status.clusters.flatMap(cluster => {
      const problem = clusterProblem(cluster);
      return problem ? [{ cluster, ...problem }] : [];
    });
    body = (
      <>
        <Typography variant="body2" gutterBottom>
          {status.resources.length === 0
            ? 'No model resources for this entity.'
            : `${status.resources.length} resource${
                status.resources.length === 1 ? '' : 's'
              }`}
        </Typography>
        {status.resources.length > 0 && (
          <Box display="flex" flexWrap="wrap" gridGap={8} mb={1}>
            {HEADLINE_STATES.map(state => (
              <StateChip
                key={state}
                state={state}
                count={status.counts[state]}
              />
            ))}
          </Box>
        )}
        {troubled.map(({ cluster, severity, headline }) => (
          <Box key={cluster.name} mt={1}>
            <Alert severity={severity}>
              Cluster {clusterLabel(cluster)} {headline} ({lastSynced(cluster)}
              ); its resources may be stale.
            </Alert>
          </Box>
        ))}
      </>
    );
  }

  return (
    <InfoCard
      title="Model delivery"
      deepLink={{ link, title: 'View model delivery' }}
    >
      {body}
    </InfoCard>
  );
}
