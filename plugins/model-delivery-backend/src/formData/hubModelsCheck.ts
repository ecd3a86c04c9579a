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
  describeKubernetesError,
} from '@model-delivery/plugin-model-delivery-node';
import { readSecretKey } from './clusterReads';

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

/** Where the token comes from, or why it could not be read; never logged. */
async function tokenFor(
  request: HubModelsCheckRequest,
  options: {
    hub: HuggingFaceHub;
    clusters: ModelDeliveryClustersService;
    timeoutMs: number;
  },
): Promise<
  | { source: 'secret' | 'config' | 'none'; token?: string }
  | { source: 'secret'; problem: string }
> {
  const secret = request.tokenSecret;
  if (!secret) {
    const token = options.hub.configuredToken();
    return token ? { source: 'config', token } : { source: 'none' };
  }
  const where = `Secret ${secret.namespace}/${secret.name} in cluster '${secret.cluster}'`;
  try {
    const cluster = options.clusters.getCluster(secret.cluster);
    const token = (
      await readSecretKey(await cluster.kubeConfig(), secret, options.timeoutMs)
    )?.trim();
    if (token === undefined) {
      return {
        source: 'secret',
        problem: `The ${where} has no key '${secret.key}': choose the key that holds the Hugging Face token.`,
      };
    }
    if (token === '') {
      return {
        source: 'secret',
        problem: `The key '${secret.key}' of the ${where} is empty: put a Hugging Face token in it.`,
      };
    }
    return { source: 'secret', token };
  } catch (error) {
    // A failed GET's answer is a Status: it names the Secret, never its data.
    const described = describeKubernetesError(error, {
      action: 'get',
      cluster: secret.cluster,
      resource: `Secret ${secret.namespace}/${secret.name}`,
    });
    return {
      source: 'secret',
      problem: `The token could not be read: ${described.message}`,
    };
  }
}

/**
 * What the Hub says of the request's models, asked with the token of the request's Secret
 * (read with the suite's identity) or the configured one. The token goes to the Hub
 * client only; it is cut out of anything the answer says, in case a message quoted it.
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
  const token = await tokenFor(request, options);
  if ('problem' in token) {
    return {
      hubUrl: hub.hubUrl,
      tokenSource: token.source,
      models: request.models.map(model => ({
        ...model,
        access: 'unknown',
        url: hubModelUrl(hub.hubUrl, model.id),
        message: `${hubModelName(
          model,
        )} was not checked: the token Secret could not be read.`,
      })),
      problem: token.problem,
    };
  }
  const checked = await hub.checkModels(request.models, token.token);
  const answer: HubModelsCheckResponse = {
    hubUrl: checked.hubUrl,
    tokenSource: token.source,
    models: checked.models,
    ...(checked.problem ? { problem: checked.problem } : {}),
  };
  const secret = token.token;
  if (!secret) return answer;
  return JSON.parse(JSON.stringify(answer).split(secret).join('***'));
}
