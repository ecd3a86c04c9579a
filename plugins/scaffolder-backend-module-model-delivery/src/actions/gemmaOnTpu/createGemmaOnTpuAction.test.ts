import {
  InputValidationError,
  gemmaOnTPUServerKind,
} from '@model-delivery/plugin-model-delivery-common';
import {
  CHAT_ASSISTANT_REF,
  actionRunner,
  expectClusterRoleAdvice,
  expectNamespaceRoleAdvice,
  expectMissingNamespace,
  gemmaRgd,
  givenObjects,
  kroStatus,
  optedInNamespace,
  playKro,
  secret,
  LEFT_OUT_NAMESPACE,
  useTestCluster,
} from '@model-delivery/test-kit';
import { createGemmaOnTpuAction } from './createGemmaOnTpuAction';

jest.setTimeout(60_000);

const NS = 'gemma';
const KAGGLE_KEY = 'kaggle-api-key-0123456789abcdef';

const INPUT = {
  cluster: 'local',
  namespace: NS,
  name: 'gemma-chat',
  replicas: 2,
  kaggleSecret: 'kaggle-credentials',
  entityRef: CHAT_ASSISTANT_REF,
};

const cluster = useTestCluster({
  given: () => [
    ...optedInNamespace(NS),
    secret(NS, 'kaggle-credentials', {
      username: 'gemma-fan',
      key: KAGGLE_KEY,
    }),
    secret(NS, 'only-username', { username: 'gemma-fan' }),
  ],
});

const { run, shown } = actionRunner(() =>
  createGemmaOnTpuAction(cluster.options),
);

function readInstance(name: string) {
  return cluster.get(gemmaOnTPUServerKind.resource, name, NS);
}

function instanceNames() {
  return cluster.names(gemmaOnTPUServerKind.resource);
}

describe('model-delivery:gemma-on-tpu:create', () => {
  describe('before the platform admin installed the Gemma API', () => {
    it('says the ResourceGraphDefinition is not installed, and how to install it', async () => {
      const { error } = await run(INPUT);

      expect(error?.name).toBe('PreconditionError');
      expect(error?.message).toBe(
        "Cannot apply GemmaOnTPUServer gemma/gemma-chat in cluster 'local'; nothing was applied:\n" +
          "- The ResourceGraphDefinition gemmaontpuserver.kro.run does not exist in cluster 'local': the platform admin has not installed the Gemma on TPU API there: they install it once with `kubectl apply -f manifests/kro/gemma-on-tpu-rgd.yaml` (its header lists what it needs: kro and Config Connector) and check that `kubectl get rgd gemmaontpuserver.kro.run` shows Active",
      );
      await expect(readInstance('gemma-chat')).resolves.toBeUndefined();
    });

    it('says an Inactive ResourceGraphDefinition cannot serve instances, with its conditions', async () => {
      await givenObjects(
        cluster.admin,
        gemmaRgd({
          state: 'Inactive',
          conditions: [
            {
              type: 'ResourceGraphAccepted',
              status: 'False',
              reason: 'InvalidResourceGraph',
              message: 'resource storageBucket: unknown kind StorageBucket',
              lastTransitionTime: '2026-11-21T09:00:00Z',
            },
          ],
        }),
      );

      const { error } = await run(INPUT);

      expect(error?.name).toBe('PreconditionError');
      expect(error?.message).toContain(
        "- The ResourceGraphDefinition gemmaontpuserver.kro.run in cluster 'local' is 'Inactive', not Active (ResourceGraphAccepted: InvalidResourceGraph: resource storageBucket: unknown kind StorageBucket): kro serves GemmaOnTPUServer only from an Active definition",
      );
      await expect(readInstance('gemma-chat')).resolves.toBeUndefined();
    });
  });

  describe('with the Gemma API installed', () => {
    beforeAll(async () => {
      await givenObjects(
        cluster.admin,
        gemmaRgd({ state: 'Active', conditions: [] }),
      );
    });

    it('creates the instance with kaggleSecret spelled right, labelled for its owner', async () => {
      const { error, outputs, lines } = await run(INPUT);

      expect(error).toBeUndefined();
      const created = await readInstance('gemma-chat');
      expect(created.spec).toEqual({
        replicas: 2,
        kaggleSecret: 'kaggle-credentials',
      });
      expect(created.metadata.labels).toEqual({
        'backstage.io/kubernetes-id': 'chat-assistant',
      });
      expect(outputs).toMatchObject({
        cluster: 'local',
        namespace: NS,
        name: 'gemma-chat',
        outcome: 'created',
        dryRun: false,
        serviceName: 'gemma-chat',
        loaderJobName: 'gemma-chat-loader',
        entityUrl:
          'http://backstage.test/catalog/default/component/chat-assistant/model-delivery',
        warnings: [],
      });
      expect(lines).toContain(
        "info: Created GemmaOnTPUServer gemma/gemma-chat in cluster 'local'",
      );
    });

    it('changes nothing when the same task runs again', async () => {
      const { error, outputs } = await run(INPUT);

      expect(error).toBeUndefined();
      expect(outputs.outcome).toBe('unchanged');
    });

    it('updates a changed spec, saying which fields changed', async () => {
      const { error, outputs } = await run({ ...INPUT, replicas: 3 });

      expect(error).toBeUndefined();
      expect(outputs.outcome).toBe('updated');
      expect(outputs.changes).toEqual(['spec.replicas: 2 → 3']);
      expect((await readInstance('gemma-chat')).spec.replicas).toBe(3);
    });

    it('writes the default Kaggle Secret name and one replica when left out', async () => {
      const { error } = await run({
        cluster: 'local',
        namespace: NS,
        name: 'gemma-defaults',
        entityRef: CHAT_ASSISTANT_REF,
        kaggleSecret: '',
      });

      expect(error).toBeUndefined();
      expect((await readInstance('gemma-defaults')).spec).toEqual({
        replicas: 1,
        kaggleSecret: 'kaggle-credentials',
      });
    });

    it('persists nothing in a dry run', async () => {
      const { error, outputs } = await run(
        { ...INPUT, name: 'gemma-dry' },
        { dryRun: true },
      );

      expect(error).toBeUndefined();
      expect(outputs).toMatchObject({ outcome: 'created', dryRun: true });
      await expect(readInstance('gemma-dry')).resolves.toBeUndefined();
    });

    it('accepts a Kaggle Secret an earlier step creates, only in a dry run', async () => {
      const input = {
        ...INPUT,
        name: 'gemma-new-kaggle',
        kaggleSecret: 'from-earlier-step',
        kaggleSecretFromEarlierStep: true,
      };

      const dry = await run(input, { dryRun: true });
      const real = await run(input);

      expect(dry.error).toBeUndefined();
      expect(real.error?.message).toContain(
        "Secret 'from-earlier-step' does not exist in namespace 'gemma'",
      );
    });

    describe('rejects invalid input, naming the field and applying nothing', () => {
      const cases: Array<[string, object, RegExp]> = [
        ['name', { name: '1gemma' }, /must start with a letter/],
        [
          'name',
          { name: 'a-very-long-gemma-instance-name' },
          /at most 30 characters/,
        ],
        [
          'namespace',
          { namespace: 'Gemma' },
          /not a valid Kubernetes namespace/,
        ],
        ['replicas', { replicas: 0 }, /at least 1/],
        ['kaggleSecret', { kaggleSecret: 'Kaggle Secret' }, /Secret name/],
        ['entityRef', { entityRef: 'component:' }, /not an entity reference/],
        ['timeoutSeconds', { timeoutSeconds: 1.5 }, /whole number of seconds/],
      ];

      it.each(cases)('%s (%#)', async (field, change, message) => {
        const before = await instanceNames();

        const { error } = await run({ ...INPUT, ...change });

        expect(error).toBeInstanceOf(InputValidationError);
        expect((error as InputValidationError).issues).toContainEqual({
          field,
          message: expect.stringMatching(message),
        });
        await expect(instanceNames()).resolves.toEqual(before);
      });
    });

    it('names a missing Kaggle Secret key', async () => {
      const { error } = await run({
        ...INPUT,
        name: 'gemma-bad-kaggle',
        kaggleSecret: 'only-username',
      });

      expect(error?.message).toContain(
        "- Secret 'only-username' in namespace 'gemma' has no key 'key' (its keys: 'username'): the loader Job reads the Kaggle credentials from it",
      );
      await expect(readInstance('gemma-bad-kaggle')).resolves.toBeUndefined();
    });

    it('names a missing namespace', () => expectMissingNamespace(run, INPUT));

    it('names the namespace and the Role to bind where the namespace is not opted in, and applies nothing', async () => {
      await expectNamespaceRoleAdvice(run, INPUT);
      await expect(
        cluster.get(
          gemmaOnTPUServerKind.resource,
          INPUT.name,
          LEFT_OUT_NAMESPACE,
        ),
      ).resolves.toBeUndefined();
    });

    it('turns a 403 into the ClusterRole to grant', () =>
      expectClusterRoleAdvice(run, INPUT));

    describe('waiting for completion', () => {
      it('succeeds once kro reports the instance ACTIVE and Ready', async () => {
        const name = 'gemma-ready';
        const task = run({
          ...INPUT,
          name,
          waitForCompletion: true,
          timeoutSeconds: 30,
        });
        await playKro(cluster.admin, NS, name, {
          status: kroStatus.activeAndReady(),
        });

        const { error, lines } = await task;

        expect(error).toBeUndefined();
        expect(lines).toContain(
          `info: Every instance of GemmaOnTPUServer gemma/${name} in cluster 'local' completed: ${name}`,
        );
      });

      it("fails with the loader Job's reason when it fails", async () => {
        const name = 'gemma-loader-fails';
        const task = run({
          ...INPUT,
          name,
          waitForCompletion: true,
          timeoutSeconds: 30,
        });
        await playKro(cluster.admin, NS, name, {
          loader: {
            state: 'failed',
            exitCode: 1,
            message: '401 Unauthorized: check the Kaggle credentials',
          },
          status: kroStatus.inProgress(),
        });

        const { error } = await task;

        expect(error?.name).toBe('WaitFailedError');
        expect(error?.message).toBe(
          `GemmaOnTPUServer gemma/${name} in cluster 'local' failed: 1 instance of 1 failed:\n` +
            `- instance ${name} (Job ${name}-loader): the loader Job ${name}-loader failed; kro will not make the instance ACTIVE: container downloader: Error, exit code 1: 401 Unauthorized: check the Kaggle credentials`,
        );
      });

      it('fails on timeout, saying where the instance stands', async () => {
        const name = 'gemma-slow';
        const task = run({
          ...INPUT,
          name,
          waitForCompletion: true,
          timeoutSeconds: 2,
        });
        await playKro(cluster.admin, NS, name, {
          loader: { state: 'running' },
          status: kroStatus.inProgress(),
        });

        const { error } = await task;

        expect(error?.name).toBe('WaitTimedOutError');
        expect(error?.message).toContain(
          `after 2 s: 1 instance of 1 still pending:\n- instance ${name} (Job ${name}-loader): loading weights from Kaggle (loader Job running)`,
        );
      });
    });
  });

  // Last: it reads what every test above showed.
  it('never showed the Kaggle key in any log line, output or error', () => {
    expect(shown.length).toBeGreaterThan(15);
    expect(shown.join('\n')).not.toContain(KAGGLE_KEY);
  });
});
