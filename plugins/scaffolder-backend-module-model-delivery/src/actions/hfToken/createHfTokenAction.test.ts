import { ConfigReader } from '@backstage/config';
import {
  FAKE_HUB_ACCEPTED_TOKEN,
  FakeHuggingFaceHub,
  startFakeHuggingFaceHub,
} from '@internal/local-control-plane';
import { KubernetesObjectApi } from '@kubernetes/client-node';
import { InputValidationError } from '@model-delivery/plugin-model-delivery-common';
import {
  APP_BASE_URL,
  CHAT_ASSISTANT_REF,
  SECRET_TYPE,
  actionRunner,
  expectClusterRoleAdvice,
  expectNamespaceRoleAdvice,
  expectMissingNamespace,
  optedInNamespace,
  secret,
  LEFT_OUT_NAMESPACE,
  useTestCluster,
} from '@model-delivery/test-kit';
import { createHfTokenAction } from './createHfTokenAction';

jest.setTimeout(60_000);

const NS = 'ml-models';
const TOKEN = 'hf_FirstSecretTokenValue0123456789';
const NEW_TOKEN = 'hf_SecondSecretTokenValue987654321';
/** A token the stand-in Hub does not know. */
const REFUSED_TOKEN = 'hf_RevokedLongAgo000000000000000000';
const SECRETS = [
  TOKEN,
  NEW_TOKEN,
  REFUSED_TOKEN,
  FAKE_HUB_ACCEPTED_TOKEN,
].flatMap(t => [t, Buffer.from(t).toString('base64')]);

const INPUT = {
  cluster: 'local',
  namespace: NS,
  name: 'hf-token',
  key: 'token',
  secretName: 'hfToken',
  entityRef: CHAT_ASSISTANT_REF,
};

const cluster = useTestCluster({
  given: () => [
    ...optedInNamespace(NS),
    secret(NS, 'shared', { other: 'kept' }),
    secret(
      NS,
      'basic-auth',
      { username: 'u', password: 'p' },
      'kubernetes.io/basic-auth',
    ),
  ],
});

const { run, shown } = actionRunner(
  () => createHfTokenAction(cluster.options),
  { secrets: { hfToken: TOKEN } },
);

function readSecret(name: string) {
  return cluster.get(SECRET_TYPE, name, NS);
}

function secretNames() {
  return cluster.names(SECRET_TYPE);
}

function decoded(value: string) {
  return Buffer.from(value, 'base64').toString('utf8');
}

describe('model-delivery:hf-token:create', () => {
  it('creates the Secret from the task secret and outputs its name and key for hfTokenRef', async () => {
    const { error, outputs, lines } = await run(INPUT);

    expect(error).toBeUndefined();
    const created = await readSecret('hf-token');
    expect(decoded(created.data.token)).toBe(TOKEN);
    expect(created.type).toBe('Opaque');
    expect(created.metadata.labels).toEqual({
      'backstage.io/kubernetes-id': 'chat-assistant',
    });
    expect(outputs).toEqual({
      cluster: 'local',
      namespace: NS,
      name: 'hf-token',
      key: 'token',
      hfTokenRef: { name: 'hf-token', key: 'token' },
      outcome: 'created',
      dryRun: false,
      changes: [],
      summary: `Created Secret ${NS}/hf-token in cluster 'local' (key token)`,
    });
    expect(lines).toEqual([
      // The test cluster's Hub is nowhere: the token is stored unchecked, and said so.
      expect.stringMatching(
        /^warn: The Hugging Face Hub at http:\/\/127\.0\.0\.1:1 could not be asked whether it knows the token \(.+\)\. The token was not checked; going on \(modelDelivery\.preflight\.hubUnreachable: refuse would stop here\)$/,
      ),
      `info: Created Secret ${NS}/hf-token in cluster 'local'`,
    ]);
  });

  it('changes nothing when the same token is stored again', async () => {
    const before = await readSecret('hf-token');

    const { error, outputs } = await run(INPUT);

    expect(error).toBeUndefined();
    expect(outputs.outcome).toBe('unchanged');
    const after = await readSecret('hf-token');
    expect(after.metadata.resourceVersion).toBe(
      before.metadata.resourceVersion,
    );
  });

  it('updates the token, saying which key changed but not its value', async () => {
    const { error, outputs, lines } = await run(INPUT, {
      secrets: { hfToken: NEW_TOKEN },
    });

    expect(error).toBeUndefined();
    expect(outputs.outcome).toBe('updated');
    expect(outputs.changes).toEqual(['data.token changed']);
    expect(lines).toContain('info:   data.token changed');
    expect(decoded((await readSecret('hf-token')).data.token)).toBe(NEW_TOKEN);
  });

  it("adds its key to an existing Secret and leaves the Secret's other keys alone", async () => {
    const { error, outputs } = await run({ ...INPUT, name: 'shared' });

    expect(error).toBeUndefined();
    expect(outputs.outcome).toBe('updated');
    expect(outputs.changes).toContain('data.token added');
    const updated = await readSecret('shared');
    expect(decoded(updated.data.other)).toBe('kept');
    expect(decoded(updated.data.token)).toBe(TOKEN);
  });

  it('trims the whitespace a pasted token brings along', async () => {
    const { error } = await run(
      { ...INPUT, name: 'pasted' },
      { secrets: { hfToken: `  ${TOKEN}\n` } },
    );

    expect(error).toBeUndefined();
    expect(decoded((await readSecret('pasted')).data.token)).toBe(TOKEN);
  });

  it('warns when the value does not look like a Hugging Face token, without quoting it', async () => {
    const { error, lines } = await run(
      { ...INPUT, name: 'odd-token', secretName: 'custom' },
      { secrets: { custom: 'not-a-token-shape' } },
    );

    expect(error).toBeUndefined();
    expect(lines).toContain(
      "warn: The value of task secret 'custom' does not look like a Hugging Face access token (they start with hf_); stored anyway",
    );
    expect(lines.join('\n')).not.toContain('not-a-token-shape');
  });

  describe('dry run', () => {
    let patch: jest.SpyInstance;
    beforeEach(() => {
      patch = jest.spyOn(KubernetesObjectApi.prototype, 'patch');
    });
    afterEach(() => patch.mockRestore());

    it('persists nothing and sends no token value to the cluster', async () => {
      const { error, outputs } = await run(
        { ...INPUT, name: 'dry-token' },
        { dryRun: true },
      );

      expect(error).toBeUndefined();
      expect(outputs).toMatchObject({ outcome: 'created', dryRun: true });
      await expect(readSecret('dry-token')).resolves.toBeUndefined();
      expect(patch).toHaveBeenCalledTimes(1);
      const [sent, , dryRun] = patch.mock.calls[0];
      expect(dryRun).toBe('All');
      expect(sent.data).toEqual({ token: '' });
      for (const value of SECRETS) {
        expect(JSON.stringify(patch.mock.calls)).not.toContain(value);
      }
    });

    it('says an existing token would change, and leaves it', async () => {
      const { error, outputs } = await run(INPUT, { dryRun: true });

      expect(error).toBeUndefined();
      expect(outputs).toMatchObject({
        outcome: 'updated',
        changes: ['data.token changed'],
      });
      expect(decoded((await readSecret('hf-token')).data.token)).toBe(
        NEW_TOKEN,
      );
    });
  });

  describe('rejects invalid input, naming the field and applying nothing', () => {
    const cases: Array<[string, object, Record<string, string>, RegExp]> = [
      [
        'secretName',
        { name: 'no-secret' },
        {},
        /the task has no secret 'hfToken'/,
      ],
      [
        'secretName',
        { name: 'blank-secret' },
        { hfToken: '  ' },
        /the task has no secret 'hfToken' \(or it is empty\)/,
      ],
      [
        'name',
        { name: 'Bad_Name' },
        { hfToken: TOKEN },
        /not a valid Kubernetes Secret name/,
      ],
      [
        'key',
        { name: 'bad-key', key: 'a/b' },
        { hfToken: TOKEN },
        /not a valid Secret key/,
      ],
      [
        'namespace',
        { name: 'bad-ns', namespace: 'ML' },
        { hfToken: TOKEN },
        /not a valid Kubernetes namespace/,
      ],
      [
        'entityRef',
        { name: 'bad-owner', entityRef: '' },
        { hfToken: TOKEN },
        /catalog entity the resources belong to is required/,
      ],
    ];

    it.each(cases)('%s (%#)', async (field, change, secrets, message) => {
      const before = await secretNames();

      const { error } = await run({ ...INPUT, ...change }, { secrets });

      expect(error).toBeInstanceOf(InputValidationError);
      expect((error as InputValidationError).issues).toContainEqual({
        field,
        message: expect.stringMatching(message),
      });
      await expect(secretNames()).resolves.toEqual(before);
    });
  });

  it('names a missing namespace', () => expectMissingNamespace(run, INPUT));

  it('names the namespace and the Role to bind where the namespace is not opted in, and stores nothing', async () => {
    await expectNamespaceRoleAdvice(run, INPUT);
    await expect(
      cluster.get(SECRET_TYPE, 'hf-token', LEFT_OUT_NAMESPACE),
    ).resolves.toBeUndefined();
  });

  it('turns a 403 into the ClusterRole to grant', async () => {
    await expectClusterRoleAdvice(run, { ...INPUT, name: 'forbidden' });
    await expect(readSecret('forbidden')).resolves.toBeUndefined();
  });

  it('turns a 422 into what the API server rejected', async () => {
    const { error } = await run({ ...INPUT, name: 'basic-auth' });

    expect(error?.name).toBe('InputError');
    expect(error?.message).toMatch(
      /^Cannot patch Secret ml-models\/basic-auth in cluster 'local': the API server rejected it as invalid: type: .*field is immutable/,
    );
    expect((await readSecret('basic-auth')).data.token).toBeUndefined();
  });

  describe('asks the Hugging Face Hub about a new token before storing it', () => {
    let hub: FakeHuggingFaceHub;
    beforeAll(async () => {
      hub = await startFakeHuggingFaceHub();
    });
    afterAll(() => hub?.stop());

    const withHub = actionRunner(
      () =>
        createHfTokenAction({
          ...cluster.options,
          config: new ConfigReader({
            app: { baseUrl: APP_BASE_URL },
            modelDelivery: { huggingFace: { endpoint: hub.url } },
          }),
        }),
      { secrets: { hfToken: TOKEN } },
    );

    it('stores nothing when the Hub refuses the token, and says so', async () => {
      const { error, outputs } = await withHub.run(
        { ...INPUT, name: 'refused-token' },
        { secrets: { hfToken: REFUSED_TOKEN } },
      );

      expect(error?.name).toBe('PreconditionError');
      expect(error?.message).toBe(
        `Cannot apply Secret ${NS}/refused-token in cluster 'local'; nothing was applied:\n- The Hugging Face Hub at ${hub.url} refused the token of task secret 'hfToken' (invalid credentials), so it was not stored: create a read token at ${hub.url}/settings/tokens and run this again`,
      );
      expect(outputs).toEqual({});
      // Read back from the API server: no such Secret.
      await expect(readSecret('refused-token')).resolves.toBeUndefined();
      expect(hub.requests).toContain('GET /api/whoami-v2');
    });

    it('stores a token the Hub knows, saying whose it is', async () => {
      const { error, lines } = await withHub.run(
        { ...INPUT, name: 'accepted-token' },
        { secrets: { hfToken: FAKE_HUB_ACCEPTED_TOKEN } },
      );

      expect(error).toBeUndefined();
      expect(lines[0]).toMatch(
        /^info: Hugging Face Hub http:\/\/127\.0\.0\.1:\d+: the token of task secret 'hfToken' is valid \(user \S+\)$/,
      );
      expect(decoded((await readSecret('accepted-token')).data.token)).toBe(
        FAKE_HUB_ACCEPTED_TOKEN,
      );
    });

    it('never showed a token when it asked the Hub', () => {
      expect(withHub.shown).toHaveLength(2);
      for (const value of SECRETS) {
        expect(withHub.shown.join('\n')).not.toContain(value);
      }
    });
  });

  // Last: it reads what every test above showed.
  it('never showed a token in any log line, output or error', () => {
    expect(shown.length).toBeGreaterThan(15);
    for (const value of SECRETS) {
      expect(shown.join('\n')).not.toContain(value);
    }
  });
});
