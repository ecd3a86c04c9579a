import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  FormClustersResponse,
  modelDeliveryFormDataReadPermission,
  modelDeliveryHubCheckPermission,
} from '@model-delivery/plugin-model-delivery-common';
import { ModelDeliveryClustersService } from '@model-delivery/plugin-model-delivery-node';
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
}

/**
 * The template forms' routes (openapi.yaml): the pickers' `GET /form-data/...`, what the
 * forms offer from a cluster, read with the suite's identity behind
 * model-delivery.form-data.read; and `POST /form-data/hugging-face/models`, what the Hub
 * says of a form's models, behind model-delivery.hugging-face.check.
 */
export function registerFormDataRoutes(
  router: Router,
  options: FormDataRoutesOptions,
) {
  const reader = new FormDataReader(options);
  const allowed = (req: Request<any, any, any, any>) =>
    requirePermission(
      req,
      options,
      modelDeliveryFormDataReadPermission,
      'read the clusters for template forms',
    );
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
    await allowed(req);
    const cluster = reader.cluster(req.query.cluster);
    send(res, await reader.list(NAMESPACES, cluster));
  });

  router.get('/form-data/persistent-volume-claims', async (req, res) => {
    await allowed(req);
    const cluster = reader.cluster(req.query.cluster);
    const namespace = reader.namespace(req.query.namespace);
    send(res, await reader.list(PERSISTENT_VOLUME_CLAIMS, cluster, namespace));
  });

  router.get('/form-data/secrets', async (req, res) => {
    await allowed(req);
    const cluster = reader.cluster(req.query.cluster);
    const namespace = reader.namespace(req.query.namespace);
    send(res, await reader.list(SECRETS, cluster, namespace));
  });

  router.get('/form-data/node-groups', async (req, res) => {
    await allowed(req);
    const cluster = reader.cluster(req.query.cluster);
    send(res, await reader.list(NODE_GROUPS, cluster));
  });

  router.post('/form-data/hugging-face/models', async (req, res) => {
    await requirePermission(
      req,
      options,
      modelDeliveryHubCheckPermission,
      'ask the Hugging Face Hub about models',
    );
    const request = parseHubModelsCheckRequest(req.body, options.clusters);
    send(res, await checkHubModels(request, options));
  });
}
