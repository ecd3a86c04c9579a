import { CustomErrorBase } from '@backstage/errors';

/**
 * Something the cluster must have before the resource can work is missing. Raised before
 * anything is applied; the message lists every problem found and what to do about it.
 */
export class PreconditionError extends CustomErrorBase {
  name = 'PreconditionError' as const;
  readonly problems: string[];

  constructor(subject: string, problems: string[]) {
    super(
      `Cannot apply ${subject}; nothing was applied:\n${problems
        .map(p => `- ${p}`)
        .join('\n')}`,
    );
    this.problems = problems;
  }
}

/** A check: resolves to a problem, or undefined when all is well. */
export type PreconditionCheck = () => Promise<string | undefined>;

/** Runs checks side by side and returns the problems they found, in order. */
export async function findProblems(
  ...checks: PreconditionCheck[]
): Promise<string[]> {
  const results = await Promise.all(checks.map(check => check()));
  return results.filter((p): p is string => !!p);
}

/** Throws a {@link PreconditionError} listing `problems`, if any. */
export function assertNoProblems(subject: string, problems: string[]): void {
  if (problems.length > 0) throw new PreconditionError(subject, problems);
}
