import { ModelDeliveryCluster } from '../clusters';
import { describeKubernetesError, isObjectNotFound } from '../kubernetesErrors';
import { getKubernetesJson } from '../kubernetesHttp';

/*
 * Where the Hugging Face token a download uses comes from, in one place: the template
 * form's Hub check (backend) and the actions' preflight (scaffolder) read the token Secret
 * here, once, and look the token up here, in the same order. The token goes to the Hub
 * client only: never logged, cached by value, or put in a message (messages name where it
 * came from instead).
 */

/** A key of a Secret. @public */
export interface SecretKeyRef {
  namespace: string;
  name: string;
  key: string;
}

/** What {@link readSecretKey} found: the Secret's key names, and the one key's value. @public */
export interface SecretKeyRead {
  /** The keys of `data`, sorted. */
  keys: string[];
  /** The asked key's value, decoded; undefined when the Secret has no such key. */
  value?: string;
}

/**
 * Reads one Secret, keeping its key names and one key's value: the rest of its data is
 * dropped here. Undefined when there is no such Secret. Any other failure rejects with
 * the error described for people (cluster, verb, Secret; never its data).
 *
 * @public
 */
export async function readSecretKey(
  cluster: ModelDeliveryCluster,
  ref: SecretKeyRef,
  timeoutMs = 10_000,
): Promise<SecretKeyRead | undefined> {
  const path = `/api/v1/namespaces/${encodeURIComponent(
    ref.namespace,
  )}/secrets/${encodeURIComponent(ref.name)}`;
  try {
    const secret = await getKubernetesJson<{ data?: Record<string, string> }>(
      await cluster.kubeConfig(),
      { path, timeoutMs },
    );
    const encoded = secret.data?.[ref.key];
    return {
      keys: Object.keys(secret.data ?? {}).sort(),
      ...(encoded === undefined
        ? {}
        : { value: Buffer.from(encoded, 'base64').toString('utf8') }),
    };
  } catch (error) {
    if (isObjectNotFound(error)) return undefined;
    throw describeKubernetesError(error, {
      action: 'get',
      cluster: cluster.name,
      resource: `Secret ${ref.namespace}/${ref.name}`,
      url: cluster.url,
    });
  }
}

/** Where a Hub token came from; never the token. @public */
export type HubTokenSource = 'task-secret' | 'secret' | 'config' | 'none';

/** The token to ask the Hub with. @public */
export interface HubToken {
  token?: string;
  source: HubTokenSource;
  /** For messages: "the token in Secret 'hf-token' key 'token'". */
  description: string;
  /** Set when a token Secret was named but gave no token: why, for the form to say. */
  secretProblem?: string;
}

/**
 * The token a download's Jobs will use, looked up in order: the new one a task stores
 * first (its task secret), else the token Secret's key as the cluster has it, else the
 * configured `modelDelivery.huggingFace.token`, else none. A named Secret that gives no
 * token says why in `secretProblem`; the lookup goes on to the configured token.
 *
 * @public
 */
export function hubToken(sources: {
  taskSecret?: { name: string; value: unknown };
  secret?: {
    cluster: string;
    ref: SecretKeyRef;
    /** What {@link readSecretKey} gave, or the error it rejected with. */
    read: SecretKeyRead | undefined | Error;
  };
  configured?: string;
}): HubToken {
  const { taskSecret, secret, configured } = sources;
  const fromTask =
    typeof taskSecret?.value === 'string' ? taskSecret.value.trim() : '';
  if (fromTask) {
    return {
      token: fromTask,
      source: 'task-secret',
      description: `the new token of task secret '${taskSecret!.name}'`,
    };
  }
  let secretProblem: string | undefined;
  if (secret) {
    const { ref, read } = secret;
    const where = `Secret ${ref.namespace}/${ref.name} in cluster '${secret.cluster}'`;
    const token = read instanceof Error ? undefined : read?.value?.trim();
    if (token) {
      return {
        token,
        source: 'secret',
        description: `the token in Secret '${ref.name}' key '${ref.key}'`,
      };
    }
    if (read instanceof Error) {
      secretProblem = `The token could not be read: ${read.message}`;
    } else if (!read) {
      secretProblem = `The ${where} does not exist: choose the Secret that holds the Hugging Face token.`;
    } else if (read.value === undefined) {
      secretProblem = `The ${where} has no key '${ref.key}': choose the key that holds the Hugging Face token.`;
    } else {
      secretProblem = `The key '${ref.key}' of the ${where} is empty: put a Hugging Face token in it.`;
    }
  }
  const problem = secretProblem ? { secretProblem } : {};
  return configured
    ? {
        token: configured,
        source: 'config',
        description: 'the token of modelDelivery.huggingFace.token',
        ...problem,
      }
    : { source: 'none', description: 'no token', ...problem };
}
