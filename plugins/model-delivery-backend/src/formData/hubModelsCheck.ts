import { InputError } from '@backstage/errors';
import {
  HubModelsCheckRequest,
  HubModelsCheckResponse,
  ValidationIssue,
  checkDnsLabel,
  checkDnsSubdomain,
  checkHuggingFaceRepoId,
  checkSecretKey,
  formatIssues,
  hubModelName,
  hubModelUrl,
} from '@model-delivery/plugin-model-delivery-common';
import {
  HuggingFaceHub,
  ModelDeliveryClustersService,
  hubToken,
  readSecretKey,
} from '@model-delivery/plugin-model-delivery-node';

/** Models one check may ask about: a form's rows, not a crawl of the Hub. */
export const MAX_CHECKED_MODELS = 100;

/** A Hub revision: a branch, tag or commit; git refs have no spaces or any of ~^:?*[\ . */
const REVISION = /^[^\s~^:?*[\\]{1,255}$/;

/** Control characters, which no git ref holds either. */
function hasControlCharacter(text: string): boolean {
  return [...text].some(
    c => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f,
  );
}

/** The body of `POST /form-data/hugging-face/models`, checked; a 400 names every bad field. */
export function parseHubModelsCheckRequest(
  body: unknown,
  clusters: ModelDeliveryClustersService,
): HubModelsCheckRequest {
  const request = (body ?? {}) as Partial<HubModelsCheckRequest>;
  const issues: ValidationIssue[] = [];
  const models = Array.isArray(request.models) ? request.models : undefined;
  if (!models || models.length === 0) {
    issues.push({ field: 'models', message: 'at least one model is required' });
  } else if (models.length > MAX_CHECKED_MODELS) {
    issues.push({
      field: 'models',
      message: `${models.length} models; at most ${MAX_CHECKED_MODELS} are checked at once`,
    });
  } else {
    models.forEach((model, i) => {
      issues.push(...checkHuggingFaceRepoId(`models[${i}].id`, model?.id));
      const revision = model?.revision;
      if (
        revision !== undefined &&
        (typeof revision !== 'string' ||
          !REVISION.test(revision) ||
          hasControlCharacter(revision))
      ) {
        issues.push({
          field: `models[${i}].revision`,
          message:
            'a revision is a branch, tag or commit: at most 255 characters, no spaces or any of ~^:?*[\\',
        });
      }
    });
  }
  const secret = request.tokenSecret;
  if (secret !== undefined) {
    if (typeof secret !== 'object' || secret === null) {
      issues.push({
        field: 'tokenSecret',
        message: 'give cluster, namespace, name and key of the token Secret',
      });
    } else {
      const configured = clusters.listClusters().map(c => c.name);
      if (typeof secret.cluster !== 'string' || secret.cluster === '') {
        issues.push({
          field: 'tokenSecret.cluster',
          message: 'a cluster name is required',
        });
      } else if (!configured.includes(secret.cluster)) {
        issues.push({
          field: 'tokenSecret.cluster',
          message: `unknown cluster '${secret.cluster}'; configured clusters: ${
            configured.join(', ') || 'none'
          }`,
        });
      }
      issues.push(
        ...checkDnsLabel(
          'tokenSecret.namespace',
          secret.namespace,
          'namespace name',
        ),
        ...checkDnsSubdomain('tokenSecret.name', secret.name, 'Secret name'),
        ...checkSecretKey('tokenSecret.key', secret.key),
      );
    }
  }
  if (issues.length > 0) throw new InputError(formatIssues(issues));
  return {
    models: models!.map(m => ({
      id: m.id,
      ...(m.revision ? { revision: m.revision } : {}),
    })),
    ...(secret ? { tokenSecret: secret } : {}),
  };
}

/**
 * What the Hub says of the request's models, asked with the token of the request's Secret
 * (read with the suite's identity) or the configured one. The token goes to the Hub
 * client only, which redacts it from anything its answer says. A Secret that gives no
 * token is said, and the Hub is not asked with another one.
 */
export async function checkHubModels(
  request: HubModelsCheckRequest,
  options: {
    hub: HuggingFaceHub;
    clusters: ModelDeliveryClustersService;
    timeoutMs: number;
  },
): Promise<HubModelsCheckResponse> {
  const { hub } = options;
  const ref = request.tokenSecret;
  const token = hubToken({
    configured: hub.configuredToken(),
    ...(ref && {
      secret: {
        cluster: ref.cluster,
        ref,
        read: await readSecretKey(
          options.clusters.getCluster(ref.cluster),
          ref,
          options.timeoutMs,
        ).catch((error: Error) => error),
      },
    }),
  });
  if (token.secretProblem) {
    return {
      hubUrl: hub.hubUrl,
      tokenSource: 'secret',
      models: request.models.map(model => ({
        ...model,
        access: 'unknown',
        url: hubModelUrl(hub.hubUrl, model.id),
        message: `${hubModelName(
          model,
        )} was not checked: the token Secret could not be read.`,
      })),
      problem: token.secretProblem,
    };
  }
  const checked = await hub.checkModels(request.models, token.token);
  return {
    hubUrl: checked.hubUrl,
    tokenSource: token.source === 'task-secret' ? 'secret' : token.source,
    models: checked.models,
    ...(checked.problem ? { problem: checked.problem } : {}),
  };
}
