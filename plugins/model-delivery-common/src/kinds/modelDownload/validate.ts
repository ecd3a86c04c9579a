import { checkHuggingFaceRepoId } from '../../validation/huggingFace';
import { ValidationIssue } from '../../validation/issues';
import {
  checkDnsLabel,
  checkDnsSubdomain,
  checkLabelValue,
  checkSecretKey,
} from '../../validation/kubernetesNames';
import { checkQuantity } from '../../validation/quantity';
import { hfOperatorJobName, hfOperatorSanitize } from './jobNames';

const INT32_MAX = 2 ** 31 - 1;
const JOB_NAME_MAX = 63;
const LABEL_VALUE_MAX = 63;

type Loose = Record<string, unknown>;

function checkInteger(
  field: string,
  value: unknown,
  what: string,
): ValidationIssue[] {
  if (value === undefined || value === null) return [];
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    return [
      {
        field,
        message: `${what} must be a whole number, got ${JSON.stringify(value)}`,
      },
    ];
  }
  if (value < 0) {
    return [{ field, message: `${what} must not be negative, got ${value}` }];
  }
  if (value > INT32_MAX) {
    return [
      { field, message: `${what} must be at most ${INT32_MAX}, got ${value}` },
    ];
  }
  return [];
}

function checkBoolean(field: string, value: unknown): ValidationIssue[] {
  if (value === undefined || value === null || typeof value === 'boolean')
    return [];
  return [
    { field, message: `must be true or false, got ${JSON.stringify(value)}` },
  ];
}

function checkOptionalString(field: string, value: unknown): ValidationIssue[] {
  if (value === undefined || value === null || typeof value === 'string')
    return [];
  return [{ field, message: `must be a string, got ${JSON.stringify(value)}` }];
}

/**
 * The Jobs the operator would create, checked against Kubernetes' rules: names of at most 63
 * characters, not ending in '-', one Job per model, and a `model=<sanitised id>` label that
 * is a valid label value. The operator aborts its whole reconcile at the first Job it cannot
 * create, so one bad Job blocks every model.
 */
function checkJobNames(
  resourceName: string,
  models: Array<{ index: number; name: string }>,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const firstWithJob = new Map<string, { index: number; name: string }>();
  for (const model of models) {
    const field = `models[${model.index}].name`;
    const job = hfOperatorJobName(resourceName, model.name);
    if (job.length > JOB_NAME_MAX) {
      const excess = job.length - JOB_NAME_MAX;
      // The operator cuts the model part to 50, so a short enough resource name always exists.
      const room =
        JOB_NAME_MAX -
        'hf-dl-'.length -
        1 -
        hfOperatorSanitize(model.name).length;
      issues.push({
        field,
        message: `hf-operator would name this model's Job '${job}' (${
          job.length
        } characters) and Kubernetes allows ${JOB_NAME_MAX}: shorten the resource name '${resourceName}' by at least ${excess} character${
          excess === 1 ? '' : 's'
        } (to at most ${room})`,
      });
    } else if (job.endsWith('-')) {
      issues.push({
        field,
        message: `hf-operator would name this model's Job '${job}', which ends in '-' because the operator cuts the model id to 50 characters; Kubernetes rejects that name whatever the resource is called`,
      });
    } else {
      const jobNameIssues = checkDnsLabel(field, job, 'Job name');
      issues.push(...jobNameIssues);
      const modelLabel = hfOperatorSanitize(model.name);
      if (
        jobNameIssues.length === 0 &&
        checkLabelValue(field, modelLabel).length > 0
      ) {
        issues.push({
          field,
          message: `hf-operator would label this model's Job 'model=${modelLabel}', and a Kubernetes label value starts and ends with a letter or digit: the operator turns a leading '_' into '-'; rename the model id's start`,
        });
      }
    }
    const earlier = firstWithJob.get(job);
    if (earlier) {
      issues.push({
        field,
        message: `'${model.name}' and models[${earlier.index}].name '${earlier.name}' both become the Job '${job}': hf-operator would run only one of them; keep one`,
      });
    } else {
      firstWithJob.set(job, model);
    }
  }
  return issues;
}

/**
 * Every rule a ModelDownload must meet before it is applied: the API server's (names),
 * the Hub's (model ids) and hf-operator's (its Jobs' names and labels, among them
 * `parent=<name>`, which limits the name to 63 characters; quantities it parses with a
 * panicking parser). One function serves the scaffolder action, the template form and the
 * status backend.
 *
 * @public
 */
export function validateModelDownloadInput(input: unknown): ValidationIssue[] {
  const v = (input ?? {}) as Loose;
  const resourceNameIssues = checkDnsSubdomain('name', v.name, 'resource name');
  const issues: ValidationIssue[] = [
    ...resourceNameIssues,
    ...checkDnsLabel('namespace', v.namespace, 'namespace'),
  ];
  // hf-operator labels each Job 'parent=<name>', raw: a longer name fails every Job.
  if (
    resourceNameIssues.length === 0 &&
    (v.name as string).length > LABEL_VALUE_MAX
  ) {
    issues.push({
      field: 'name',
      message: `'${v.name}' is ${
        (v.name as string).length
      } characters: hf-operator labels each of its Jobs 'parent=<name>', and a Kubernetes label value has at most ${LABEL_VALUE_MAX}`,
    });
  }

  const models = v.models;
  if (!Array.isArray(models) || models.length === 0) {
    issues.push({ field: 'models', message: 'at least one model is required' });
  } else {
    const firstIndex = new Map<string, number>();
    const distinct: Array<{ index: number; name: string }> = [];
    models.forEach((raw, index) => {
      const model = (raw ?? {}) as Loose;
      const nameIssues = checkHuggingFaceRepoId(
        `models[${index}].name`,
        model.name,
      );
      issues.push(
        ...nameIssues,
        ...checkOptionalString(`models[${index}].sha`, model.sha),
        ...checkInteger(
          `models[${index}].retryCount`,
          model.retryCount,
          'retryCount',
        ),
      );
      if (nameIssues.length > 0) return;
      const name = model.name as string;
      const earlier = firstIndex.get(name);
      if (earlier !== undefined) {
        issues.push({
          field: `models[${index}].name`,
          message: `'${name}' is already listed as models[${earlier}]; list each model once`,
        });
        return;
      }
      firstIndex.set(name, index);
      distinct.push({ index, name });
    });
    // Job names embed the resource name; without a valid one they mean nothing yet.
    if (resourceNameIssues.length === 0) {
      issues.push(...checkJobNames(v.name as string, distinct));
    }
  }

  issues.push(
    ...checkDnsSubdomain(
      'storagePVC',
      v.storagePVC,
      'PersistentVolumeClaim name',
    ),
  );
  const tokenRef = v.hfTokenRef as Loose | undefined;
  if (!tokenRef || typeof tokenRef !== 'object') {
    issues.push({
      field: 'hfTokenRef',
      message:
        'a Secret name and key holding the Hugging Face token are required (hf-operator requires them even for public models)',
    });
  } else {
    issues.push(
      ...checkDnsSubdomain('hfTokenRef.name', tokenRef.name, 'Secret name'),
      ...checkSecretKey('hfTokenRef.key', tokenRef.key),
    );
  }

  // The operator puts nodePool into a nodeSelector, so it must be a label value.
  if (v.nodePool !== undefined && v.nodePool !== null && v.nodePool !== '') {
    issues.push(...checkLabelValue('nodePool', v.nodePool, 'node pool name'));
  }

  const settings = v.settings as Loose | undefined;
  if (settings !== undefined && settings !== null) {
    if (typeof settings !== 'object') {
      issues.push({ field: 'settings', message: 'must be an object' });
    } else {
      if (settings.cpu !== undefined && settings.cpu !== '') {
        issues.push(
          ...checkQuantity('settings.cpu', settings.cpu, 'CPU', '500m'),
        );
      }
      if (settings.memory !== undefined && settings.memory !== '') {
        issues.push(
          ...checkQuantity('settings.memory', settings.memory, 'memory', '4Gi'),
        );
      }
      issues.push(
        ...checkInteger(
          'settings.keepAliveSeconds',
          settings.keepAliveSeconds,
          'keepAliveSeconds',
        ),
        ...checkInteger(
          'settings.timeoutMillis',
          settings.timeoutMillis,
          'timeoutMillis',
        ),
        ...checkBoolean('settings.enableHFTransfer', settings.enableHFTransfer),
        ...checkBoolean('settings.forceReload', settings.forceReload),
      );
    }
  }
  return issues;
}

/**
 * What hf-operator v0.1.1 really does with a model's optional fields, when they are set:
 * nothing but record them. Its download (`hf download <name>`, no revision) takes the
 * model's default branch, and its Job has backoffLimit 0 and is never re-run; `sha` and
 * `retryCount` only feed the spec hash it stamps on the Job, so changing either recreates
 * the Job (skamalj/hf-operator internal/controller/modeldownload_controller.go, L74-85,
 * L230, L243-260). The form shows these under the row, the action logs them.
 *
 * @public
 */
export function modelFieldWarnings(model: {
  name?: string;
  sha?: string;
  retryCount?: number;
}): string[] {
  const warnings: string[] = [];
  const name = model.name?.trim() || 'the model';
  if (typeof model.sha === 'string' && model.sha.trim() !== '') {
    warnings.push(
      `sha '${model.sha.trim()}' is not the revision downloaded: hf-operator downloads the default branch of ${name} whatever the sha says, and only records it in the spec (changing it recreates the model's Job). The Hub is checked at that default branch.`,
    );
  }
  if (typeof model.retryCount === 'number') {
    warnings.push(
      `retryCount ${model.retryCount} is only recorded in the spec: hf-operator runs the download of ${name} once (its Job's backoffLimit is 0) and never retries it. Retry on the Model delivery tab runs a failed download again.`,
    );
  }
  return warnings;
}

/**
 * Not errors, but what the user should hear before applying.
 *
 * @public
 */
export function modelDownloadWarnings(input: {
  nodePool?: string;
  settings?: { forceReload?: boolean };
  models?: Array<{ name?: string; sha?: string; retryCount?: number }>;
}): string[] {
  const warnings: string[] = [];
  if (!input.nodePool) {
    warnings.push(
      'nodePool is empty: hf-operator still sets the node selector karpenter.sh/nodepool="" on its pods, so they only schedule on nodes carrying that label with an empty value. Name a node pool unless your nodes are labelled that way.',
    );
  }
  if (input.settings?.forceReload) {
    warnings.push(
      'settings.forceReload is true: hf-operator deletes and recreates every Job of this resource on each reconcile, and each new Job queues the next reconcile: the Jobs are recreated over and over (many times a second) until it is unset, each one leaving its pod behind.',
    );
  }
  warnings.push(
    ...(input.models ?? []).flatMap((model, index) =>
      modelFieldWarnings(model).map(w => `models[${index}]: ${w}`),
    ),
  );
  return warnings;
}
