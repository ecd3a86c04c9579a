import { KubernetesObjectApi } from '@kubernetes/client-node';
import {
  DEFAULT_KAGGLE_SECRET,
  InputValidationError,
} from '@model-delivery/plugin-model-delivery-common';
import {
  CHAT_ASSISTANT_REF,
  SECRET_TYPE,
  actionRunner,
  expectClusterRoleAdvice,
  expectNamespaceRoleAdvice,
  optedInNamespace,
  LEFT_OUT_NAMESPACE,
  useTestCluster,
} from '@model-delivery/test-kit';
import { createKaggleCredentialsAction } from './createKaggleCredentialsAction';

jest.setTimeout(60_000);

const NS = 'gemma';
const USERNAME = 'kaggle-user-zq81';
const KEY = '0f4c2a9e5b7d4e1f8a3c6b9d2e5f8a1c';
const NEW_KEY = '9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b';
const VALUES = [USERNAME, KEY, NEW_KEY].flatMap(v => [
  v,
  Buffer.from(v).toString('base64'),
]);

const INPUT = {
  cluster: 'local',
  namespace: NS,
  entityRef: CHAT_ASSISTANT_REF,
};
const SECRETS = { kaggleUsername: USERNAME, kaggleKey: KEY };

const cluster = useTestCluster({ given: () => [...optedInNamespace(NS)] });

const { run, shown } = actionRunner(
  () => createKaggleCredentialsAction(cluster.options),
  { secrets: SECRETS },
);

async function readSecretValues(name: string) {
  const found = await cluster.get(SECRET_TYPE, name, NS);
  return (
    found &&
    Object.fromEntries(
      Object.entries(found.data as Record<string, string>).map(([k, v]) => [
        k,
        Buffer.from(v, 'base64').toString('utf8'),
      ]),
    )
  );
}

describe('model-delivery:kaggle-credentials:create', () => {
  it('creates kaggle-credentials with the keys username and key from two task secrets', async () => {
    const { error, outputs } = await run(INPUT);

    expect(error).toBeUndefined();
    await expect(readSecretValues('kaggle-credentials')).resolves.toEqual({
      username: USERNAME,
      key: KEY,
    });
    expect(outputs).toEqual({
      cluster: 'local',
      namespace: NS,
      name: 'kaggle-credentials',
      outcome: 'created',
      dryRun: false,
      changes: [],
      summary:
        "Created Secret gemma/kaggle-credentials in cluster 'local' (keys username, key)",
    });
  });

  it('changes nothing when run again with the same credentials', async () => {
    const { error, outputs } = await run(INPUT);

    expect(error).toBeUndefined();
    expect(outputs.outcome).toBe('unchanged');
  });

  it('updates a changed key, naming the key only', async () => {
    const { error, outputs } = await run(INPUT, {
      secrets: { ...SECRETS, kaggleKey: NEW_KEY },
    });

    expect(error).toBeUndefined();
    expect(outputs).toMatchObject({
      outcome: 'updated',
      changes: ['data.key changed'],
    });
    await expect(readSecretValues('kaggle-credentials')).resolves.toEqual({
      username: USERNAME,
      key: NEW_KEY,
    });
  });

  it('reads the task secrets the inputs name', async () => {
    const { error } = await run(
      {
        ...INPUT,
        name: 'team-kaggle',
        usernameSecretName: 'user',
        keySecretName: 'apiKey',
      },
      { secrets: { user: USERNAME, apiKey: KEY } },
    );

    expect(error).toBeUndefined();
    await expect(readSecretValues('team-kaggle')).resolves.toEqual({
      username: USERNAME,
      key: KEY,
    });
  });

  it('sends no value in a dry run and persists nothing', async () => {
    const patch = jest.spyOn(KubernetesObjectApi.prototype, 'patch');
    try {
      const { error, outputs } = await run(
        { ...INPUT, name: 'dry-kaggle' },
        { dryRun: true },
      );

      expect(error).toBeUndefined();
      expect(outputs).toMatchObject({ outcome: 'created', dryRun: true });
      expect(patch.mock.calls[0][0]).toMatchObject({
        data: { username: '', key: '' },
      });
      for (const value of VALUES) {
        expect(JSON.stringify(patch.mock.calls)).not.toContain(value);
      }
      await expect(readSecretValues('dry-kaggle')).resolves.toBeUndefined();
    } finally {
      patch.mockRestore();
    }
  });

  it('names the missing task secret and applies nothing', async () => {
    const before = await cluster.names(SECRET_TYPE);

    const { error } = await run(
      { ...INPUT, name: 'half-kaggle' },
      { secrets: { kaggleUsername: USERNAME } },
    );

    expect(error).toBeInstanceOf(InputValidationError);
    expect((error as InputValidationError).issues).toEqual([
      {
        field: 'keySecretName',
        message: expect.stringMatching(
          /^the task has no secret 'kaggleKey' \(or it is empty\): the template must collect it/,
        ),
      },
    ]);
    await expect(cluster.names(SECRET_TYPE)).resolves.toEqual(before);
  });

  it('turns a 403 into the ClusterRole to grant', () =>
    expectClusterRoleAdvice(run, INPUT));

  it('names the namespace and the Role to bind where the namespace is not opted in, and stores nothing', async () => {
    await expectNamespaceRoleAdvice(run, INPUT);
    await expect(
      cluster.get(SECRET_TYPE, DEFAULT_KAGGLE_SECRET, LEFT_OUT_NAMESPACE),
    ).resolves.toBeUndefined();
  });

  // Last: it reads what every test above showed.
  it('never showed a credential in any log line, output or error', () => {
    expect(shown.length).toBe(8);
    for (const value of VALUES) {
      expect(shown.join('\n')).not.toContain(value);
    }
  });
});
