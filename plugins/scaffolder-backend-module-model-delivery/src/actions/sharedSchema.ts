import { TemplateActionOptions } from '@backstage/plugin-scaffolder-node';
import { ValidationIssue } from '@model-delivery/plugin-model-delivery-common';

/*
 * Inputs and outputs the actions share, described once so the action registry
 * (/create/actions) documents them alike. Defaults are applied in the handlers: the
 * scaffolder validates inputs against the schema but does not fill in defaults.
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

/** The owner inputs of every action that labels what it applies for an entity. */
export const ownerInputs = {
  entityRef: entityRefInput,
  kubernetesId: kubernetesIdInput,
};

/** The inputs of every action that can wait for its resource. */
export const waitInputs = {
  waitForCompletion: waitForCompletionInput,
  timeoutSeconds: timeoutSecondsInput,
};

/** What every action outputs about the object it applied. */
export const appliedOutputs = {
  cluster: (z: Z) => z.string(),
  namespace: (z: Z) => z.string(),
  name: (z: Z) => z.string(),
  outcome: (z: Z) => z.enum(['created', 'updated', 'unchanged']),
  dryRun: (z: Z) => z.boolean(),
  changes: (z: Z) => z.array(z.string()),
};

/** The outputs of `applyOwnedResource` (ownedResourceSteps.ts), before the action's own. */
export const ownedResourceOutputs = {
  ...appliedOutputs,
  entityUrl: (z: Z) =>
    z.string().describe("The owner entity's Model delivery tab"),
  warnings: (z: Z) => z.array(z.string()),
  summary: (z: Z) => z.string(),
};

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

/** A string input or output, described for the action registry. */
export const describedString = (description: string) => (z: Z) =>
  z.string().describe(description);

/** An optional string input or output, described (with its default, if any). */
export const optionalDescribedString = (description: string) => (z: Z) =>
  z.string().optional().describe(description);
