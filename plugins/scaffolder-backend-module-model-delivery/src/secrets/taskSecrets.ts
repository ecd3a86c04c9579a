import { TaskSecrets } from '@backstage/plugin-scaffolder-node';
import { ValidationIssue } from '@model-delivery/plugin-model-delivery-common';

/**
 * Values a template collected with a secret form field (`ui:field: Secret`). The
 * scaffolder keeps them out of the task's parameters and logs and hands them to actions
 * as `ctx.secrets`, keyed by the form field's name; inputs only name that key.
 */
export type SecretValues = Record<string, string>;

/** One Secret key to fill from a task secret. */
export interface TaskSecretRef {
  /** The key in the Kubernetes Secret, e.g. `token`. */
  key: string;
  /** The action input that named `key`, when an input names it (it is then validated). */
  keyField?: string;
  /** The key of `ctx.secrets` holding the value, e.g. `hfToken`. */
  taskSecret: string;
  /** The action input that named `taskSecret`, for messages. */
  field: string;
}

/**
 * Reads the values, trimmed (a pasted token's newline would make it invalid). Problems
 * name the input and the missing task secret, never a value.
 */
export function readTaskSecrets(
  secrets: TaskSecrets | undefined,
  refs: TaskSecretRef[],
): { values: SecretValues; issues: ValidationIssue[] } {
  const values: SecretValues = {};
  const issues: ValidationIssue[] = [];
  for (const ref of refs) {
    const value = secrets?.[ref.taskSecret];
    if (typeof value !== 'string' || value.trim() === '') {
      issues.push({
        field: ref.field,
        message: `the task has no secret '${ref.taskSecret}' (or it is empty): the template must collect it in its parameters with a field named ${ref.taskSecret} using ui:field: Secret, whose value the scaffolder passes to actions as a task secret`,
      });
    } else {
      values[ref.key] = value.trim();
    }
  }
  return { values, issues };
}
