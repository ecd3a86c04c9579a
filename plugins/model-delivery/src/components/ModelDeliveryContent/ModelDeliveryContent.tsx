import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { Progress } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import Alert from '@material-ui/lab/Alert';
import {
  modelDeliveryRetryPermission,
  modelIdOfEntity,
} from '@model-delivery/plugin-model-delivery-common';
import { useMemo, useState } from 'react';
import { useEntityModelStatus } from '../../hooks/useEntityModelStatus';
import { useNow } from '../../hooks/useNow';
import { formatTimestamp } from '../formatTimestamp';
import { statusErrorMessage } from '../errorMessages';
import { ClusterBanners } from './ClusterBanners';
import { FilterBar } from './FilterBar';
import { NoResources } from './NoResources';
import { ModelPlaces } from './ModelPlaces';
import { ResourceList } from './ResourceList';
import { ServedModels } from './ServedModels';
import { StatusErrorPanel } from './StatusErrorPanel';
import { SummaryBar } from './SummaryBar';
import { NO_FILTER, ResourceFilter, shownResources } from './resourceFilter';
import { ResourceKindsProvider } from './resourceKinds';

/**
 * The entity's "Model delivery" tab: every resource of the entity in every cluster, per
 * item, kept current by the backend's signals. Failed first, then in progress, then
 * completed; searchable and filterable, a page at a time, so that an entity with hundreds
 * of resources stays usable.
 */
export function ModelDeliveryContent() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const compoundRef = useMemo(() => getCompoundEntityRef(entity), [entity]);
  const { status, error, loading, refresh } = useEntityModelStatus(compoundRef);
  const { allowed: retryAllowed } = usePermission({
    permission: modelDeliveryRetryPermission,
    resourceRef: entityRef,
  });
  // A model entity shows copies held for other entities: retries, deletes and
  // re-downloads belong on their pages.
  const ownsResources = !modelIdOfEntity(entity);
  const canRetry = retryAllowed && ownsResources;
  const now = useNow(15_000);
  const [filter, setFilter] = useState<ResourceFilter>(NO_FILTER);
  const [page, setPage] = useState(1);
  const resources = status?.resources;
  const shown = useMemo(
    () => shownResources(resources ?? [], filter),
    [resources, filter],
  );
  const troubled = useMemo(
    () =>
      new Map(
        (status?.clusters ?? [])
          .filter(c => c.state !== 'ready')
          .map(c => [c.name, c]),
      ),
    [status?.clusters],
  );
  // Every change of the filter starts over at its first page.
  const changeFilter = (next: ResourceFilter) => {
    setFilter(next);
    setPage(1);
  };

  if (loading) return <Progress />;
  if (!status) {
    return error ? <StatusErrorPanel error={error} /> : null;
  }

  return (
    <ResourceKindsProvider value={status.kinds}>
      <Box>
        {error && (
          <Box mb={2}>
            <Alert severity="warning">
              {statusErrorMessage(error).title}. Showing the status as of{' '}
              {formatTimestamp(status.generatedAt)}.
            </Alert>
          </Box>
        )}
        <ClusterBanners
          clusters={status.clusters}
          resources={status.resources}
        />
        {status.places && status.places.length > 0 && (
          <ModelPlaces places={status.places} />
        )}
        {!status.places && status.servers && status.servers.length > 0 && (
          <ServedModels servers={status.servers} />
        )}
        {status.resources.length === 0 ? (
          <NoResources
            entity={entity}
            clusters={status.clusters}
            kinds={status.kinds}
          />
        ) : (
          <>
            <SummaryBar
              status={status}
              selected={filter.state}
              onSelect={state => changeFilter({ ...filter, state })}
            />
            <FilterBar
              resources={status.resources}
              filter={filter}
              onChange={changeFilter}
            />
            <ResourceList
              shown={shown}
              total={status.resources.length}
              filter={filter}
              onClearFilter={() => changeFilter(NO_FILTER)}
              page={page}
              onPage={setPage}
              entityRef={entityRef}
              troubled={troubled}
              canRetry={canRetry}
              ownsResources={ownsResources}
              now={now}
              onRetried={refresh}
            />
          </>
        )}
      </Box>
    </ResourceKindsProvider>
  );
}
