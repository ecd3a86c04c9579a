import { InputValidationError } from '@model-delivery/plugin-model-delivery-common';
import yaml from 'yaml';
import {
  CHAT_ASSISTANT_REF,
  SECRET_PROVIDER_CLASS_TYPE,
  actionRunner,
  expectClusterRoleAdvice,
  expectNamespaceRoleAdvice,
  expectMissingNamespace,
  givenObjects,
  optedInNamespace,
  LEFT_OUT_NAMESPACE,
  useTestCluster,
} from '@model-delivery/test-kit';
import { createSecretManagerTokenAction } from './createSecretManagerTokenAction';

jest.setTimeout(60_000);

const NS = 'serving';

const INPUT = {
  cluster: 'local',
  namespace: NS,
  projectId: 'ml-platform-prod',
  readSecret: 'hf-read',
  writeSecret: 'hf-write',
  workloadServiceAccount: 'vllm',
  entityRef: CHAT_ASSISTANT_REF,
};

const cluster = useTestCluster({
  given: () => [...optedInNamespace(NS), ...optedInNamespace('dry')],
});

const { run } = actionRunner(() =>
  createSecretManagerTokenAction(cluster.options),
);

function readClass(name: string, ns = NS) {
  return cluster.get(SECRET_PROVIDER_CLASS_TYPE, name, ns);
}

function classNames() {
  return cluster.names(SECRET_PROVIDER_CLASS_TYPE);
}

describe('model-delivery:hf-token:secret-manager', () => {
  it('creates both SecretProviderClasses in the GKE provider format', async () => {
    const { error, outputs } = await run(INPUT);

    expect(error).toBeUndefined();
    const read = await readClass('huggingface-token-read');
    expect(read.spec.provider).toBe('gke');
    expect(yaml.parse(read.spec.parameters.secrets)).toEqual([
      {
        resourceName:
          'projects/ml-platform-prod/secrets/hf-read/versions/latest',
        path: 'token',
      },
      {
        resourceName:
          'projects/ml-platform-prod/secrets/hf-read/versions/latest',
        path: 'HUGGINGFACE_TOKEN',
      },
    ]);
    expect(read.metadata.labels).toEqual({
      'backstage.io/kubernetes-id': 'chat-assistant',
    });
    const write = await readClass('huggingface-token-write');
    expect(write.spec.parameters.secrets).toContain(
      'projects/ml-platform-prod/secrets/hf-write/versions/latest',
    );
    expect(outputs).toMatchObject({
      cluster: 'local',
      namespace: NS,
      secretProviderClasses: [
        'huggingface-token-read',
        'huggingface-token-write',
      ],
      outcome: 'created',
      outcomes: {
        'huggingface-token-read': 'created',
        'huggingface-token-write': 'created',
      },
      dryRun: false,
    });
  });

  it('outputs the volume, mount and env to add to a workload, as objects and as YAML', async () => {
    const { outputs } = await run(INPUT);

    const volume = {
      name: 'huggingface-token-read',
      csi: {
        driver: 'secrets-store-gke.csi.k8s.io',
        readOnly: true,
        volumeAttributes: { secretProviderClass: 'huggingface-token-read' },
      },
    };
    const volumeMount = {
      name: 'huggingface-token-read',
      mountPath: '/var/run/secrets/huggingface.co',
      readOnly: true,
    };
    const env = [
      { name: 'HF_TOKEN_PATH', value: '/var/run/secrets/huggingface.co/token' },
    ];
    expect(outputs).toMatchObject({ volume, volumeMount, env });
    expect(yaml.parse(outputs.snippet as string)).toEqual({
      serviceAccountName: 'vllm',
      volumes: [volume],
      containers: [
        { name: 'your-container', env, volumeMounts: [volumeMount] },
      ],
    });
    expect(outputs.iamCommands).toEqual([
      'gcloud secrets add-iam-policy-binding hf-read --project=ml-platform-prod --role=roles/secretmanager.secretAccessor --member=principal://iam.googleapis.com/projects/PROJECT_NUMBER/locations/global/workloadIdentityPools/ml-platform-prod.svc.id.goog/subject/ns/serving/sa/vllm',
      'gcloud secrets add-iam-policy-binding hf-write --project=ml-platform-prod --role=roles/secretmanager.secretAccessor --member=principal://iam.googleapis.com/projects/PROJECT_NUMBER/locations/global/workloadIdentityPools/ml-platform-prod.svc.id.goog/subject/ns/serving/sa/vllm',
    ]);
    expect(outputs.iamNote).toContain(
      'Grant that principal roles/secretmanager.secretAccessor on each secret',
    );
  });

  it('changes nothing when run again, and updates a changed secret', async () => {
    const again = await run(INPUT);
    const changed = await run({ ...INPUT, readSecret: 'hf-read-v2' });

    expect(again.outputs.outcome).toBe('unchanged');
    expect(changed.outputs.outcomes).toEqual({
      'huggingface-token-read': 'updated',
      'huggingface-token-write': 'unchanged',
    });
    expect(changed.outputs.outcome).toBe('updated');
    expect(changed.outputs.changes).toEqual([
      expect.stringMatching(
        /^huggingface-token-read: spec\.parameters\.secrets: "- resourceName: \\"projects\/ml-platform-prod\/secrets\/hf-read\/versions\/latest\\"\\n.* → "- resourceName: \\"projects\/ml-platform-prod\/secrets\/hf-read-v2\/versions\/latest\\"\\n/,
      ),
    ]);
  });

  it('creates only the read class without a write secret', async () => {
    const { error, outputs } = await run({
      ...INPUT,
      namespace: 'dry',
      writeSecret: '',
    });

    expect(error).toBeUndefined();
    expect(outputs.secretProviderClasses).toEqual(['huggingface-token-read']);
    await expect(
      readClass('huggingface-token-write', 'dry'),
    ).resolves.toBeUndefined();
  });

  it('persists nothing in a dry run', async () => {
    await givenObjects(cluster.admin, ...optedInNamespace('dry-run'));

    const { error, outputs } = await run(
      { ...INPUT, namespace: 'dry-run' },
      { dryRun: true },
    );

    expect(error).toBeUndefined();
    expect(outputs).toMatchObject({ outcome: 'created', dryRun: true });
    await expect(
      readClass('huggingface-token-read', 'dry-run'),
    ).resolves.toBeUndefined();
  });

  describe('rejects invalid input, naming the field and applying nothing', () => {
    const cases: Array<[string, object, RegExp]> = [
      [
        'projectId',
        { projectId: 'My Project' },
        /not a Google Cloud project id/,
      ],
      [
        'readSecret',
        { readSecret: 'hf/read' },
        /not a valid Secret Manager secret name/,
      ],
      [
        'writeSecret',
        { writeSecret: 'hf write' },
        /not a valid Secret Manager secret name/,
      ],
      [
        'workloadServiceAccount',
        { workloadServiceAccount: 'VLLM' },
        /service account name/,
      ],
      [
        'namespace',
        { namespace: 'Serving' },
        /not a valid Kubernetes namespace/,
      ],
    ];

    it.each(cases)('%s', async (field, change, message) => {
      const before = await classNames();

      const { error } = await run({ ...INPUT, namespace: 'dry', ...change });

      expect(error).toBeInstanceOf(InputValidationError);
      expect((error as InputValidationError).issues).toContainEqual({
        field,
        message: expect.stringMatching(message),
      });
      await expect(classNames()).resolves.toEqual(before);
    });
  });

  it('names a missing namespace', () => expectMissingNamespace(run, INPUT));

  it('names the namespace and the Role to bind where the namespace is not opted in, and applies nothing', async () => {
    await expectNamespaceRoleAdvice(run, INPUT);
    await expect(
      readClass('huggingface-token-read', LEFT_OUT_NAMESPACE),
    ).resolves.toBeUndefined();
  });

  it('turns a 403 into the ClusterRole to grant', () =>
    expectClusterRoleAdvice(run, INPUT));
});
