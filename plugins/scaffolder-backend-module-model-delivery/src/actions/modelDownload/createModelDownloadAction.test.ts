import {
  InputValidationError,
  modelDownloadKind,
} from '@model-delivery/plugin-model-delivery-common';
import {
  APP_BASE_URL,
  CHAT_ASSISTANT_REF,
  actionRunner,
  eventually,
  expectClusterRoleAdvice,
  expectNamespaceRoleAdvice,
  optedInNamespace,
  persistentVolumeClaim,
  playHfOperator,
  secret,
  LEFT_OUT_NAMESPACE,
  useTestCluster,
} from '@model-delivery/test-kit';
import { createModelDownloadAction } from './createModelDownloadAction';

jest.setTimeout(60_000);

const NS = 'ml-models';
const TOKEN = 'hf_SuperSecretTokenValue0123456789';

const INPUT = {
  cluster: 'local',
  namespace: NS,
  name: 'chat-models',
  entityRef: CHAT_ASSISTANT_REF,
  models: [
    { name: 'google/gemma-2-2b-it' },
    { name: 'meta-llama/Llama-3.1-8B', sha: 'main', retryCount: 2 },
  ],
  storagePVC: 'model-cache',
  hfTokenRef: { name: 'hf-token', key: 'token' },
  nodePool: 'gpu-a',
  settings: {
    timeoutMillis: 600000,
    enableHFTransfer: true,
    keepAliveSeconds: 7200,
    cpu: '2',
    memory: '8Gi',
    forceReload: false,
  },
};

const cluster = useTestCluster({
  given: () => [
    ...optedInNamespace(NS),
    persistentVolumeClaim(NS, 'model-cache'),
    secret(NS, 'hf-token', { token: TOKEN }),
    secret(NS, 'other-token', { password: 'x', username: 'y' }),
  ],
});

/** Runs the action; resolves to what it recorded, and the error if it failed. */
const { run, shown } = actionRunner(() =>
  createModelDownloadAction(cluster.options),
);

function readModelDownload(name: string, ns = NS) {
  return cluster.get(modelDownloadKind.resource, name, ns);
}

function modelDownloadNames() {
  return cluster.names(modelDownloadKind.resource);
}

describe('model-delivery:model-download:create', () => {
  it('creates the ModelDownload with every spec field, labelled for its owner entity', async () => {
    const { error, outputs, lines } = await run(INPUT);

    expect(error).toBeUndefined();
    const created = await readModelDownload('chat-models');
    expect(created.spec).toEqual({
      models: [
        { name: 'google/gemma-2-2b-it' },
        { name: 'meta-llama/Llama-3.1-8B', sha: 'main', retryCount: 2 },
      ],
      storagePVC: 'model-cache',
      hfTokenRef: { name: 'hf-token', key: 'token' },
      nodePool: 'gpu-a',
      settings: INPUT.settings,
    });
    expect(created.metadata.labels).toEqual({
      'backstage.io/kubernetes-id': 'chat-assistant',
    });
    expect(created.metadata.annotations).toEqual({
      'model-delivery.backstage.io/entity-ref': CHAT_ASSISTANT_REF,
    });
    expect(created.metadata.managedFields[0].manager).toBe(
      'backstage-model-delivery',
    );
    expect(outputs).toMatchObject({
      cluster: 'local',
      namespace: NS,
      name: 'chat-models',
      outcome: 'created',
      dryRun: false,
      changes: [],
      jobNames: {
        'google/gemma-2-2b-it': 'hf-dl-chat-models-google-gemma-2-2b-it',
        'meta-llama/Llama-3.1-8B': 'hf-dl-chat-models-meta-llama-llama-3-1-8b',
      },
      entityUrl: `${APP_BASE_URL}/catalog/default/component/chat-assistant/model-delivery`,
    });
    // What hf-operator does with the second model's sha and retryCount: nothing.
    expect(outputs.warnings).toEqual([
      expect.stringMatching(
        /^models\[1\]: sha 'main' is not the revision downloaded: hf-operator downloads the default branch of meta-llama\/Llama-3.1-8B/,
      ),
      expect.stringMatching(
        /^models\[1\]: retryCount 2 is only recorded in the spec: hf-operator runs the download of meta-llama\/Llama-3.1-8B once/,
      ),
    ]);
    expect(outputs.summary).toContain(
      '`meta-llama/Llama-3.1-8B` → Job `hf-dl-chat-models-meta-llama-llama-3-1-8b`',
    );
    expect(lines).toContain(
      `info: Created ModelDownload ${NS}/chat-models in cluster 'local'`,
    );
  });

  it('changes nothing when the same task runs again', async () => {
    const before = await readModelDownload('chat-models');

    const { error, outputs, lines } = await run(INPUT);

    expect(error).toBeUndefined();
    expect(outputs.outcome).toBe('unchanged');
    expect(outputs.changes).toEqual([]);
    expect(lines).toContain(
      `info: ModelDownload ${NS}/chat-models in cluster 'local' is already as requested: nothing changed`,
    );
    const after = await readModelDownload('chat-models');
    expect(after.metadata.resourceVersion).toBe(
      before.metadata.resourceVersion,
    );
  });

  it('updates a ModelDownload whose spec differs, saying which fields changed', async () => {
    const { error, outputs, lines } = await run({
      ...INPUT,
      models: [...INPUT.models, { name: 'Qwen/Qwen2.5-0.5B-Instruct' }],
      nodePool: 'gpu-b',
      settings: { ...INPUT.settings, memory: '16Gi' },
    });

    expect(error).toBeUndefined();
    expect(outputs.outcome).toBe('updated');
    expect(outputs.changes).toEqual([
      expect.stringMatching(
        /^spec\.models: \[.*\] → \[.*Qwen\/Qwen2\.5-0\.5B-Instruct.*\]$/,
      ),
      "spec.nodePool: 'gpu-a' → 'gpu-b'",
      "spec.settings.memory: '8Gi' → '16Gi'",
    ]);
    expect(lines).toContain(
      `info: Updated ModelDownload ${NS}/chat-models in cluster 'local': 3 field(s) changed`,
    );
    expect(lines).toContain("info:   spec.nodePool: 'gpu-a' → 'gpu-b'");
    const after = await readModelDownload('chat-models');
    expect(after.spec.nodePool).toBe('gpu-b');
    expect(after.spec.models).toHaveLength(3);
  });

  it('removes fields the task no longer sets', async () => {
    const { error, outputs } = await run({
      ...INPUT,
      name: 'shrinking',
    });
    expect(error).toBeUndefined();

    const second = await run({
      ...INPUT,
      name: 'shrinking',
      nodePool: '',
      settings: { cpu: '2' },
    });

    expect(outputs.outcome).toBe('created');
    expect(second.error).toBeUndefined();
    expect(second.outputs.outcome).toBe('updated');
    expect(second.outputs.changes).toContain(
      "spec.nodePool: removed (was 'gpu-a')",
    );
    const after = await readModelDownload('shrinking');
    expect(after.spec.nodePool).toBeUndefined();
    expect(after.spec.settings).toEqual({ cpu: '2' });
  });

  describe('changing the model list of an existing ModelDownload', () => {
    const models = (...names: string[]) => names.map(name => ({ name }));
    const input = (...names: string[]) => ({
      ...INPUT,
      name: 'changing-models',
      models: models(...names),
    });

    it('lists every model as added when it creates the ModelDownload', async () => {
      const { error, outputs } = await run(input('org/a', 'org/b'));
      expect(error).toBeUndefined();
      expect(outputs).toMatchObject({
        outcome: 'created',
        modelsAdded: ['org/a', 'org/b'],
        modelsRemoved: [],
      });
    });

    it('shows the change in a dry run, applying nothing', async () => {
      const { error, outputs, lines } = await run(input('org/b', 'org/c'), {
        dryRun: true,
      });

      expect(error).toBeUndefined();
      expect(outputs.modelsAdded).toEqual(['org/c']);
      expect(outputs.modelsRemoved).toEqual(['org/a']);
      expect(outputs.summary).toContain('- model added: `org/c`');
      expect(outputs.summary).toContain(
        '- model removed: `org/a` (its downloaded files stay in PVC model-cache)',
      );
      expect(lines).toContain(
        "warn: Dry run: this run would remove 'org/a' and add 'org/c'; a real run applies that only with removeModels set",
      );
      const after = await readModelDownload('changing-models');
      expect(after.spec.models).toEqual(models('org/a', 'org/b'));
    });

    it('refuses to remove a model without the confirmation, naming it, and applies nothing', async () => {
      const { error } = await run(input('org/b', 'org/c'));

      expect(error?.name).toBe('InputError');
      expect(error?.message).toBe(
        "ModelDownload ml-models/changing-models in cluster 'local' exists and this run would remove 'org/a' and add 'org/c'. Nothing was applied. To remove them, confirm with removeModels (the template's \"Remove the models no longer listed\"); hf-operator then stops managing them, and their downloaded files stay in PVC model-cache",
      );
      const after = await readModelDownload('changing-models');
      expect(after.spec.models).toEqual(models('org/a', 'org/b'));
    });

    it('adds a model without any confirmation', async () => {
      const { error, outputs } = await run(input('org/a', 'org/b', 'org/c'));

      expect(error).toBeUndefined();
      expect(outputs).toMatchObject({
        outcome: 'updated',
        modelsAdded: ['org/c'],
        modelsRemoved: [],
      });
    });

    it('removes models with the confirmation', async () => {
      const { error, outputs } = await run({
        ...input('org/c'),
        removeModels: true,
      });

      expect(error).toBeUndefined();
      expect(outputs).toMatchObject({
        outcome: 'updated',
        modelsAdded: [],
        modelsRemoved: ['org/a', 'org/b'],
      });
      const after = await readModelDownload('changing-models');
      expect(after.spec.models).toEqual(models('org/c'));
    });
  });

  describe('dry run', () => {
    it('checks and validates on the server but persists nothing', async () => {
      const { error, outputs, lines } = await run(
        { ...INPUT, name: 'dry-run-only' },
        { dryRun: true },
      );

      expect(error).toBeUndefined();
      expect(outputs).toMatchObject({ outcome: 'created', dryRun: true });
      expect(outputs.summary).toMatch(
        /^Dry run: ModelDownload ml-models\/dry-run-only in cluster 'local' would be created \(nothing was persisted\)/,
      );
      expect(lines).toContain(
        `info: Dry run: ModelDownload ${NS}/dry-run-only in cluster 'local' would be created (nothing was persisted)`,
      );
      await expect(readModelDownload('dry-run-only')).resolves.toBeUndefined();
    });

    it('says what an update would change, without changing it', async () => {
      const before = await readModelDownload('chat-models');

      const { error, outputs } = await run(
        { ...INPUT, nodePool: 'gpu-c' },
        { dryRun: true },
      );

      expect(error).toBeUndefined();
      expect(outputs.outcome).toBe('updated');
      expect(outputs.changes).toContain("spec.nodePool: 'gpu-b' → 'gpu-c'");
      const after = await readModelDownload('chat-models');
      expect(after.spec.nodePool).toBe('gpu-b');
      expect(after.metadata.resourceVersion).toBe(
        before.metadata.resourceVersion,
      );
    });

    it('still checks the preconditions', async () => {
      const { error } = await run(
        { ...INPUT, name: 'dry-missing-pvc', storagePVC: 'no-such-pvc' },
        { dryRun: true },
      );

      expect(error?.name).toBe('PreconditionError');
      expect(error?.message).toContain(
        "PersistentVolumeClaim 'no-such-pvc' does not exist in namespace 'ml-models'",
      );
    });

    it('accepts a token Secret an earlier step creates, only in a dry run', async () => {
      const input = {
        ...INPUT,
        name: 'token-from-earlier-step',
        hfTokenRef: { name: 'created-by-earlier-step', key: 'token' },
        hfTokenFromEarlierStep: true,
      };

      const dry = await run(input, { dryRun: true });
      const real = await run(input);

      expect(dry.error).toBeUndefined();
      expect(dry.lines).toContain(
        'info: Dry run: the token Secret created-by-earlier-step does not exist yet; the earlier step creates it in a real run',
      );
      expect(real.error?.message).toContain(
        "Secret 'created-by-earlier-step' does not exist in namespace 'ml-models'",
      );
      await expect(
        readModelDownload('token-from-earlier-step'),
      ).resolves.toBeUndefined();
    });
  });

  describe('rejects invalid input, naming the field and applying nothing', () => {
    const cases: Array<[string, object, RegExp]> = [
      ['name', { name: 'Chat_Models' }, /not a valid Kubernetes resource name/],
      ['namespace', { namespace: 'ML' }, /not a valid Kubernetes namespace/],
      ['models', { models: [] }, /at least one model is required/],
      [
        'models[0].name',
        { models: [{ name: 'not a/model id' }] },
        /not a valid Hugging Face model id/,
      ],
      [
        'models[1].name',
        { models: [{ name: 'org/a' }, { name: 'org/a' }] },
        /already listed as models\[0\]/,
      ],
      [
        'models[0].name',
        {
          name: 'a-rather-long-model-download-name',
          models: [{ name: 'mistralai/Mistral-7B-Instruct-v0.3-long-suffix' }],
        },
        /Kubernetes allows 63: shorten the resource name/,
      ],
      [
        'models[0].retryCount',
        { models: [{ name: 'org/a', retryCount: 1.5 }] },
        /whole number/,
      ],
      [
        'storagePVC',
        { storagePVC: 'Model Cache' },
        /PersistentVolumeClaim name/,
      ],
      [
        'hfTokenRef.name',
        { hfTokenRef: { name: '', key: 'token' } },
        /Secret name is required/,
      ],
      [
        'hfTokenRef.key',
        { hfTokenRef: { name: 'hf-token', key: 'a/b' } },
        /not a valid Secret key/,
      ],
      ['nodePool', { nodePool: 'gpu pool!' }, /not a valid node pool name/],
      [
        'settings.cpu',
        { settings: { cpu: 'lots' } },
        /'lots' is not a Kubernetes quantity/,
      ],
      [
        'settings.memory',
        { settings: { memory: '4GB' } },
        /'4GB' is not a Kubernetes quantity/,
      ],
      [
        'settings.keepAliveSeconds',
        { settings: { keepAliveSeconds: -1 } },
        /must not be negative/,
      ],
      [
        'settings.timeoutMillis',
        { settings: { timeoutMillis: 2 ** 31 } },
        /at most 2147483647/,
      ],
      ['entityRef', { entityRef: 'component:' }, /not an entity reference/],
      [
        'kubernetesId',
        { kubernetesId: 'no spaces allowed' },
        /not a valid kubernetes id/,
      ],
      [
        'timeoutSeconds',
        { waitForCompletion: true, timeoutSeconds: 0 },
        /whole number of seconds/,
      ],
      ['cluster', { cluster: '' }, /cluster name/],
    ];

    it.each(cases)('%s', async (field, change, message) => {
      const before = await modelDownloadNames();

      const { error } = await run({
        ...INPUT,
        name: 'invalid-input',
        ...change,
      });

      expect(error).toBeInstanceOf(InputValidationError);
      const issues = (error as InputValidationError).issues;
      expect(issues).toContainEqual({
        field,
        message: expect.stringMatching(message),
      });
      expect(error?.message).toContain('nothing was applied');
      await expect(modelDownloadNames()).resolves.toEqual(before);
    });

    it('reports every problem at once', async () => {
      const { error } = await run({
        ...INPUT,
        namespace: 'ML',
        storagePVC: '',
        settings: { cpu: 'lots' },
      });

      expect((error as InputValidationError).issues.map(i => i.field)).toEqual([
        'namespace',
        'storagePVC',
        'settings.cpu',
      ]);
    });
  });

  describe('owner', () => {
    it('refuses an entity without backstage.io/kubernetes-id, saying how to fix it', async () => {
      const { error } = await run({
        ...INPUT,
        name: 'unowned',
        entityRef: 'component:default/no-kubernetes-id',
      });

      expect(error?.name).toBe('InputError');
      expect(error?.message).toBe(
        "The entity 'component:default/no-kubernetes-id' has no backstage.io/kubernetes-id annotation, whose value becomes the backstage.io/kubernetes-id label its Model delivery tab finds resources by: add the annotation to its catalog-info.yaml (metadata.annotations), or set the kubernetesId input",
      );
      await expect(readModelDownload('unowned')).resolves.toBeUndefined();
    });

    it('labels with kubernetesId when given, even for an entity without the annotation', async () => {
      const { error, outputs } = await run({
        ...INPUT,
        name: 'overridden-owner',
        entityRef: 'component:default/no-kubernetes-id',
        kubernetesId: 'shared-models',
      });

      expect(error).toBeUndefined();
      const created = await readModelDownload('overridden-owner');
      expect(created.metadata.labels).toEqual({
        'backstage.io/kubernetes-id': 'shared-models',
      });
      expect(outputs.entityUrl).toBe(
        `${APP_BASE_URL}/catalog/default/component/no-kubernetes-id/model-delivery`,
      );
    });

    it('refuses an entity the catalog does not have', async () => {
      const { error } = await run({
        ...INPUT,
        name: 'no-entity',
        entityRef: 'component:default/nobody',
      });

      expect(error?.name).toBe('NotFoundError');
      expect(error?.message).toContain(
        "The entity 'component:default/nobody' is not in the catalog",
      );
      await expect(readModelDownload('no-entity')).resolves.toBeUndefined();
    });
  });

  describe('preconditions', () => {
    it('names a missing namespace', async () => {
      const { error } = await run({ ...INPUT, namespace: 'no-such-ns' });

      expect(error?.name).toBe('PreconditionError');
      expect(error?.message).toBe(
        "Cannot apply ModelDownload no-such-ns/chat-models in cluster 'local'; nothing was applied:\n- Namespace 'no-such-ns' does not exist in cluster 'local': create it (kubectl create namespace no-such-ns) or choose an existing namespace",
      );
      await expect(
        readModelDownload('chat-models', 'no-such-ns'),
      ).resolves.toBeUndefined();
    });

    it('names a missing PVC and a missing token Secret together', async () => {
      const { error } = await run({
        ...INPUT,
        name: 'missing-both',
        storagePVC: 'no-such-pvc',
        hfTokenRef: { name: 'no-such-secret', key: 'token' },
      });

      expect(error?.name).toBe('PreconditionError');
      expect(error?.message).toContain(
        "- PersistentVolumeClaim 'no-such-pvc' does not exist in namespace 'ml-models': hf-operator mounts it at /models",
      );
      expect(error?.message).toContain(
        "- Secret 'no-such-secret' does not exist in namespace 'ml-models': hf-operator reads the Hugging Face token from it",
      );
      await expect(readModelDownload('missing-both')).resolves.toBeUndefined();
    });

    it('names a token Secret without the key, listing the keys it has', async () => {
      const { error } = await run({
        ...INPUT,
        name: 'wrong-key',
        hfTokenRef: { name: 'other-token', key: 'token' },
      });

      expect(error?.message).toContain(
        "- Secret 'other-token' in namespace 'ml-models' has no key 'token' (its keys: 'password', 'username')",
      );
      await expect(readModelDownload('wrong-key')).resolves.toBeUndefined();
    });
  });

  it('warns that pods will not schedule without a node pool', async () => {
    const { error, outputs, lines } = await run({
      ...INPUT,
      name: 'no-node-pool',
      models: [{ name: 'google/gemma-2-2b-it' }],
      nodePool: '',
    });

    expect(error).toBeUndefined();
    expect(outputs.warnings).toEqual([
      expect.stringMatching(
        /^nodePool is empty: hf-operator still sets the node selector karpenter.sh\/nodepool=""/,
      ),
    ]);
    expect(lines).toContain(`warn: ${(outputs.warnings as string[])[0]}`);
    const created = await readModelDownload('no-node-pool');
    expect(created.spec.nodePool).toBeUndefined();
  });

  describe('errors from the cluster', () => {
    it('turns a 403 into the ClusterRole to grant', async () => {
      const error = await expectClusterRoleAdvice(run, {
        ...INPUT,
        name: 'forbidden',
      });

      expect(error?.message).toMatch(
        /^The Backstage identity for cluster 'local-as-developer' may not get .+\. Grant it the ClusterRole backstage-model-delivery in node_modules\/@model-delivery\/plugin-model-delivery-node\/manifests\/rbac\/model-delivery-clusterrole\.yaml/,
      );
      await expect(readModelDownload('forbidden')).resolves.toBeUndefined();
    });

    it('names the namespace and the Role to bind where the namespace is not opted in, and applies nothing', async () => {
      await expectNamespaceRoleAdvice(run, INPUT);
      await expect(
        readModelDownload(INPUT.name, LEFT_OUT_NAMESPACE),
      ).resolves.toBeUndefined();
    });

    it('says when the cluster cannot be reached', async () => {
      const { error } = await run({ ...INPUT, cluster: 'unreachable' });

      expect(error?.name).toBe('ServiceUnavailableError');
      expect(error?.message).toMatch(
        /^Cannot reach cluster 'unreachable' at https:\/\/127\.0\.0\.1:1 to get /,
      );
    });

    it('lists the configured clusters for an unknown one', async () => {
      const { error } = await run({ ...INPUT, cluster: 'prod' });

      expect(error?.message).toBe(
        "Unknown cluster 'prod'. Configured clusters: local, local-as-developer, unreachable",
      );
    });
  });

  describe('waiting for completion', () => {
    it('succeeds once every model completed', async () => {
      const name = 'wait-success';
      const task = run({
        ...INPUT,
        name,
        waitForCompletion: true,
        timeoutSeconds: 30,
      });
      await playHfOperator(cluster.admin, NS, name, {
        'google/gemma-2-2b-it': { state: 'completed' },
        'meta-llama/Llama-3.1-8B': { state: 'completed' },
      });

      const { error, lines } = await task;

      expect(error).toBeUndefined();
      expect(lines).toContain(
        `info: Every model of ModelDownload ${NS}/${name} in cluster 'local' completed: google/gemma-2-2b-it, meta-llama/Llama-3.1-8B`,
      );
      expect(lines).toContain(
        `info: model google/gemma-2-2b-it (Job hf-dl-${name}-google-gemma-2-2b-it): completed`,
      );
    });

    it('fails listing each failed model and its reason, with credentials masked', async () => {
      const name = 'wait-failure';
      const task = run({
        ...INPUT,
        name,
        waitForCompletion: true,
        timeoutSeconds: 30,
      });
      await playHfOperator(cluster.admin, NS, name, {
        'google/gemma-2-2b-it': { state: 'running' },
        'meta-llama/Llama-3.1-8B': {
          state: 'failed',
          exitCode: 128,
          message: `fatal: Authentication failed for 'https://user:${TOKEN}@huggingface.co/meta-llama/Llama-3.1-8B/'`,
        },
      });

      const { error } = await task;

      expect(error?.name).toBe('WaitFailedError');
      expect(error?.message).toBe(
        `ModelDownload ${NS}/${name} in cluster 'local' failed: 1 model of 2 failed:\n` +
          `- model meta-llama/Llama-3.1-8B (Job hf-dl-${name}-meta-llama-llama-3-1-8b): failed: BackoffLimitExceeded: container downloader: Error, exit code 128: fatal: Authentication failed for 'https://[REDACTED]@huggingface.co/meta-llama/Llama-3.1-8B/'\n` +
          'The others: 1 pending.',
      );
    });

    it('fails on timeout, saying which models are still pending and where they stand', async () => {
      const name = 'wait-timeout';
      const task = run({
        ...INPUT,
        name,
        waitForCompletion: true,
        timeoutSeconds: 2,
      });
      await playHfOperator(cluster.admin, NS, name, {
        'google/gemma-2-2b-it': { state: 'completed' },
        'meta-llama/Llama-3.1-8B': {
          state: 'unschedulable',
          message:
            "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.",
        },
      });

      const { error } = await task;

      expect(error?.name).toBe('WaitTimedOutError');
      expect(error?.message).toBe(
        `Gave up waiting for ModelDownload ${NS}/${name} in cluster 'local' after 2 s: 1 model of 2 still pending:\n` +
          `- model meta-llama/Llama-3.1-8B (Job hf-dl-${name}-meta-llama-llama-3-1-8b): pod unschedulable: 0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.\n` +
          'The others: 1 completed.\n' +
          "Nothing was undone: the resource stays and its operator carries on; follow it on the entity's Model delivery tab, or run the task again with a longer timeoutSeconds.",
      );
    });

    it('fails on timeout when the operator never answers', async () => {
      const { error } = await run({
        ...INPUT,
        name: 'no-operator',
        waitForCompletion: true,
        timeoutSeconds: 1,
      });

      expect(error?.name).toBe('WaitTimedOutError');
      expect(error?.message).toContain(
        '2 models of 2 still pending:\n- model google/gemma-2-2b-it (Job hf-dl-no-operator-google-gemma-2-2b-it): not started: no Job and no status from hf-operator yet',
      );
    });

    it('stops when the task is cancelled', async () => {
      const controller = new AbortController();
      const task = run(
        {
          ...INPUT,
          name: 'cancelled',
          waitForCompletion: true,
          timeoutSeconds: 60,
        },
        { signal: controller.signal },
      );
      await eventually(
        () => readModelDownload('cancelled'),
        'the ModelDownload',
      );
      controller.abort();

      const { error } = await task;

      expect(error?.message).toBe(
        `Cancelled while waiting for ModelDownload ${NS}/cancelled in cluster 'local'; the resource stays in the cluster`,
      );
    });

    it('does not wait in a dry run', async () => {
      const { error, lines } = await run(
        {
          ...INPUT,
          name: 'dry-wait',
          waitForCompletion: true,
          timeoutSeconds: 600,
        },
        { dryRun: true },
      );

      expect(error).toBeUndefined();
      expect(lines).toContain(
        `info: Dry run: would wait up to 600 s for every model of ModelDownload ${NS}/dry-wait in cluster 'local' to complete`,
      );
    });
  });

  it('reports what the first attempt did when a task is retried', async () => {
    const checkpoints = new Map<string, unknown>();
    const input = { ...INPUT, name: 'retried' };

    const first = await run(input, { checkpoints });
    const retry = await run(input, { checkpoints });

    expect(first.outputs.outcome).toBe('created');
    expect(retry.error).toBeUndefined();
    expect(retry.outputs.outcome).toBe('created');
  });

  // Last: it reads what every test above showed.
  it('never showed the token in any log line, output or error', () => {
    expect(shown.length).toBeGreaterThan(40);
    expect(shown.join('\n')).not.toContain(TOKEN);
    expect(shown.join('\n')).not.toContain(
      Buffer.from(TOKEN).toString('base64'),
    );
  });
});
