import { ValidationIssue } from './issues';
import { checkDnsLabel, checkDnsSubdomain } from './kubernetesNames';

/*
 * The input of the GKE wiring of Hugging Face tokens through Google Secret Manager (the
 * scaffolder action `model-delivery:hf-token:secret-manager` makes the objects): its
 * rules, shared by the action and the template form.
 */

/** What the "Hugging Face token from Secret Manager" template collects. @public */
export interface SecretManagerTokenInput {
  /** The workload namespace the SecretProviderClasses go to. */
  namespace: string;
  /** The Google Cloud project holding the secrets (id or number). */
  projectId: string;
  /** Secret Manager secret holding the read token. */
  readSecret: string;
  /** Secret Manager secret holding the write token, if workloads upload. */
  writeSecret?: string;
  /** The Kubernetes service account the workload runs as, for the IAM grant. Default `default`. */
  workloadServiceAccount?: string;
}

// Google Cloud's rules: a project id is 6 to 30 lowercase letters, digits and hyphens,
// starting with a letter and not ending with a hyphen; a project number is digits. A
// Secret Manager secret id is 1 to 255 letters, digits, '_' and '-'.
const PROJECT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const PROJECT_NUMBER = /^[1-9][0-9]{0,19}$/;
const SECRET_ID = /^[A-Za-z0-9_-]{1,255}$/;

function checkSecretId(field: string, value: unknown): ValidationIssue[] {
  if (typeof value !== 'string' || value.length === 0) {
    return [{ field, message: 'a Secret Manager secret name is required' }];
  }
  if (!SECRET_ID.test(value)) {
    return [
      {
        field,
        message: `'${value}' is not a valid Secret Manager secret name: use 1 to 255 letters, digits, '_' and '-'`,
      },
    ];
  }
  return [];
}

/**
 * Rules for the token wiring: Kubernetes names, and Google Cloud's for the project and the
 * secrets (they end up in resource names the CSI driver resolves).
 *
 * @public
 */
export function validateSecretManagerTokenInput(
  input: unknown,
): ValidationIssue[] {
  const v = (input ?? {}) as Record<string, unknown>;
  const issues: ValidationIssue[] = [
    ...checkDnsLabel('namespace', v.namespace, 'namespace'),
  ];
  if (typeof v.projectId !== 'string' || v.projectId.length === 0) {
    issues.push({
      field: 'projectId',
      message: 'the Google Cloud project holding the secrets is required',
    });
  } else if (
    !PROJECT_ID.test(v.projectId) &&
    !PROJECT_NUMBER.test(v.projectId)
  ) {
    issues.push({
      field: 'projectId',
      message: `'${v.projectId}' is not a Google Cloud project id (6 to 30 lowercase letters, digits and '-', starting with a letter) or project number`,
    });
  }
  issues.push(...checkSecretId('readSecret', v.readSecret));
  if (
    v.writeSecret !== undefined &&
    v.writeSecret !== null &&
    v.writeSecret !== ''
  ) {
    issues.push(...checkSecretId('writeSecret', v.writeSecret));
  }
  if (
    v.workloadServiceAccount !== undefined &&
    v.workloadServiceAccount !== null &&
    v.workloadServiceAccount !== ''
  ) {
    issues.push(
      ...checkDnsSubdomain(
        'workloadServiceAccount',
        v.workloadServiceAccount,
        'service account name',
      ),
    );
  }
  return issues;
}
