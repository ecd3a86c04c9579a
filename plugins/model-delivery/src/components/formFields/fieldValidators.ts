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

/** What the form chose earlier: where a picker's list is read. */
type Placement = ReturnType<typeof chosenPlacement>;

/** The plugin's API, when the app has it. */
function apiOf(apiHolder: ApiHolder): ModelDeliveryApi | undefined {
  return apiHolder.get(modelDeliveryApiRef);
}

/**
 * The names a picker's route lists, or undefined when they cannot be told (no API, an
 * error, a `problem`): then the action decides, as nothing here can say the name is wrong.
 */
async function listedNames(
  load: () => Promise<FormDataList<{ name: string }>>,
): Promise<string[] | undefined> {
  try {
    const list = await load();
    if (list.problem) return undefined;
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
 * A validator of names a picker lists: its own rules (or the action's), then, when the
 * rules pass and the list can be read, each name is one the chosen place has.
 */
function listedNamesValidator<T extends string | string[]>(spec: {
  defaultInput: string;
  /** What a name names, for messages: `namespace`, `PersistentVolumeClaim`. */
  what: string;
  rules: (field: string, value: T | undefined) => ValidationIssue[];
  /** The list, when the form has chosen where to look; and where that is, for messages. */
  list: (
    api: ModelDeliveryApi,
    placement: Placement,
  ) =>
    | { load: () => Promise<FormDataList<{ name: string }>>; where: string }
    | undefined;
  /**
   * Why a name the list leaves out is refused, when the list does not tell it all (a
   * namespace the user may not act in is left out too): `allowed` after all, or the
   * message; undefined for the usual "there is no ...".
   */
  unlisted?: (
    api: ModelDeliveryApi,
    placement: Placement,
    name: string,
  ) => Promise<{ allowed: true } | { message: string } | undefined>;
}): CustomFieldValidator<T, ModelDeliveryFormFieldOptions> {
  return async (value, validation, context) => {
    const options = fieldOptions(context.uiSchema);
    const field = options.input ?? spec.defaultInput;
    const issues = ruleIssues(
      value,
      context,
      options,
      f => spec.rules(f, value),
      field,
    );
    issues.forEach(m => validation.addError(m));
    const api = apiOf(context.apiHolder);
    const names = ([] as string[]).concat(value ?? []);
    const placement = chosenPlacement(
      context.formData as Record<string, unknown>,
      options,
    );
    const list = api && spec.list(api, placement);
    if (issues.length > 0 || !api || !list || names.every(n => !n)) return;
    const listed = await listedNames(list.load);
    if (!listed) return;
    for (const [i, name] of names.entries()) {
      if (listed.includes(name)) continue;
      const named = Array.isArray(value) ? `${field}[${i}]` : field;
      const why = await spec
        .unlisted?.(api, placement, name)
        .catch(() => undefined);
      if (why && 'allowed' in why) continue;
      validation.addError(
        why
          ? `${named}: ${why.message}`
          : notListed(named, spec.what, name, list.where, listed),
      );
    }
  };
}

/**
 * A namespace name, and one the chosen cluster has and the user may act in (for the
 * chosen owner entity) when it can be listed; one typed by hand that is not offered says
 * why: it does not exist, or the permission policy refuses it there, and whose it is.
 */
export const validateNamespace = listedNamesValidator<string>({
  defaultInput: 'namespace',
  what: 'namespace',
  rules: (f, value) => checkDnsLabel(f, value, 'namespace'),
  list: (api, { cluster, entityRef }) =>
    cluster
      ? {
          load: () => api.formNamespaces(cluster, entityRef),
          where: `in cluster ${cluster}`,
        }
      : undefined,
  unlisted: async (api, { cluster, entityRef }, name) => {
    const access = await api.formNamespaceAccess(cluster!, name, entityRef);
    if (access.allowed && access.exists !== false) return { allowed: true };
    return access.message ? { message: access.message } : undefined;
  },
});

/** A PersistentVolumeClaim name, and one the chosen namespace has when it can be listed. */
export const validatePersistentVolumeClaim = listedNamesValidator<string>({
  defaultInput: 'persistentVolumeClaim',
  what: 'PersistentVolumeClaim',
  rules: (f, value) =>
    checkDnsSubdomain(f, value, 'PersistentVolumeClaim name'),
  list: (api, { cluster, namespace }) =>
    cluster && namespace
      ? {
          load: () => api.formPersistentVolumeClaims(cluster, namespace),
          where: `in namespace ${namespace} of cluster ${cluster}`,
        }
      : undefined,
});

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
export const validateNodeGroups = listedNamesValidator<string[]>({
  defaultInput: 'nodeGroups',
  what: 'LocalModelNodeGroup',
  rules: (f, value) =>
    (value ?? []).flatMap((g, i) =>
      checkDnsSubdomain(`${f}[${i}]`, g, 'node group name'),
    ),
  list: (api, { cluster, namespace }) =>
    cluster
      ? {
          load: () => api.formNodeGroups(cluster, namespace),
          where: `in cluster ${cluster}`,
        }
      : undefined,
});
