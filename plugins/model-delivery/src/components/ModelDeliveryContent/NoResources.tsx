import { Entity } from '@backstage/catalog-model';
import { EmptyState } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  ClusterStatus,
  EntityResourceSelector,
  ResourceKindSummary,
  entityResourceSelector,
  modelIdOfEntity,
} from '@model-delivery/plugin-model-delivery-common';
import { clusterLabel } from '../clusterDescriptions';

const useStyles = makeStyles(theme => ({
  command: {
    fontFamily: 'monospace',
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
    padding: theme.spacing(1),
    backgroundColor: theme.palette.background.default,
    borderRadius: theme.shape.borderRadius,
  },
}));

/**
 * `kubectl label` commands that make a resource match the selector, when the selector is
 * plain `key=value` pairs; set-based selectors have no single label to apply.
 */
function labelCommands(
  selector: EntityResourceSelector,
  kinds: ResourceKindSummary[],
): string[] {
  const labels: string[] = [];
  for (const requirement of selector.parsed) {
    if (requirement.op !== 'in' || requirement.values.length !== 1) return [];
    labels.push(`${requirement.key}=${requirement.values[0]}`);
  }
  if (labels.length === 0) return [];
  const namespace = selector.namespace ?? '<namespace>';
  return kinds.map(
    kind =>
      `kubectl label ${kind.kind.toLowerCase()} <name> ${labels.join(
        ' ',
      )} -n ${namespace}`,
  );
}

/** Clusters lacking a kind's CRD: nothing of that kind can show up from them. */
function missingKindNotes(clusters: ClusterStatus[]): string[] {
  return clusters.flatMap(c =>
    c.missingKinds?.length
      ? [
          `Cluster ${clusterLabel(c)} does not serve ${c.missingKinds.join(
            ', ',
          )} (CRD not installed).`,
        ]
      : [],
  );
}

/** The empty state, with what it takes for a resource to show up here. */
export function NoResources(props: {
  entity: Entity;
  clusters: ClusterStatus[];
  kinds: ResourceKindSummary[];
}) {
  const classes = useStyles();
  const notes = missingKindNotes(props.clusters);
  const selector = entityResourceSelector(props.entity);
  const commands = selector ? labelCommands(selector, props.kinds) : [];
  const kinds = props.kinds.map(k => k.kind).join(', ');

  if (modelIdOfEntity(props.entity)) {
    return (
      <EmptyState
        missing="data"
        title="No copy of this model you may see"
        description="No resource of an entity you may read in the catalog holds this model now. Copies held for entities you may not read are not shown."
      />
    );
  }
  if (!selector) {
    return (
      <EmptyState
        missing="data"
        title="No model resources for this entity"
        description="This entity has neither the backstage.io/kubernetes-id nor the backstage.io/kubernetes-label-selector annotation, so no cluster resource belongs to it."
      />
    );
  }
  const where = selector.namespace
    ? `in namespace ${selector.namespace}`
    : 'in any namespace';
  return (
    <EmptyState
      missing="data"
      title="No model resources for this entity"
      description={`Resources (${kinds}) appear here when their labels match this entity's selector ${selector.labelSelector} ${where}.`}
      action={
        <>
          {commands.length > 0 && (
            <>
              <Typography variant="body1">Label an existing one:</Typography>
              {commands.map(command => (
                <pre key={command} className={classes.command}>
                  {command}
                </pre>
              ))}
            </>
          )}
          <Typography variant="body1" paragraph>
            Resources created for this entity with the Model Delivery software
            templates (Create…) carry the label already.
          </Typography>
          {notes.map(note => (
            <Typography key={note} variant="body2" color="textSecondary">
              {note}
            </Typography>
          ))}
        </>
      }
    />
  );
}
