import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  FormClustersResponse,
  ResourceKindDefinition,
  modelDeliveryFormDataReadPermission,
  modelDeliveryHubCheckPermission,
} from '@model-delivery/plugin-model-delivery-common';
import {
  HuggingFaceHub,
  ModelDeliveryClustersService,
} from '@model-delivery/plugin-model-delivery-node';
import { Request, Response, Router } from 'express';
import { StatusCache } from '../cache/StatusCache';
import { FormDataReader } from './FormDataReader';
import { formCluster } from './formClusters';
import { checkHubModels, parseHubModelsCheckRequest } from './hubModelsCheck';
import {
  NAMESPACES,
  NODE_GROUPS,
  PERSISTENT_VOLUME_CLAIMS,
  SECRETS,
} from './pickerLists';

/** The form routes' options, from `modelDelivery.formData` (see config.d.ts). */
export interface FormDataOptions {
  /** How long a picker's list is reused for everyone (0: read every time). */
  cacheMs: number;
  /** How long one read of a cluster may take before it counts as unreachable. */
  timeoutMs: number;
  /** The Hub of `modelDelivery.huggingFace` (the node package's config). */
  hub: HuggingFaceHub;
}

export function readFormDataOptions(config: Config): FormDataOptions {
  const cacheSeconds =
    config.getOptionalNumber('modelDelivery.formData.cacheSeconds') ?? 10;
  if (!(cacheSeconds >= 0)) {
    throw new Error(
      `modelDelivery.formData.cacheSeconds must be zero or more, got ${cacheSeconds}`,
    );
  }
  const timeoutSeconds =
    config.getOptionalNumber('modelDelivery.formData.requestTimeoutSeconds') ??
    10;
  if (!(timeoutSeconds > 0)) {
    throw new Error(
      `modelDelivery.formData.requestTimeoutSeconds must be a positive number, got ${timeoutSeconds}`,
    );
  }
  return {
    cacheMs: cacheSeconds * 1000,
    timeoutMs: timeoutSeconds * 1000,
    hub: HuggingFaceHub.fromConfig(config),
  };
}

export interface FormDataRoutesOptions extends FormDataOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  clusters: ModelDeliveryClustersService;
  cache: StatusCache;
  kinds: ReadonlyArray<ResourceKindDefinition<any>>;
}

/** Checks the caller's basic permission; a 403 naming it otherwise. */
export async function requirePermission(
  req: Request<any, any, any, any>,
  options: { httpAuth: HttpAuthService; permissions: PermissionsService },
  permission: BasicPermission,
  doing: string,
): Promise<void> {
  const credentials = await options.httpAuth.credentials(req, {
    allow: ['user', 'service'],
  });
  const [decision] = await options.permissions.authorize([{ permission }], {
    credentials,
  });
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(
      `You may not ${doing}: the permission ${permission.name} is not granted to you`,
    );
  }
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
        .map(status => formCluster(status, options.kinds)),
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
