import { ApiHolder } from '@backstage/core-plugin-api';
import {
  HubModelReport,
  HubModelsCheckResponse,
  ModelDownloadModel,
} from '@model-delivery/plugin-model-delivery-common';
import { modelDeliveryApiRef } from '../../api';
import { mockModelDeliveryApi } from '../../__testUtils__/modelDeliveryApi';
import { validateModelDownloadModels } from './validateModelDownloadModels';

/** The rest of a valid form: the fields other than the model list. */
const FORM = {
  name: 'chat-models',
  namespace: 'models',
  storagePVC: 'model-cache',
  hfTokenRef: { name: 'hf-token', key: 'token' },
  nodePool: 'gpu-pool',
};

/** Runs the validator as the scaffolder does, returning the errors on this field. */
async function errorsFor(
  models: ModelDownloadModel[] | undefined,
  form: Record<string, unknown> = FORM,
): Promise<string[]> {
  const errors: string[] = [];
  await validateModelDownloadModels(
    models as ModelDownloadModel[],
    { addError: (message: string) => errors.push(message), __errors: [] },
    {
      apiHolder: { get: () => undefined } as ApiHolder,
      formData: { ...form, models: models as any },
      schema: {},
    },
  );
  return errors;
}

describe('validateModelDownloadModels', () => {
  it('accepts a valid list', async () => {
    await expect(
      errorsFor([
        { name: 'google/gemma-2-2b-it' },
        { name: 'meta-llama/Llama-3.1-8B', sha: 'abc123', retryCount: 2 },
      ]),
    ).resolves.toEqual([]);
  });

  it('reports a Job name over 63 characters on the model that causes it', async () => {
    const errors = await errorsFor(
      [
        { name: 'google/gemma-2-2b-it' },
        { name: 'mistralai/Mistral-7B-Instruct-v0.3-long-suffix' },
      ],
      { ...FORM, name: 'a-rather-long-model-download-name' },
    );

    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^models\[1\]\.name: hf-operator would name this model's Job '/,
    );
    expect(errors[0]).toMatch(
      /Kubernetes allows 63: shorten the resource name 'a-rather-long-model-download-name'/,
    );
  });

  it('reports a model listed twice on the second listing', async () => {
    const errors = await errorsFor([
      { name: 'google/gemma-2-2b-it' },
      { name: 'org/other' },
      { name: 'google/gemma-2-2b-it' },
    ]);

    expect(errors).toEqual([
      "models[2].name: 'google/gemma-2-2b-it' is already listed as models[0]; list each model once",
    ]);
  });

  it('reports an empty list', async () => {
    await expect(errorsFor([])).resolves.toEqual([
      'models: at least one model is required',
    ]);
    await expect(errorsFor(undefined)).resolves.toEqual([
      'models: at least one model is required',
    ]);
  });

  it('reports a bad retryCount on its own input', async () => {
    await expect(
      errorsFor([{ name: 'google/gemma-2-2b-it', retryCount: 1.5 }]),
    ).resolves.toEqual([
      'models[0].retryCount: retryCount must be a whole number, got 1.5',
    ]);
  });

  it('leaves the other fields to their own validation', async () => {
    const errors = await errorsFor([{ name: 'google/gemma-2-2b-it' }], {
      ...FORM,
      storagePVC: 'Not_A_Name',
      hfTokenRef: undefined,
    });

    expect(errors).toEqual([]);
  });

  it('validates the value of the field, whatever the form property is called', async () => {
    const errors: string[] = [];
    await validateModelDownloadModels(
      [{ name: 'not a model id' }],
      { addError: (message: string) => errors.push(message), __errors: [] },
      {
        apiHolder: { get: () => undefined } as ApiHolder,
        formData: { ...FORM, modelList: [{ name: 'not a model id' }] },
        schema: {},
      },
    );

    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^models\[0\]\.name: /);
  });
});

describe('validateModelDownloadModels with the Hub', () => {
  async function hubErrors(
    reports: HubModelsCheckResponse['models'] | Error,
    models: ModelDownloadModel[],
  ) {
    const api = mockModelDeliveryApi();
    if (reports instanceof Error) api.checkHubModels.mockRejectedValue(reports);
    else {
      api.checkHubModels.mockResolvedValue({
        hubUrl: 'https://hub.example',
        tokenSource: 'secret',
        models: reports,
      });
    }
    const errors: string[] = [];
    await validateModelDownloadModels(
      models,
      { addError: (message: string) => errors.push(message), __errors: [] },
      {
        apiHolder: {
          get: (ref: { id: string }) =>
            ref.id === modelDeliveryApiRef.id ? api : undefined,
        } as ApiHolder,
        formData: { ...FORM, cluster: 'local', models: models as any },
        schema: {},
      },
    );
    return { errors, api };
  }

  it('refuses a gated, private or missing model on its own row, before submitting', async () => {
    const report = (id: string, access: HubModelReport['access']) => ({
      id,
      access,
      url: `https://hub.example/${id}`,
      message: `${id}: ${access}`,
    });
    const { errors, api } = await hubErrors(
      [
        report('google/gemma-2-2b-it', 'readable'),
        report('meta-llama/Llama-3.2-1B-Instruct', 'gated'),
        report('acme/private', 'private'),
        report('nobody/nothing', 'missing'),
      ],
      [
        { name: 'google/gemma-2-2b-it' },
        { name: 'meta-llama/Llama-3.2-1B-Instruct' },
        { name: 'acme/private' },
        { name: 'nobody/nothing' },
      ],
    );

    expect(errors).toEqual([
      'models[1].name: meta-llama/Llama-3.2-1B-Instruct: gated',
      'models[2].name: acme/private: private',
      'models[3].name: nobody/nothing: missing',
    ]);
    expect(api.checkHubModels).toHaveBeenCalledWith({
      models: [
        { id: 'google/gemma-2-2b-it' },
        { id: 'meta-llama/Llama-3.2-1B-Instruct' },
        { id: 'acme/private' },
        { id: 'nobody/nothing' },
      ],
      tokenSecret: {
        cluster: 'local',
        namespace: 'models',
        name: 'hf-token',
        key: 'token',
      },
    });
  });

  it('refuses nothing when the Hub cannot be asked (the action says so when it runs)', async () => {
    const { errors } = await hubErrors(new Error('503'), [
      { name: 'google/gemma-2-2b-it' },
    ]);
    expect(errors).toEqual([]);
  });
});
