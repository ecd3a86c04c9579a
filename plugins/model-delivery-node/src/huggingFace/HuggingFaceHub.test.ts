import { ConfigReader } from '@backstage/config';
import {
  FAKE_HUB_ACCEPTED_TOKEN,
  FAKE_HUB_SAMPLE_TOKEN,
  FakeHuggingFaceHub,
  fakeHubModel,
  fakeHubModelBytes,
  freePort,
  startFakeHuggingFaceHub,
} from '@internal/local-control-plane';
import { HuggingFaceHub } from './HuggingFaceHub';

const LLAMA = 'meta-llama/Llama-3.2-1B-Instruct';
const PRIVATE = 'model-delivery/internal-finetune';
const BAD_TOKEN = 'hf_NotAKnownTokenAtAll000000000000';

let hub: FakeHuggingFaceHub;
/** Everything the client returned in these tests, to look for tokens in. */
const returned: string[] = [];

function client(endpoint = hub.url) {
  return HuggingFaceHub.fromConfig(
    new ConfigReader({
      modelDelivery: { huggingFace: { endpoint, cacheSeconds: 0 } },
    }),
  );
}

async function check(
  models: Array<{ id: string; revision?: string }>,
  token: string | undefined,
  endpoint?: string,
) {
  const result = await client(endpoint).checkModels(models, token);
  returned.push(JSON.stringify(result));
  return result;
}

function bytesOf(id: string) {
  return fakeHubModelBytes(fakeHubModel(id)!);
}

beforeAll(async () => {
  // Small pages, so that a large model's tree takes several (Link header).
  hub = await startFakeHuggingFaceHub({ pageSize: 20 });
});
afterAll(() => hub.stop());

describe('HuggingFaceHub', () => {
  it('reports a public model as readable, with its total size and licence', async () => {
    const result = await check(
      [{ id: 'Qwen/Qwen2.5-0.5B-Instruct' }],
      undefined,
    );

    expect(result.problem).toBeUndefined();
    expect(result.hubUrl).toBe(hub.url);
    expect(result.models).toEqual([
      {
        id: 'Qwen/Qwen2.5-0.5B-Instruct',
        access: 'readable',
        gated: false,
        private: false,
        license: 'apache-2.0',
        totalBytes: bytesOf('Qwen/Qwen2.5-0.5B-Instruct'),
        url: `${hub.url}/Qwen/Qwen2.5-0.5B-Instruct`,
        message:
          'Found Qwen/Qwen2.5-0.5B-Instruct: 955 MiB, licence apache-2.0.',
      },
    ]);
  });

  it('sums every page of a large tree, and reads a licence given only as a tag', async () => {
    const result = await check(
      [
        { id: 'deepseek-ai/DeepSeek-R1' },
        { id: 'mistralai/Mistral-7B-Instruct-v0.3', revision: 'v0.3' },
      ],
      FAKE_HUB_SAMPLE_TOKEN,
    );

    expect(result.models[0]).toMatchObject({
      access: 'readable',
      totalBytes: bytesOf('deepseek-ai/DeepSeek-R1'),
      license: 'mit',
    });
    expect(
      hub.requests.filter(
        r => r.includes('/DeepSeek-R1/tree/') && r.includes('cursor='),
      ).length,
    ).toBeGreaterThan(5);
    expect(result.models[1]).toMatchObject({
      revision: 'v0.3',
      access: 'readable',
      gated: 'auto',
      license: 'apache-2.0',
      totalBytes: bytesOf('mistralai/Mistral-7B-Instruct-v0.3'),
    });
  });

  it("reports a gated model as gated until the token's user accepted its terms", async () => {
    const notAccepted = await check([{ id: LLAMA }], FAKE_HUB_SAMPLE_TOKEN);
    const accepted = await check([{ id: LLAMA }], FAKE_HUB_ACCEPTED_TOKEN);
    const anonymous = await check([{ id: LLAMA }], undefined);

    expect(notAccepted.models[0]).toMatchObject({
      access: 'gated',
      gated: 'manual',
      license: 'llama3.2',
      // Its files are listed publicly, so the size is known either way.
      totalBytes: bytesOf(LLAMA),
    });
    expect(notAccepted.models[0].message).toBe(
      `${LLAMA} is gated and the token's user has not accepted its terms: accept them at ${hub.url}/${LLAMA} with the Hugging Face account the token belongs to (or use a token of an account that has), then run again.`,
    );
    expect(accepted.models[0]).toMatchObject({
      access: 'readable',
      gated: 'manual',
    });
    expect(accepted.models[0].message).toContain(
      "the token's user has accepted its terms",
    );
    expect(anonymous.models[0]).toMatchObject({ access: 'gated' });
  });

  it('reports a private model the token may not read as private (401) or not found (404), and readable to its readers', async () => {
    const anonymous = await check([{ id: PRIVATE }], undefined);
    const badToken = await check([{ id: PRIVATE }], BAD_TOKEN);
    const otherUser = await check([{ id: PRIVATE }], FAKE_HUB_SAMPLE_TOKEN);
    const reader = await check([{ id: PRIVATE }], FAKE_HUB_ACCEPTED_TOKEN);

    expect(anonymous.models[0]).toMatchObject({ access: 'private' });
    expect(anonymous.models[0].message).toContain('only with a token');
    expect(badToken.models[0]).toMatchObject({ access: 'private' });
    expect(badToken.models[0].message).toContain(
      'refused the token (invalid credentials)',
    );
    // The Hub does not tell a token that cannot read a private model that it exists.
    expect(otherUser.models[0]).toMatchObject({ access: 'missing' });
    expect(otherUser.models[0].message).toContain(
      "or it is private and the token's user cannot read it",
    );
    expect(reader.models[0]).toMatchObject({
      access: 'readable',
      private: true,
    });
  });

  it('reports a missing model and a missing revision as missing', async () => {
    const result = await check(
      [
        { id: 'nobody/no-such-model' },
        { id: 'Qwen/Qwen2.5-0.5B-Instruct', revision: 'no-such-branch' },
      ],
      FAKE_HUB_SAMPLE_TOKEN,
    );

    expect(result.problem).toBeUndefined();
    expect(result.models.map(m => m.access)).toEqual(['missing', 'missing']);
    expect(result.models[0].message).toContain(
      'nobody/no-such-model does not exist on the Hub',
    );
    expect(result.models[1].message).toBe(
      "Qwen/Qwen2.5-0.5B-Instruct has no revision 'no-such-branch' on the Hub: use a branch, tag or commit it has.",
    );
  });

  it('reports every model unknown, with the problem, when the Hub does not answer', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;

    const result = await check(
      [{ id: LLAMA }, { id: 'Qwen/Qwen2.5-0.5B-Instruct' }],
      FAKE_HUB_SAMPLE_TOKEN,
      closed,
    );

    expect(result.models.map(m => m.access)).toEqual(['unknown', 'unknown']);
    expect(result.problem).toBe(
      `The Hugging Face Hub at ${closed} could not be asked about ${LLAMA}: ECONNREFUSED`,
    );
  });

  it('asks the Hub again for the same model only after the cache time, and per token', async () => {
    const cached = HuggingFaceHub.fromConfig(
      new ConfigReader({
        modelDelivery: { huggingFace: { endpoint: hub.url } },
      }),
    );
    const asked = () =>
      hub.requests.filter(r => r.includes('/google/gemma-2b/')).length;

    await cached.checkModels(
      [{ id: 'google/gemma-2b' }],
      FAKE_HUB_SAMPLE_TOKEN,
    );
    const afterFirst = asked();
    await cached.checkModels(
      [{ id: 'google/gemma-2b' }],
      FAKE_HUB_SAMPLE_TOKEN,
    );
    expect(asked()).toBe(afterFirst);
    await cached.checkModels(
      [{ id: 'google/gemma-2b' }],
      FAKE_HUB_ACCEPTED_TOKEN,
    );
    expect(asked()).toBeGreaterThan(afterFirst);
  });

  it('takes its token from config, and never returns a token', async () => {
    const configured = HuggingFaceHub.fromConfig(
      new ConfigReader({
        modelDelivery: {
          huggingFace: { endpoint: hub.url, token: FAKE_HUB_ACCEPTED_TOKEN },
        },
      }),
    );
    expect(configured.configuredToken()).toBe(FAKE_HUB_ACCEPTED_TOKEN);
    expect(client().configuredToken()).toBeUndefined();

    const everything = returned.join('\n');
    expect(everything).toContain('"access"');
    for (const token of [
      FAKE_HUB_SAMPLE_TOKEN,
      FAKE_HUB_ACCEPTED_TOKEN,
      BAD_TOKEN,
    ]) {
      expect(everything).not.toContain(token);
    }
    expect(hub.requests.join('\n')).not.toContain(FAKE_HUB_SAMPLE_TOKEN);
  });
});
