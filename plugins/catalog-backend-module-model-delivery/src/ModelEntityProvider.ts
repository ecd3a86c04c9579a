import {
  AuthService,
  DiscoveryService,
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  ANNOTATION_LOCATION,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  CatalogService,
  DeferredEntity,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_MODEL_ID,
  ANNOTATION_SERVER_READY,
  CATALOG_MODELS_PATH,
  CatalogModelsResponse,
  MODEL_ENTITY,
  MODEL_SERVER_ENTITY,
} from '@model-delivery/plugin-model-delivery-common';
import {
  ANNOTATION_CONTENT_HASH,
  MODEL_ENTITIES_LOCATION,
  modelEntity,
} from './modelEntity';
import { modelServerEntity } from './modelServerEntity';

/** What one run did, for logs and tests. */
export interface ModelEntityRun {
  mutation: 'full' | 'delta' | 'none' | 'skipped';
  entities: number;
  added: number;
  removed: number;
}

/** The id of the provider's scheduled task, to trigger it when the models change. */
export const MODEL_ENTITIES_TASK_ID = 'model-delivery-model-entities';

/**
 * Makes a `Resource` entity of type `ai-model` of every model the clusters hold or serve,
 * and an `API` entity of type `ai-model-server` of every server with a URL, from the Model
 * Delivery backend's watch caches (its internal endpoint; no cluster is called).
 *
 * Its task is scheduled when the catalog connects it, as Backstage's entity providers do:
 * a run before that would have nowhere to apply its entities.
 *
 * The first run of a process applies a full mutation: the catalog then holds exactly the
 * models there are, whatever happened while no replica ran. Later runs send a delta: the
 * entities whose content hash differs from the catalog's copy, and the removal of the
 * model entities no resource holds any more. The delta is taken against the catalog, not
 * against this process's memory, because another replica may have run in between.
 */
export class ModelEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  private fullDone = false;

  constructor(
    private readonly options: {
      discovery: DiscoveryService;
      auth: AuthService;
      catalog: CatalogService;
      logger: LoggerService;
      owner: string;
      taskRunner: SchedulerServiceTaskRunner;
    },
  ) {}

  getProviderName(): string {
    return 'model-delivery-models';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.options.taskRunner.run({
      id: MODEL_ENTITIES_TASK_ID,
      fn: async () => {
        const run = await this.run();
        if (run.mutation !== 'skipped') {
          this.options.logger.info(
            `Model entities: ${run.mutation} mutation, ${run.entities} models, ${run.added} added or changed, ${run.removed} removed`,
          );
        }
      },
    });
  }

  async run(): Promise<ModelEntityRun> {
    if (!this.connection) {
      throw new Error(
        'The model entity provider runs once the catalog connects it',
      );
    }
    const models = await this.readModels();
    if (!models) {
      return { mutation: 'skipped', entities: 0, added: 0, removed: 0 };
    }
    const deferred: DeferredEntity[] = [
      ...models.models.map(model => modelEntity(model, this.options.owner)),
      ...models.servers.flatMap(
        server => modelServerEntity(server, this.options.owner) ?? [],
      ),
    ].map(entity => ({ entity, locationKey: MODEL_ENTITIES_LOCATION }));
    if (!this.fullDone) {
      await this.connection.applyMutation({
        type: 'full',
        entities: deferred,
      });
      this.fullDone = true;
      return {
        mutation: 'full',
        entities: deferred.length,
        added: deferred.length,
        removed: 0,
      };
    }
    const inCatalog = await this.hashesInCatalog();
    const wanted = new Set<string>();
    const added = deferred.filter(d => {
      const ref = stringifyEntityRef(d.entity);
      wanted.add(ref);
      return (
        inCatalog.get(ref) !==
        d.entity.metadata.annotations?.[ANNOTATION_CONTENT_HASH]
      );
    });
    const removed = [...inCatalog.keys()]
      .filter(ref => !wanted.has(ref))
      .map(entityRef => ({ entityRef, locationKey: MODEL_ENTITIES_LOCATION }));
    if (added.length === 0 && removed.length === 0) {
      return {
        mutation: 'none',
        entities: deferred.length,
        added: 0,
        removed: 0,
      };
    }
    await this.connection.applyMutation({ type: 'delta', added, removed });
    return {
      mutation: 'delta',
      entities: deferred.length,
      added: added.length,
      removed: removed.length,
    };
  }

  /** The models, or undefined while the backend's caches are still filling (503). */
  private async readModels(): Promise<CatalogModelsResponse | undefined> {
    const baseUrl = await this.options.discovery.getBaseUrl('model-delivery');
    const { token } = await this.options.auth.getPluginRequestToken({
      onBehalfOf: await this.options.auth.getOwnServiceCredentials(),
      targetPluginId: 'model-delivery',
    });
    const response = await fetch(`${baseUrl}${CATALOG_MODELS_PATH}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (response.status === 503) {
      // Normal at start: the backend announces on the events service when the caches
      // have filled (MODELS_CHANGED_TOPIC), and the module runs the task again then.
      this.options.logger.info(
        'Model entities wait for the model delivery backend: its cluster caches are still filling; they are read again once filled',
      );
      return undefined;
    }
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as CatalogModelsResponse;
  }

  /** The model and server entities the catalog holds now, by ref, with their content hash. */
  private async hashesInCatalog(): Promise<Map<string, string | undefined>> {
    const found = new Map<string, string | undefined>();
    const credentials = await this.options.auth.getOwnServiceCredentials();
    for await (const page of this.options.catalog.streamEntities(
      {
        // An array of filters is an OR: the models, then the servers.
        filter: [
          {
            kind: MODEL_ENTITY.kind,
            'spec.type': MODEL_ENTITY.type,
            [`metadata.annotations.${ANNOTATION_MODEL_ID}`]:
              CATALOG_FILTER_EXISTS,
          },
          {
            kind: MODEL_SERVER_ENTITY.kind,
            'spec.type': MODEL_SERVER_ENTITY.type,
            [`metadata.annotations.${ANNOTATION_SERVER_READY}`]:
              CATALOG_FILTER_EXISTS,
          },
        ],
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.annotations',
        ],
      },
      { credentials },
    )) {
      for (const entity of page) {
        // Only this provider's: an adopter's own ai-model or ai-model-server entity is not ours to remove.
        if (
          entity.metadata.annotations?.[ANNOTATION_LOCATION] !==
          MODEL_ENTITIES_LOCATION
        ) {
          continue;
        }
        found.set(
          stringifyEntityRef(entity),
          entity.metadata.annotations?.[ANNOTATION_CONTENT_HASH],
        );
      }
    }
    return found;
  }
}
