/*
 * GKE: Hugging Face tokens read from Google Secret Manager through the Secrets Store CSI
 * driver, as GoogleCloudPlatform/accelerated-platforms wires them
 * (platforms/gke/base/core/huggingface/initialize): two SecretProviderClasses, each mapping
 * a Secret Manager secret's latest version to the files `token` and `HUGGINGFACE_TOKEN`,
 * mounted read-only at /var/run/secrets/huggingface.co with HF_TOKEN_PATH pointing at
 * the `token` file. Defined once here, for the action that applies these objects and
 * hands the workload snippet to the template user; its input's rules are common's
 * `validateSecretManagerTokenInput`, which the template form checks with too.
 */
import {
  KubeObject,
  ResourceOwner,
  SecretManagerTokenInput,
  ownerMetadata,
} from '@model-delivery/plugin-model-delivery-common';

/** */
export const SECRET_PROVIDER_CLASS_API_VERSION =
  'secrets-store.csi.x-k8s.io/v1';

/** The CRD the Secrets Store CSI driver installs; served only where the driver runs. */
export const SECRET_PROVIDER_CLASS_CRD =
  'secretproviderclasses.secrets-store.csi.x-k8s.io';

/** The GKE Secret Manager add-on's CSI driver. */
export const GKE_SECRETS_STORE_CSI_DRIVER = 'secrets-store-gke.csi.k8s.io';

/** The SecretProviderClass names workloads refer to, one per token kind. */
export const HUGGINGFACE_TOKEN_SECRET_PROVIDER_CLASSES = {
  read: 'huggingface-token-read',
  write: 'huggingface-token-write',
} as const;

/** Where workloads mount the token files. */
export const HUGGINGFACE_TOKEN_MOUNT_PATH = '/var/run/secrets/huggingface.co';

/**
 * The files each SecretProviderClass writes, all with the same token: `token` (what
 * HF_TOKEN_PATH points at) and `HUGGINGFACE_TOKEN` (for images that read that name).
 */
export const HUGGINGFACE_TOKEN_FILES = ['token', 'HUGGINGFACE_TOKEN'] as const;

/** The role the workload's Kubernetes service account needs on each secret. */
export const SECRET_MANAGER_ACCESSOR_ROLE =
  'roles/secretmanager.secretAccessor';

/** */
export type HuggingFaceTokenAccess =
  keyof typeof HUGGINGFACE_TOKEN_SECRET_PROVIDER_CLASSES;

/** A SecretProviderClass of the GKE provider. */
export interface SecretProviderClass extends KubeObject {
  apiVersion: typeof SECRET_PROVIDER_CLASS_API_VERSION;
  kind: 'SecretProviderClass';
  spec: { provider: 'gke'; parameters: { secrets: string } };
}

/** `projects/<project>/secrets/<secret>/versions/latest`. */
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
