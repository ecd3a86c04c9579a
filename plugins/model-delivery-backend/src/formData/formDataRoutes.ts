import {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  ANNOTATION_NAMESPACE_OWNER,
  FormClustersResponse,
  FormNamespaceAccess,
  FormNamespacesResponse,
  NamespaceTarget,
  modelDeliveryFormDataReadPermission,
  modelDeliveryHubCheckPermission,
  modelDeliveryNamespaceReadPermission,
  modelDeliveryNamespaceWritePermission,
} from '@model-delivery/plugin-model-delivery-common';
import {
  ModelDeliveryClustersService,
  authorizeNamespaceAccess,
  decideNamespaceAccess,
  namespaceRefusal,
} from '@model-delivery/plugin-model-delivery-node';
import { Request, Response, Router } from 'express';
import { requirePermission } from '../access/entityAccess';
import { StatusCache } from '../cache/StatusCache';
import { FormDataOptions } from '../options';
import { FormDataReader } from './FormDataReader';
import { formCluster } from './formClusters';
import { checkHubModels, parseHubModelsCheckRequest } from './hubModelsCheck';
import {
  NAMESPACES,
  NODE_GROUPS,
  PERSISTENT_VOLUME_CLAIMS,
  SECRETS,
} from './pickerLists';

export interface FormDataRoutesOptions extends FormDataOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  clusters: ModelDeliveryClustersService;
  cache: StatusCache;
  /** The picker lists' reader, shared with the namespace permission resources. */
  reader: FormDataReader;
}

/** An optional entity ref parameter, as given (the catalog normalizes it). */
function entityRefParameter(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/**
 * The template forms' routes (openapi.yaml): the pickers' `GET /form-data/...`, what the
 * forms offer from a cluster, read with the suite's identity behind
 * model-delivery.form-data.read; and `POST /form-data/hugging-face/models`, what the Hub
 * says of a form's models, behind model-delivery.hugging-face.check. Whatever is read from
 * a namespace by name is decided on that namespace too (model-delivery.namespace.read),
 * and the namespace list offers only those the caller may act in
 * (model-delivery.namespace.write).
 */
export function registerFormDataRoutes(
  router: Router,
  options: FormDataRoutesOptions,
) {
  const { reader, permissions } = options;
  /** The caller, once allowed the forms' routes. */
  const allowed = (req: Request<any, any, any, any>) =>
    requirePermission(
      req,
      options,
      modelDeliveryFormDataReadPermission,
      'read the clusters for template forms',
    );
  /** Refuses unless the caller may read what the target holds. */
  const mayRead = (
    credentials: BackstageCredentials,
    target: NamespaceTarget,
    doing: string,
  ) =>
    authorizeNamespaceAccess({
      permissions,
      credentials,
      permission: modelDeliveryNamespaceReadPermission,
      target,
      doing,
    });
  // The answers depend on the caller's permission and can name Secrets: never shared.
  const send = (res: Response, body: unknown) => {
    res.setHeader('Cache-Control', 'private, no-store');
    res.json(body);
  };

  router.get('/form-data/clusters', async (req, res) => {
    await allowed(req);
    const body: FormClustersResponse = {
      items: options.cache
        .clusterStatuses(new Date())
        .map(status => formCluster(status, options.cache.kindSummaries())),
    };
    send(res, body);
  });

  router.get('/form-data/namespaces', async (req, res) => {
    const credentials = await allowed(req);
    const cluster = reader.cluster(req.query.cluster);
    const entityRef = entityRefParameter(req.query.entityRef);
    const list = await reader.list(NAMESPACES, cluster);
    const mayWrite = await decideNamespaceAccess({
      permissions,
      credentials,
      permission: modelDeliveryNamespaceWritePermission,
      targets: list.items.map(n => ({
        cluster: cluster.name,
        namespace: n.name,
        entityRef,
      })),
    });
    const body: FormNamespacesResponse = {
      ...list,
      items: list.items.filter((_, i) => mayWrite[i]),
    };
    send(res, body);
  });

  router.get('/form-data/namespace-access', async (req, res) => {
    const credentials = await allowed(req);
    const cluster = reader.cluster(req.query.cluster);
    const namespace = reader.namespace(req.query.namespace);
    const entityRef = entityRefParameter(req.query.entityRef);
    const target = { cluster: cluster.name, namespace, entityRef };
    const [list, [allowedThere]] = await Promise.all([
      reader.list(NAMESPACES, cluster),
      decideNamespaceAccess({
        permissions,
        credentials,
        permission: modelDeliveryNamespaceWritePermission,
        targets: [target],
      }),
    ]);
    send(res, namespaceAccess(target, list, allowedThere));
  });

  router.get('/form-data/persistent-volume-claims', async (req, res) => {
    const credentials = await allowed(req);
    const cluster = reader.cluster(req.query.cluster);
    const namespace = reader.namespace(req.query.namespace);
    await mayRead(
      credentials,
      { cluster: cluster.name, namespace },
      'list the PersistentVolumeClaims',
    );
    send(res, await reader.list(PERSISTENT_VOLUME_CLAIMS, cluster, namespace));
  });

  router.get('/form-data/secrets', async (req, res) => {
    const credentials = await allowed(req);
    const cluster = reader.cluster(req.query.cluster);
    const namespace = reader.namespace(req.query.namespace);
    await mayRead(
      credentials,
      { cluster: cluster.name, namespace },
      'list the Secrets',
    );
    send(res, await reader.list(SECRETS, cluster, namespace));
  });

  router.get('/form-data/node-groups', async (req, res) => {
    const credentials = await allowed(req);
    const cluster = reader.cluster(req.query.cluster);
    // The namespace a cache would go in; none for a cluster-wide cache.
    const namespace =
      req.query.namespace === undefined || req.query.namespace === ''
        ? undefined
        : reader.namespace(req.query.namespace);
    await mayRead(
      credentials,
      { cluster: cluster.name, namespace },
      'list the node groups for a cache',
    );
    send(res, await reader.list(NODE_GROUPS, cluster));
  });

  router.post('/form-data/hugging-face/models', async (req, res) => {
    const credentials = await requirePermission(
      req,
      options,
      modelDeliveryHubCheckPermission,
      'ask the Hugging Face Hub about models',
    );
    const request = parseHubModelsCheckRequest(req.body, options.clusters);
    if (request.tokenSecret) {
      await mayRead(
        credentials,
        request.tokenSecret,
        `read the token of Secret '${request.tokenSecret.name}'`,
      );
    }
    send(res, await checkHubModels(request, options));
  });
}

/** What the namespace access route says of a target, from the namespace list and the decision. */
function namespaceAccess(
  target: { cluster: string; namespace: string; entityRef?: string },
  list: FormNamespacesResponse,
  allowed: boolean,
): FormNamespaceAccess {
  const { cluster, namespace } = target;
  const found = list.items.find(n => n.name === namespace);
  const owner = found?.owner;
  const answer = {
    cluster,
    namespace,
    ...(list.problem ? {} : { exists: !!found }),
    allowed,
    ...(owner ? { owner } : {}),
  };
  if (!list.problem && !found) {
    return {
      ...answer,
      message: `There is no namespace '${namespace}' in cluster '${cluster}'`,
    };
  }
  if (!allowed) {
    return {
      ...answer,
      message: `${namespaceRefusal(
        target,
        modelDeliveryNamespaceWritePermission,
        'act',
      )}. ${
        owner
          ? `It belongs to ${owner} (its ${ANNOTATION_NAMESPACE_OWNER} annotation)`
          : `It has no ${ANNOTATION_NAMESPACE_OWNER} annotation naming its team`
      }.`,
    };
  }
  return answer;
}
