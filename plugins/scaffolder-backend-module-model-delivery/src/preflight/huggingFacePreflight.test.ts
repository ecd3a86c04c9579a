import { ConfigReader } from '@backstage/config';
import {
  localModelCacheKind,
  modelDownloadKind,
} from '@model-delivery/plugin-model-delivery-common';
import {
  FAKE_HUB_ACCEPTED_TOKEN,
  FAKE_HUB_SAMPLE_TOKEN,
  FakeHuggingFaceHub,
  freePort,
  startFakeHuggingFaceHub,
} from '@internal/local-control-plane';
import {
  APP_BASE_URL,
  CHAT_ASSISTANT_REF,
  LLAMA_CACHE_INPUT,
  actionRunner,
  localModelNodeGroup,
  optedInNamespace,
  secret,
  useTestCluster,
} from '@model-delivery/test-kit';
import { createLocalModelCacheAction } from '../actions/localModelCache/createLocalModelCacheAction';
import { createModelDownloadAction } from '../actions/modelDownload/createModelDownloadAction';

jest.setTimeout(60_000);

const NS = 'ml-models';
const LLAMA = 'meta-llama/Llama-3.2-1B-Instruct';

const cluster = useTestCluster({
  given: () => [
    ...optedInNamespace(NS),
    ...optedInNamespace('kserve-localmodel-jobs'),
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'model-store', namespace: NS },
      spec: {
        accessModes: ['ReadWriteMany'],
        resources: { requests: { storage: '200Gi' } },
      },
    },
    // The sample Secret: its user has not accepted the Llama 3.2 terms.
    secret(NS, 'hf-token', { token: FAKE_HUB_SAMPLE_TOKEN }),
    localModelNodeGroup('gpu-a100'),
  ],
});

let hub: FakeHuggingFaceHub;
let closedHub: string;
beforeAll(async () => {
  hub = await startFakeHuggingFaceHub();
  closedHub = `http://127.0.0.1:${await freePort()}`;
});
afterAll(() => hub?.stop());

type Preflight = { hubUnreachable?: string; tooLarge?: string };

function options(preflight: Preflight = {}, endpoint?: string) {
  return {
    ...cluster.options,
    config: new ConfigReader({
      app: { baseUrl: APP_BASE_URL },
      modelDelivery: {
        huggingFace: { endpoint: endpoint ?? hub.url },
        preflight,
      },
    }),
  };
}

/** Everything every run showed, to look for the tokens in. */
const shown: string[] = [];

function modelDownload(preflight?: Preflight, endpoint?: string) {
  const runner = actionRunner(() =>
    createModelDownloadAction(options(preflight, endpoint)),
  );
  return async (input: object, runOptions?: object) => {
    const result = await runner.run(input, runOptions);
    shown.push(...runner.shown);
    return result;
  };
}

function localModelCache(preflight?: Preflight) {
  const runner = actionRunner(() =>
    createLocalModelCacheAction(options(preflight)),
  );
  return async (input: object) => {
    const result = await runner.run(input);
    shown.push(...runner.shown);
    return result;
  };
}

function download(name: string, models: string[], extra: object = {}) {
  return {
    cluster: 'local',
    namespace: NS,
    name,
    entityRef: CHAT_ASSISTANT_REF,
    models: models.map(m => ({ name: m })),
    storagePVC: 'model-store',
    hfTokenRef: { name: 'hf-token', key: 'token' },
    ...extra,
  };
}

const downloads = () => cluster.names(modelDownloadKind.resource);

describe('the Hugging Face preflight of model-delivery:model-download:create', () => {
  it("refuses a gated model whose terms the token's user has not accepted, in a dry run too, applying nothing", async () => {
    const run = modelDownload();
    for (const dryRun of [true, false]) {
      const { error } = await run(
        download('chat-models', ['Qwen/Qwen2.5-0.5B-Instruct', LLAMA]),
        { dryRun },
      );

      expect(error?.name).toBe('PreconditionError');
      expect(error?.message).toBe(
        `Cannot apply ModelDownload ${NS}/chat-models in cluster 'local'; nothing was applied:\n` +
          `- models[1].name: ${LLAMA} is gated and the token's user has not accepted its terms: accept them at ${hub.url}/${LLAMA} with the Hugging Face account the token belongs to (or use a token of an account that has), then run again. (Hub ${hub.url}, asked with the token in Secret 'hf-token' key 'token')`,
      );
    }
    expect(await downloads()).toEqual([]);
  });

  it('refuses a missing model and a private model the token cannot read, naming each', async () => {
    const { error } = await modelDownload()(
      download('chat-models', [
        'nobody/no-such-model',
        'model-delivery/internal-finetune',
        'Qwen/Qwen2.5-0.5B-Instruct',
      ]),
    );

    expect(error?.name).toBe('PreconditionError');
    expect(error?.message).toContain(
      '- models[0].name: nobody/no-such-model does not exist on the Hub',
    );
    expect(error?.message).toContain(
      "- models[1].name: model-delivery/internal-finetune does not exist on the Hub (or it is private and the token's user cannot read it): check the model id.",
    );
    expect(error?.message).not.toContain('models[2]');
    expect(await downloads()).toEqual([]);
  });

  it('asks with the new token a task stores first, and goes on when the Hub says every model is readable', async () => {
    const { error, lines } = await modelDownload()(
      download('chat-models', [LLAMA], {
        hfTokenRef: { name: 'new-hf-token', key: 'token' },
        hfTokenFromEarlierStep: true,
      }),
      { dryRun: true, secrets: { hfToken: FAKE_HUB_ACCEPTED_TOKEN } },
    );

    expect(error).toBeUndefined();
    expect(lines).toContain(
      `info: Hugging Face Hub ${hub.url}: every model exists and may be read with the new token of task secret 'hfToken'; 4.6 GiB in total, for PersistentVolumeClaim 'model-store' of 200Gi`,
    );
  });

  it('warns when the models do not fit the PVC, and applies', async () => {
    const { error, lines, outputs } = await modelDownload()(
      download('large-models', ['deepseek-ai/DeepSeek-R1']),
    );

    expect(error).toBeUndefined();
    expect(outputs.outcome).toBe('created');
    expect(lines).toContain(
      `warn: The models need 642 GiB in total (deepseek-ai/DeepSeek-R1 642 GiB), more than the 200Gi (200 GiB) of PersistentVolumeClaim 'model-store': downloads would fail with "No space left on device". Use a larger claim, or fewer or smaller models. Going on (modelDelivery.preflight.tooLarge: refuse would stop here)`,
    );
  });

  it('refuses models that do not fit the PVC when configured to', async () => {
    const { error } = await modelDownload({ tooLarge: 'refuse' })(
      download('too-large', [
        'deepseek-ai/DeepSeek-R1',
        'google/gemma-2-2b-it',
      ]),
    );

    expect(error?.name).toBe('PreconditionError');
    expect(error?.message).toContain(
      "- The models need 647 GiB in total (deepseek-ai/DeepSeek-R1 642 GiB, google/gemma-2-2b-it 4.9 GiB), more than the 200Gi (200 GiB) of PersistentVolumeClaim 'model-store'",
    );
    expect(error?.message).toContain(
      "(modelDelivery.preflight.tooLarge is 'refuse')",
    );
    expect(await downloads()).not.toContain(`${NS}/too-large`);
  });

  it('says in the log that the Hub did not answer and goes on, or refuses when configured to', async () => {
    const warned = await modelDownload(
      {},
      closedHub,
    )(download('unchecked', [LLAMA]));
    const refused = await modelDownload(
      { hubUnreachable: 'refuse' },
      closedHub,
    )(download('refused-unchecked', [LLAMA]));

    expect(warned.error).toBeUndefined();
    expect(warned.lines).toContain(
      `warn: The Hugging Face Hub at ${closedHub} could not be asked about ${LLAMA}: ECONNREFUSED. The models' existence, access and size were not checked; going on (modelDelivery.preflight.hubUnreachable: refuse would stop here)`,
    );
    expect(refused.error?.message).toContain(
      `- The Hugging Face Hub at ${closedHub} could not be asked about ${LLAMA}: ECONNREFUSED. The models could not be checked, and modelDelivery.preflight.hubUnreachable is 'refuse'`,
    );
    const names = await downloads();
    expect(names).toContain(`${NS}/unchecked`);
    expect(names).not.toContain(`${NS}/refused-unchecked`);
  });
});

describe('the Hugging Face preflight of model-delivery:local-model-cache:create', () => {
  const cache = (name: string, modelSize: string) => ({
    ...LLAMA_CACHE_INPUT,
    name,
    sourceModelUri: `hf://meta-llama/meta-llama-3-8b-instruct`,
    modelSize,
    entityRef: CHAT_ASSISTANT_REF,
  });

  it('goes on when modelSize holds the model', async () => {
    const { error, lines } = await localModelCache()(
      cache('llama-3-8b', '20Gi'),
    );

    expect(error).toBeUndefined();
    expect(lines).toContain(
      `info: Hugging Face Hub ${hub.url}: meta-llama/meta-llama-3-8b-instruct is 15.0 GiB, within modelSize 20Gi`,
    );
  });

  it('refuses a modelSize smaller than the model when configured to, and warns otherwise', async () => {
    const refused = await localModelCache({ tooLarge: 'refuse' })(
      cache('llama-3-8b', '10Gi'),
    );
    expect(refused.error?.name).toBe('PreconditionError');
    expect(refused.error?.message).toContain(
      '- modelSize: modelSize 10Gi (10.0 GiB) is smaller than meta-llama/meta-llama-3-8b-instruct on the Hub (15.0 GiB)',
    );
    expect(refused.error?.message).toContain('set modelSize to at least 15Gi');
    expect(
      (await cluster.get(localModelCacheKind.resource, 'llama-3-8b')).spec
        .modelSize,
    ).toBe('20Gi');

    const warned = await localModelCache()(cache('llama-3-8b', '10Gi'));
    expect(warned.error).toBeUndefined();
    expect(warned.lines).toContain(
      `warn: modelSize: modelSize 10Gi (10.0 GiB) is smaller than meta-llama/meta-llama-3-8b-instruct on the Hub (15.0 GiB): KServe sizes each node's volume by modelSize, so the download would fail with "No space left on device"; set modelSize to at least 15Gi. Going on (modelDelivery.preflight.tooLarge: refuse would stop here)`,
    );
    expect(
      (await cluster.get(localModelCacheKind.resource, 'llama-3-8b')).spec
        .modelSize,
    ).toBe('10Gi');
  });
});

// Last: every run of the tests above is in `shown`.
it('never shows a token in a task log, output or error', () => {
  const everything = shown.join('\n');
  expect(everything).toContain(hub.url);
  for (const token of [FAKE_HUB_SAMPLE_TOKEN, FAKE_HUB_ACCEPTED_TOKEN]) {
    expect(everything).not.toContain(token);
  }
});
