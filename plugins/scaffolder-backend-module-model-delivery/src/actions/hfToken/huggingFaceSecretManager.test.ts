import { validateSecretManagerTokenInput } from '@model-delivery/plugin-model-delivery-common';
import {
  huggingFaceTokenSecretProviderClasses,
  huggingFaceTokenWorkloadWiring,
  secretManagerAccessGrants,
} from './huggingFaceSecretManager';

const INPUT = {
  namespace: 'serving',
  projectId: 'ml-platform-prod',
  readSecret: 'hf-read',
  writeSecret: 'hf-write',
};

describe('huggingFaceTokenSecretProviderClasses', () => {
  it('maps each secret to the files token and HUGGINGFACE_TOKEN, in the GKE provider format', () => {
    const [read, write] = huggingFaceTokenSecretProviderClasses(INPUT, {
      kubernetesId: 'chat',
    });

    expect(read).toEqual({
      apiVersion: 'secrets-store.csi.x-k8s.io/v1',
      kind: 'SecretProviderClass',
      metadata: {
        name: 'huggingface-token-read',
        namespace: 'serving',
        labels: { 'backstage.io/kubernetes-id': 'chat' },
      },
      spec: {
        provider: 'gke',
        parameters: {
          secrets:
            '- resourceName: "projects/ml-platform-prod/secrets/hf-read/versions/latest"\n' +
            '  path: "token"\n' +
            '- resourceName: "projects/ml-platform-prod/secrets/hf-read/versions/latest"\n' +
            '  path: "HUGGINGFACE_TOKEN"\n',
        },
      },
    });
    expect(write.metadata?.name).toBe('huggingface-token-write');
    expect(write.spec.parameters.secrets).toContain(
      'projects/ml-platform-prod/secrets/hf-write/versions/latest',
    );
  });

  it('creates only the read class without a write secret', () => {
    const classes = huggingFaceTokenSecretProviderClasses({
      ...INPUT,
      writeSecret: '',
    });
    expect(classes.map(c => c.metadata?.name)).toEqual([
      'huggingface-token-read',
    ]);
  });
});

describe('huggingFaceTokenWorkloadWiring', () => {
  it('mounts the read class read-only where HF_TOKEN_PATH points', () => {
    expect(huggingFaceTokenWorkloadWiring()).toEqual({
      volume: {
        name: 'huggingface-token-read',
        csi: {
          driver: 'secrets-store-gke.csi.k8s.io',
          readOnly: true,
          volumeAttributes: { secretProviderClass: 'huggingface-token-read' },
        },
      },
      volumeMount: {
        name: 'huggingface-token-read',
        mountPath: '/var/run/secrets/huggingface.co',
        readOnly: true,
      },
      env: [
        {
          name: 'HF_TOKEN_PATH',
          value: '/var/run/secrets/huggingface.co/token',
        },
      ],
    });
  });
});

describe('secretManagerAccessGrants', () => {
  it('grants the secret accessor role to the workload service account principal on each secret', () => {
    const grants = secretManagerAccessGrants({
      ...INPUT,
      workloadServiceAccount: 'vllm',
    });
    expect(grants.role).toBe('roles/secretmanager.secretAccessor');
    expect(grants.member).toBe(
      'principal://iam.googleapis.com/projects/PROJECT_NUMBER/locations/global/workloadIdentityPools/ml-platform-prod.svc.id.goog/subject/ns/serving/sa/vllm',
    );
    expect(grants.commands).toHaveLength(2);
    expect(grants.commands[0]).toContain(
      'gcloud secrets add-iam-policy-binding hf-read --project=ml-platform-prod',
    );
  });
});

describe('validateSecretManagerTokenInput', () => {
  it('accepts a valid input, with a project id or number', () => {
    expect(validateSecretManagerTokenInput(INPUT)).toEqual([]);
    expect(
      validateSecretManagerTokenInput({ ...INPUT, projectId: '123456789012' }),
    ).toEqual([]);
  });

  it('names each invalid field', () => {
    const issues = validateSecretManagerTokenInput({
      namespace: 'Bad_NS',
      projectId: 'x',
      readSecret: 'has spaces',
      writeSecret: 'a/b',
      workloadServiceAccount: 'Not_Valid',
    });
    expect(issues.map(i => i.field)).toEqual([
      'namespace',
      'projectId',
      'readSecret',
      'writeSecret',
      'workloadServiceAccount',
    ]);
  });

  it('requires the project and the read secret', () => {
    expect(
      validateSecretManagerTokenInput({ namespace: 'serving' }).map(
        i => i.field,
      ),
    ).toEqual(['projectId', 'readSecret']);
  });
});
