/*
 * GKE: Hugging Face tokens read from Google Secret Manager through the Secrets Store CSI
 * driver, as GoogleCloudPlatform/accelerated-platforms wires them
 * (platforms/gke/base/core/huggingface/initialize): two SecretProviderClasses, each mapping
 * a Secret Manager secret's latest version to the files `token` and `HUGGINGFACE_TOKEN`,
 * mounted read-only at /var/run/secrets/huggingface.co with HF_TOKEN_PATH pointing at
 * the `token` file. Defined once here: the scaffolder action applies these objects and
 * hands the workload snippet to the template user.
 */
import { KubeObject } from '../kubernetesObjects';
import { ResourceOwner, ownerMetadata } from '../kinds/ownership';
import { ValidationIssue } from '../validation/issues';
import {
  checkDnsLabel,
  checkDnsSubdomain,
} from '../validation/kubernetesNames';

/** @public */
export const SECRET_PROVIDER_CLASS_API_VERSION =
  'secrets-store.csi.x-k8s.io/v1';

/** The CRD the Secrets Store CSI driver installs; served only where the driver runs. @public */
export const SECRET_PROVIDER_CLASS_CRD =
  'secretproviderclasses.secrets-store.csi.x-k8s.io';

/** The GKE Secret Manager add-on's CSI driver. @public */
export const GKE_SECRETS_STORE_CSI_DRIVER = 'secrets-store-gke.csi.k8s.io';

/** The SecretProviderClass names workloads refer to, one per token kind. @public */
export const HUGGINGFACE_TOKEN_SECRET_PROVIDER_CLASSES = {
  read: 'huggingface-token-read',
  write: 'huggingface-token-write',
} as const;

/** Where workloads mount the token files. @public */
export const HUGGINGFACE_TOKEN_MOUNT_PATH = '/var/run/secrets/huggingface.co';

/**
 * The files each SecretProviderClass writes, all with the same token: `token` (what
 * HF_TOKEN_PATH points at) and `HUGGINGFACE_TOKEN` (for images that read that name).
 *
 * @public
 */
export const HUGGINGFACE_TOKEN_FILES = ['token', 'HUGGINGFACE_TOKEN'] as const;

/** The role the workload's Kubernetes service account needs on each secret. @public */
export const SECRET_MANAGER_ACCESSOR_ROLE =
  'roles/secretmanager.secretAccessor';

/** @public */
export type HuggingFaceTokenAccess =
  keyof typeof HUGGINGFACE_TOKEN_SECRET_PROVIDER_CLASSES;

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

/** A SecretProviderClass of the GKE provider. @public */
export interface SecretProviderClass extends KubeObject {
  apiVersion: typeof SECRET_PROVIDER_CLASS_API_VERSION;
  kind: 'SecretProviderClass';
  spec: { provider: 'gke'; parameters: { secrets: string } };
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

/** `projects/<project>/secrets/<secret>/versions/latest`. @public */
export function secretManagerSecretVersion(
  projectId: string,
  secret: string,
): string {
  return `projects/${projectId}/secrets/${secret}/versions/latest`;
}

/**
 * The GKE provider's `parameters.secrets`: a YAML list (as a string) of
 * `{ resourceName, path }`, one entry per file. Validation keeps both values to
 * characters that need no YAML escaping beyond the quotes.
 */
function secretsParameter(resourceName: string): string {
  return HUGGINGFACE_TOKEN_FILES.map(
    file =>
      `- resourceName: ${JSON.stringify(
        resourceName,
      )}\n  path: ${JSON.stringify(file)}\n`,
  ).join('');
}

/**
 * The SecretProviderClasses to apply for a validated input: `huggingface-token-read`,
 * and `huggingface-token-write` when a write secret is given.
 *
 * @public
 */
export function huggingFaceTokenSecretProviderClasses(
  input: SecretManagerTokenInput,
  owner?: ResourceOwner,
): SecretProviderClass[] {
  const secrets: Array<[HuggingFaceTokenAccess, string | undefined]> = [
    ['read', input.readSecret],
    ['write', input.writeSecret || undefined],
  ];
  return secrets
    .filter((entry): entry is [HuggingFaceTokenAccess, string] => !!entry[1])
    .map(([access, secret]) => ({
      apiVersion: SECRET_PROVIDER_CLASS_API_VERSION,
      kind: 'SecretProviderClass',
      metadata: {
        name: HUGGINGFACE_TOKEN_SECRET_PROVIDER_CLASSES[access],
        namespace: input.namespace,
        ...ownerMetadata(owner),
      },
      spec: {
        provider: 'gke',
        parameters: {
          secrets: secretsParameter(
            secretManagerSecretVersion(input.projectId, secret),
          ),
        },
      },
    }));
}

/**
 * What a workload adds to use a token: the CSI volume, its read-only mount, and
 * HF_TOKEN_PATH. `huggingface_hub` reads the token from that file.
 *
 * @public
 */
export function huggingFaceTokenWorkloadWiring(
  access: HuggingFaceTokenAccess = 'read',
) {
  const volumeName = `huggingface-token-${access}`;
  return {
    volume: {
      name: volumeName,
      csi: {
        driver: GKE_SECRETS_STORE_CSI_DRIVER,
        readOnly: true,
        volumeAttributes: {
          secretProviderClass:
            HUGGINGFACE_TOKEN_SECRET_PROVIDER_CLASSES[access],
        },
      },
    },
    volumeMount: {
      name: volumeName,
      mountPath: HUGGINGFACE_TOKEN_MOUNT_PATH,
      readOnly: true,
    },
    env: [
      {
        name: 'HF_TOKEN_PATH',
        value: `${HUGGINGFACE_TOKEN_MOUNT_PATH}/${HUGGINGFACE_TOKEN_FILES[0]}`,
      },
    ],
  };
}

/**
 * The IAM grant the CSI driver needs: the workload's Kubernetes service account, through
 * its Workload Identity Federation principal, may access each secret. The principal names
 * the cluster's project number, which the suite cannot know: it stays a placeholder.
 *
 * @public
 */
export function secretManagerAccessGrants(input: SecretManagerTokenInput): {
  role: string;
  member: string;
  commands: string[];
} {
  const serviceAccount = input.workloadServiceAccount || 'default';
  const member = `principal://iam.googleapis.com/projects/PROJECT_NUMBER/locations/global/workloadIdentityPools/${input.projectId}.svc.id.goog/subject/ns/${input.namespace}/sa/${serviceAccount}`;
  const secrets = [input.readSecret, input.writeSecret].filter(
    (s): s is string => !!s,
  );
  return {
    role: SECRET_MANAGER_ACCESSOR_ROLE,
    member,
    commands: secrets.map(
      secret =>
        `gcloud secrets add-iam-policy-binding ${secret} --project=${input.projectId} --role=${SECRET_MANAGER_ACCESSOR_ROLE} --member=${member}`,
    ),
  };
}
