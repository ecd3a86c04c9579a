import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { Progress } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import Alert from '@material-ui/lab/Alert';
import { modelDeliveryRetryPermission } from '@model-delivery/plugin-model-delivery-common';
import { useMemo } from 'react';
import { useEntityModelStatus } from '../../hooks/useEntityModelStatus';
import { useNow } from '../../hooks/useNow';
import { formatTimestamp } from '../formatTimestamp';
import { statusErrorMessage } from '../errorMessages';
import { ClusterBanners } from './ClusterBanners';
import { NoResources } from './NoResources';
import { ResourceSection } from './ResourceSection';
import { StatusErrorPanel } from './StatusErrorPanel';
import { SummaryBar } from './SummaryBar';

/**
 * The entity's "Model delivery" tab: every resource of the entity in every cluster, per
 * item, kept current by the backend's signals.
 */
export function ModelDeliveryContent() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const compoundRef = useMemo(() => getCompoundEntityRef(entity), [entity]);
  const { status, error, loading, refresh } = useEntityModelStatus(compoundRef);
  const { allowed: canRetry } = usePermission({
    permission: modelDeliveryRetryPermission,
    resourceRef: entityRef,
  });
  const now = useNow(15_000);

  if (loading) return <Progress />;
  if (!status) {
    return error ? <StatusErrorPanel error={error} /> : null;
  }

  const troubled = new Map(
    status.clusters.filter(c => c.state !== 'ready').map(c => [c.name, c]),
  );

  return (
    <Box>
      {error && (
        <Box mb={2}>
          <Alert severity="warning">
            {statusErrorMessage(error).title}. Showing the status as of{' '}
            {formatTimestamp(status.generatedAt)}.
          </Alert>
        </Box>
      )}
      <ClusterBanners clusters={status.clusters} resources={status.resources} />
      {status.resources.length === 0 ? (
        <NoResources entity={entity} clusters={status.clusters} />
      ) : (
        <>
          <SummaryBar status={status} />
          {status.resources.map(resource => (
            <ResourceSection
              key={`${resource.cluster}/${resource.kind}/${
                resource.uid || `${resource.namespace}/${resource.name}`
              }`}
              entityRef={entityRef}
              resource={resource}
              troubledCluster={troubled.get(resource.cluster)}
              canRetry={canRetry}
              now={now}
              onRetried={refresh}
            />
          ))}
        </>
      )}
    </Box>
  );
}
