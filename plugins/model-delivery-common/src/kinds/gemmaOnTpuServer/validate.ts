import { ValidationIssue } from '../../validation/issues';
import {
  checkDnsLabel,
  checkDnsSubdomain,
} from '../../validation/kubernetesNames';
import { gemmaChildNames } from './childNames';

const IAM_ACCOUNT_ID_MAX = 30;
// A Service name (DNS-1035): it must start with a letter.
const DNS1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

type Loose = Record<string, unknown>;

/**
 * Rules for a GemmaOnTPUServer: Kubernetes names, and the limits the RGD's child names put
 * on the instance name (a Service, an IAM service account id of at most 30 characters).
 *
 * @public
 */
export function validateGemmaOnTPUServerInput(
  input: unknown,
): ValidationIssue[] {
  const v = (input ?? {}) as Loose;
  const issues: ValidationIssue[] = [
    ...checkDnsLabel('namespace', v.namespace, 'namespace'),
  ];

  const nameIssues = checkDnsLabel('name', v.name, 'instance name');
  issues.push(...nameIssues);
  if (nameIssues.length === 0) {
    const name = v.name as string;
    const { iamServiceAccount } = gemmaChildNames(name);
    if (!DNS1035.test(name)) {
      issues.push({
        field: 'name',
        message: `'${name}' must start with a letter: the RGD names a Service after the instance`,
      });
    } else if (iamServiceAccount.length > IAM_ACCOUNT_ID_MAX) {
      issues.push({
        field: 'name',
        message: `'${name}' is ${
          name.length
        } characters; the RGD creates the Google service account '${iamServiceAccount}', whose id has at most ${IAM_ACCOUNT_ID_MAX} characters, so use at most ${
          IAM_ACCOUNT_ID_MAX - (iamServiceAccount.length - name.length)
        }`,
      });
    }
  }

  if (v.replicas !== undefined && v.replicas !== null) {
    if (
      typeof v.replicas !== 'number' ||
      !Number.isInteger(v.replicas) ||
      v.replicas < 1
    ) {
      issues.push({
        field: 'replicas',
        message: `must be a whole number of at least 1, got ${JSON.stringify(
          v.replicas,
        )}`,
      });
    }
  }
  if (
    v.kaggleSecret !== undefined &&
    v.kaggleSecret !== null &&
    v.kaggleSecret !== ''
  ) {
    issues.push(
      ...checkDnsSubdomain('kaggleSecret', v.kaggleSecret, 'Secret name'),
    );
  }
  return issues;
}
