import { TemplateActionOptions } from '@backstage/plugin-scaffolder-node';
import { ValidationIssue } from '@model-delivery/plugin-model-delivery-common';

/*
 * Inputs every action shares, described once so the action registry (/create/actions)
 * documents them alike. Defaults are applied in the handlers: the scaffolder validates
 * inputs against the schema but does not fill in defaults.
 */

/** The zod the scaffolder hands to schema functions (its own copy, not a dependency of ours). */
type SchemaFunction = NonNullable<
  NonNullable<TemplateActionOptions['schema']>['input']
>[string];
export type Z = Parameters<SchemaFunction>[0];

export const DEFAULT_TIMEOUT_SECONDS = 1800;
const MAX_TIMEOUT_SECONDS = 24 * 3600;

export const clusterInput = (z: Z) =>
  z
    .string()
    .describe(
      "The cluster's name in kubernetes.clusterLocatorMethods (app-config), e.g. local",
    );

export const entityRefInput = (z: Z) =>
  z
    .string()
    .describe(
      'The catalog entity the resources belong to, e.g. component:default/chat-assistant. Its backstage.io/kubernetes-id annotation becomes their backstage.io/kubernetes-id label, which its Model delivery tab selects by',
    );

export const kubernetesIdInput = (z: Z) =>
  z
    .string()
    .optional()
    .describe(
      "Overrides the entity's backstage.io/kubernetes-id annotation as the resources' label",
    );

export const waitForCompletionInput = (z: Z) =>
  z
    .boolean()
    .optional()
    .describe(
      'Wait until every item completed (the step fails if any fails, or on timeout). Default false',
    );

export const timeoutSecondsInput = (z: Z) =>
  z
    .number()
    .optional()
    .describe(
      `How long to wait when waitForCompletion is true, in seconds. Default ${DEFAULT_TIMEOUT_SECONDS}`,
    );

/** Problems with the cluster and wait inputs. */
export function clusterAndWaitIssues(input: {
  cluster?: unknown;
  timeoutSeconds?: unknown;
}): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (typeof input.cluster !== 'string' || input.cluster === '') {
    issues.push({
      field: 'cluster',
      message:
        'a cluster name from kubernetes.clusterLocatorMethods is required',
    });
  }
  const t = input.timeoutSeconds;
  if (
    t !== undefined &&
    (typeof t !== 'number' ||
      !Number.isInteger(t) ||
      t < 1 ||
      t > MAX_TIMEOUT_SECONDS)
  ) {
    issues.push({
      field: 'timeoutSeconds',
      message: `must be a whole number of seconds from 1 to ${MAX_TIMEOUT_SECONDS}, got ${JSON.stringify(
        t,
      )}`,
    });
  }
  return issues;
}

/** Empty strings from a form mean "not given". */
export function given(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
