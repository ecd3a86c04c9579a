import { Condition } from '../kubernetesObjects';

/** `True (Reason): message`, a condition as a fact shows it. @public */
export function describeCondition(c: Condition): string {
  return `${c.status}${c.reason ? ` (${c.reason})` : ''}${
    c.message ? `: ${c.message}` : ''
  }`;
}

/**
 * The condition that best explains a problem: `Ready` when it is not True and says why,
 * else the first False condition (the one `Ready` summarises), else `Ready` itself.
 *
 * @public
 */
export function explainingCondition(
  conditions: ReadonlyArray<Condition>,
): Condition | undefined {
  const ready = conditions.find(c => c.type === 'Ready');
  if (ready && ready.status !== 'True' && (ready.reason || ready.message)) {
    return ready;
  }
  return (
    conditions.find(c => c.type !== 'Ready' && c.status === 'False') ??
    (ready?.status !== 'True' ? ready : undefined)
  );
}

/** `Reason: message`, or `Type is Status` when the condition says no more. @public */
export function conditionText(c: Condition | undefined): string | undefined {
  if (!c) return undefined;
  return (
    [c.reason, c.message].filter(Boolean).join(': ') ||
    `${c.type} is ${c.status}`
  );
}
