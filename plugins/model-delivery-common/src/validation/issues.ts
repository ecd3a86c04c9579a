/**
 * One problem with an input: which field, and which rule it breaks.
 *
 * @public
 */
export interface ValidationIssue {
  /** Path of the field as the template user knows it, e.g. `models[1].name`. */
  field: string;
  /** The rule broken and, where it helps, how to fix it. Never contains secret values. */
  message: string;
}

/** @public */
export function formatIssues(issues: ReadonlyArray<ValidationIssue>): string {
  return issues.map(i => `${i.field}: ${i.message}`).join('\n');
}

/**
 * Thrown before anything is applied when the input breaks a rule.
 *
 * @public
 */
export class InputValidationError extends Error {
  readonly issues: ValidationIssue[];

  constructor(issues: ValidationIssue[]) {
    super(
      `Invalid input (${issues.length} problem${
        issues.length === 1 ? '' : 's'
      }), nothing was applied:\n${formatIssues(issues)}`,
    );
    this.name = 'InputValidationError';
    this.issues = issues;
  }
}

/** Throws {@link InputValidationError} when there are issues. @public */
export function assertValid(issues: ValidationIssue[]): void {
  if (issues.length > 0) throw new InputValidationError(issues);
}
