import { ApiHolder } from '@backstage/core-plugin-api';
import { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import {
  FormDataList,
  ValidationIssue,
  checkDnsLabel,
  checkDnsSubdomain,
  checkSecretKey,
} from '@model-delivery/plugin-model-delivery-common';
import { ModelDeliveryApi, modelDeliveryApiRef } from '../../api';
import { actionIssuesFor } from './actionValidators';
import { clusterRefusal } from './ClusterPicker';
import {
  ModelDeliveryFormFieldOptions,
  chosenPlacement,
  fieldOptions,
} from './formOptions';
import { SecretKeyRef } from './SecretKeyPicker';

/** What the scaffolder gives a validator besides the value. */
interface Context {
  apiHolder: ApiHolder;
  formData: unknown;
  uiSchema?: unknown;
}

/** The action's rules when the template names them, else the field's own. */
function ruleIssues(
  value: unknown,
  context: Context,
  options: ModelDeliveryFormFieldOptions,
  ownRules: (field: string) => ValidationIssue[],
  defaultInput: string,
): string[] {
  if (options.validateAs) {
    return actionIssuesFor(
      options.validateAs,
      options.input,
      value,
      context.formData as Record<string, unknown>,
    );
  }
  return ownRules(options.input ?? defaultInput).map(
    i => `${i.field}: ${i.message}`,
  );
}

/** The plugin's API, when the app has it. */
function apiOf(apiHolder: ApiHolder): ModelDeliveryApi | undefined {
  return apiHolder.get(modelDeliveryApiRef);
}

/**
 * The names a picker's route lists, or undefined when they cannot be told (no API, an
 * error, a `problem`): then the action decides, as nothing here can say the name is wrong.
 */
async function listedNames<T extends { name: string }>(
  load: () => Promise<FormDataList<T>> | undefined,
): Promise<string[] | undefined> {
  try {
    const list = await load();
    if (!list || list.problem) return undefined;
    return list.items.map(i => i.name);
  } catch {
    return undefined;
  }
}

function notListed(
  field: string,
  what: string,
  value: string,
  where: string,
  names: string[],
): string {
  return `${field}: there is no ${what} '${value}' ${where}; ${
    names.length > 0
      ? `choose one of ${names.join(', ')}`
      : 'there is none there yet'
  }`;
}

/** Text checked with the action's rules. */
export const validateText: CustomFieldValidator<
  string | number,
  ModelDeliveryFormFieldOptions
> = (value, validation, context) => {
  const options = fieldOptions(context.uiSchema);
  for (const message of actionIssuesFor(
    options.validateAs,
    options.input,
    value,
    context.formData as Record<string, unknown>,
  )) {
    validation.addError(message);
  }
};

/** A configured cluster, serving `requiredKind` when the template requires one. */
export const validateCluster: CustomFieldValidator<
  string,
  ModelDeliveryFormFieldOptions
> = async (value, validation, context) => {
  const options = fieldOptions(context.uiSchema);
  const field = options.input ?? 'cluster';
  for (const m of ruleIssues(value, context, options, () => [], field)) {
    validation.addError(m);
  }
  const api = apiOf(context.apiHolder);
  if (!api || !value) return;
  let clusters;
  try {
    clusters = (await api.formClusters()).items;
  } catch {
    return;
  }
  const cluster = clusters.find(c => c.name === value);
  if (!cluster) {
    validation.addError(
      `${field}: '${value}' is not a configured cluster; choose one of ${clusters
        .map(c => c.name)
        .join(', ')}`,
    );
    return;
  }
  const refusal = clusterRefusal(cluster, options.requiredKind);
  if (refusal) validation.addError(`${field}: ${value} ${refusal}`);
};

/**
 * A namespace name, and one the chosen cluster has and the user may act in (for the
 * chosen owner entity) when it can be listed; one typed by hand that is not offered says
 * why (it does not exist, or the permission policy refuses it and whose it is).
 */
export const validateNamespace: CustomFieldValidator<
  string,
  ModelDeliveryFormFieldOptions
> = async (value, validation, context) => {
  const options = fieldOptions(context.uiSchema);
  const field = options.input ?? 'namespace';
  const issues = ruleIssues(
    value,
    context,
    options,
    f => checkDnsLabel(f, value, 'namespace'),
    field,
  );
  issues.forEach(m => validation.addError(m));
  const { cluster, entityRef } = chosenPlacement(
    context.formData as Record<string, unknown>,
    options,
  );
  const api = apiOf(context.apiHolder);
  if (issues.length > 0 || !api || !cluster || !value) return;
  const names = await listedNames(() =>
    api.formNamespaces(cluster, entityRef),
  );
  if (!names || names.includes(value)) return;
  const access = await api
    .formNamespaceAccess(cluster, value, entityRef)
    .catch(() => undefined);
  if (access?.allowed && access.exists !== false) return;
  validation.addError(
    access?.message
      ? `${field}: ${access.message}`
      : notListed(field, 'namespace', value, `in cluster ${cluster}`, names),
  );
};

/** A PersistentVolumeClaim name, and one the chosen namespace has when it can be listed. */
export const validatePersistentVolumeClaim: CustomFieldValidator<
  string,
  ModelDeliveryFormFieldOptions
> = async (value, validation, context) => {
  const options = fieldOptions(context.uiSchema);
  const field = options.input ?? 'persistentVolumeClaim';
  const issues = ruleIssues(
    value,
    context,
    options,
    f => checkDnsSubdomain(f, value, 'PersistentVolumeClaim name'),
    field,
  );
  issues.forEach(m => validation.addError(m));
  const { cluster, namespace } = chosenPlacement(
    context.formData as Record<string, unknown>,
    options,
  );
  const api = apiOf(context.apiHolder);
  if (issues.length > 0 || !api || !cluster || !namespace || !value) return;
  const names = await listedNames(() =>
    api.formPersistentVolumeClaims(cluster, namespace),
  );
  if (names && !names.includes(value)) {
    validation.addError(
      notListed(
        field,
        'PersistentVolumeClaim',
        value,
        `in namespace ${namespace} of cluster ${cluster}`,
        names,
      ),
    );
  }
};

/**
 * A Secret name and key (names only). Whether the Secret exists is left to the action:
 * a template may create it in an earlier step.
 */
export const validateSecretKey: CustomFieldValidator<
  SecretKeyRef | string,
  ModelDeliveryFormFieldOptions
> = (value, validation, context) => {
  const options = fieldOptions(context.uiSchema);
  const field = options.input ?? 'secret';
  const issues = ruleIssues(
    value,
    context,
    options,
    f =>
      typeof value === 'string'
        ? checkDnsSubdomain(f, value, 'Secret name')
        : [
            ...checkDnsSubdomain(`${f}.name`, value?.name, 'Secret name'),
            ...checkSecretKey(`${f}.key`, value?.key),
          ],
    field,
  );
  issues.forEach(m => validation.addError(m));
};

/** LocalModelNodeGroup names, each one the chosen cluster has when it can be listed. */
export const validateNodeGroups: CustomFieldValidator<
  string[],
  ModelDeliveryFormFieldOptions
> = async (value, validation, context) => {
  const options = fieldOptions(context.uiSchema);
  const field = options.input ?? 'nodeGroups';
  const issues = ruleIssues(
    value,
    context,
    options,
    f =>
      (value ?? []).flatMap((g, i) =>
        checkDnsSubdomain(`${f}[${i}]`, g, 'node group name'),
      ),
    field,
  );
  issues.forEach(m => validation.addError(m));
  const { cluster, namespace } = chosenPlacement(
    context.formData as Record<string, unknown>,
    options,
  );
  const api = apiOf(context.apiHolder);
  if (issues.length > 0 || !api || !cluster || !value?.length) return;
  const names = await listedNames(() =>
    api.formNodeGroups(cluster, namespace),
  );
  if (!names) return;
  value.forEach((group, i) => {
    if (!names.includes(group)) {
      validation.addError(
        notListed(
          `${field}[${i}]`,
          'LocalModelNodeGroup',
          group,
          `in cluster ${cluster}`,
          names,
        ),
      );
    }
  });
};
