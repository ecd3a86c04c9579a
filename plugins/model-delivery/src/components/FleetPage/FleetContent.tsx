import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Paper from '@material-ui/core/Paper';
import Tab from '@material-ui/core/Tab';
import TablePagination from '@material-ui/core/TablePagination';
import Tabs from '@material-ui/core/Tabs';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  FleetQuery,
  FleetResponse,
  FleetView,
} from '@model-delivery/plugin-model-delivery-common';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { modelDeliveryApiRef } from '../../api';
import { FleetFilters, isFleetFiltered } from './FleetFilters';
import { DuplicatesTable, PlacesTable } from './FleetTables';
import {
  PAGE_SIZES,
  fleetQueryFrom,
  searchParamsOf,
} from './fleetSearchParams';

const useStyles = makeStyles(theme => ({
  tabs: { marginBottom: theme.spacing(2) },
  intro: { marginBottom: theme.spacing(2) },
  warning: { marginBottom: theme.spacing(2) },
}));

/** Clusters not answering or not watched: their models may be missing or out of date. */
function ClusterWarnings(props: { fleet: FleetResponse }) {
  const classes = useStyles();
  const troubled = props.fleet.clusters.filter(
    c => c.state === 'unreachable' || c.state === 'error',
  );
  if (troubled.length === 0) return null;
  return (
    <div className={classes.warning}>
      <WarningPanel
        severity="warning"
        title={`Models in ${troubled
          .map(c => c.title ?? c.name)
          .join(', ')} may be missing or out of date`}
        message={troubled
          .map(c => `${c.title ?? c.name}: ${c.message ?? c.state}`)
          .join('\n')}
      />
    </div>
  );
}

function EmptyFleet(props: { view: FleetView; filtered: boolean }) {
  if (props.filtered) {
    return (
      <EmptyState
        missing="data"
        title="No model matches these filters"
        description="Clear a filter or change the search to see more."
      />
    );
  }
  return props.view === 'duplicates' ? (
    <EmptyState
      missing="data"
      title="No duplicated model"
      description="No model you can see is held by several teams or namespaces."
    />
  ) : (
    <EmptyState
      missing="data"
      title="No model in view"
      description="None of the catalog entities you can see holds a model in the configured clusters."
    />
  );
}

/**
 * Every model at every place the caller may see, from the status backend: filters,
 * search, sort and paging are done by the backend, and kept in the URL.
 */
export function FleetContent() {
  const classes = useStyles();
  const api = useApi(modelDeliveryApiRef);
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => fleetQueryFrom(params), [params]);
  const view = query.view ?? 'places';
  const key = searchParamsOf(query).toString();
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const fleet = useAsync(() => api.getFleet(query), [api, key]);

  const update = (change: Partial<FleetQuery>) =>
    setParams(searchParamsOf({ ...query, ...change }));
  const onSort = (sort: FleetQuery['sort'], order: 'asc' | 'desc') =>
    update({ sort, order, page: undefined });
  const filtered = isFleetFiltered(query);
  // The last answer's options stay offered while the next one loads.
  const answer = fleet.value;

  return (
    <>
      <Typography variant="body1" className={classes.intro}>
        Every model the clusters hold for the catalog entities you can see:
        where it is, who owns it and how it is doing.
      </Typography>
      <Tabs
        className={classes.tabs}
        value={view}
        onChange={(_, value: FleetView) =>
          update({
            view: value,
            page: undefined,
            // Copies only sort the duplicates; resource and cluster only the places.
            sort: undefined,
            order: undefined,
          })
        }
        indicatorColor="primary"
      >
        <Tab value="places" label="All models" />
        <Tab value="duplicates" label="Duplicates" />
      </Tabs>
      <FleetFilters
        query={query}
        options={answer?.filterOptions}
        onChange={update}
      />
      {fleet.error && (
        <ResponseErrorPanel
          title="Could not load the models"
          error={fleet.error}
        />
      )}
      {fleet.loading && <Progress />}
      {answer && !fleet.error && !fleet.loading && (
        <>
          <ClusterWarnings fleet={answer} />
          {answer.total === 0 ? (
            <EmptyFleet view={view} filtered={filtered} />
          ) : (
            <Paper>
              {view === 'duplicates' ? (
                <DuplicatesTable
                  duplicates={answer.duplicates ?? []}
                  query={query}
                  onSort={onSort}
                />
              ) : (
                <PlacesTable
                  rows={answer.rows ?? []}
                  query={query}
                  onSort={onSort}
                />
              )}
              <TablePagination
                component="div"
                count={answer.total}
                page={answer.page - 1}
                rowsPerPage={answer.pageSize}
                rowsPerPageOptions={PAGE_SIZES}
                onPageChange={(_, page) => update({ page: page + 1 })}
                onRowsPerPageChange={e =>
                  update({
                    pageSize: Number(e.target.value),
                    page: undefined,
                  })
                }
              />
            </Paper>
          )}
        </>
      )}
    </>
  );
}
