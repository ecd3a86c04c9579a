import {
  HubModelReport,
  ModelDownloadModel,
} from '@model-delivery/plugin-model-delivery-common';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { FieldHarness } from '../../__testUtils__/FieldHarness';
import { mockModelDeliveryApi } from '../../__testUtils__/modelDeliveryApi';
import { ModelDownloadModelsField } from './ModelDownloadModelsField';

/** The field as a form holds it, with an API whose Hub knows no model yet. */
function Harness(props: {
  initial?: ModelDownloadModel[];
  rawErrors?: string[];
  onValue: (value: ModelDownloadModel[] | undefined) => void;
}) {
  const [api] = useState(() => {
    const mock = mockModelDeliveryApi();
    mock.checkHubModels.mockReturnValue(new Promise(() => {}));
    return mock;
  });
  return (
    <FieldHarness
      field={ModelDownloadModelsField}
      api={api}
      name="models"
      schema={{
        title: 'Models to download',
        description: 'Hugging Face models',
      }}
      initial={props.initial}
      rawErrors={props.rawErrors}
      onValue={props.onValue}
    />
  );
}

describe('ModelDownloadModelsField', () => {
  it('collects models as { name, sha?, retryCount? }', async () => {
    const onValue = jest.fn();
    render(<Harness onValue={onValue} />);

    expect(screen.getByText('Models to download')).toBeInTheDocument();
    const first = within(screen.getByRole('group', { name: 'Model 1' }));
    await userEvent.type(
      first.getByRole('textbox', { name: /Hugging Face model id/ }),
      'google/gemma-2-2b-it',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Add model' }));
    const second = within(screen.getByRole('group', { name: 'Model 2' }));
    await userEvent.type(
      second.getByRole('textbox', { name: /Hugging Face model id/ }),
      'org/model',
    );
    await userEvent.type(
      second.getByRole('textbox', {
        name: 'sha (recorded only, not downloaded)',
      }),
      'abc123',
    );
    await userEvent.type(
      second.getByRole('spinbutton', {
        name: 'retryCount (recorded only, no retries)',
      }),
      '2',
    );

    expect(onValue).toHaveBeenLastCalledWith([
      { name: 'google/gemma-2-2b-it' },
      { name: 'org/model', sha: 'abc123', retryCount: 2 },
    ]);
    // What hf-operator does with them: nothing; said under that row only.
    const warnings = screen.getAllByRole('note', { name: 'Warning: model 2' });
    expect(warnings.map(w => w.textContent)).toEqual([
      "sha 'abc123' is not the revision downloaded: hf-operator downloads the default branch of org/model whatever the sha says, and only records it in the spec (changing it recreates the model's Job). The Hub is checked at that default branch.",
      "retryCount 2 is only recorded in the spec: hf-operator runs the download of org/model once (its Job's backoffLimit is 0) and never retries it. Retry on the Model delivery tab runs a failed download again.",
    ]);
    expect(
      screen.queryByRole('note', { name: 'Warning: model 1' }),
    ).not.toBeInTheDocument();
  });

  it('removes a model', async () => {
    const onValue = jest.fn();
    render(
      <Harness
        initial={[{ name: 'org/a' }, { name: 'org/b', retryCount: 1 }]}
        onValue={onValue}
      />,
    );

    await userEvent.click(
      screen.getByRole('button', { name: 'Remove model 1' }),
    );

    expect(onValue).toHaveBeenLastCalledWith([
      { name: 'org/b', retryCount: 1 },
    ]);
    expect(
      screen.getByRole('textbox', { name: /Hugging Face model id/ }),
    ).toHaveValue('org/b');
  });

  it('marks the input a validation error is about', () => {
    render(
      <Harness
        initial={[{ name: 'org/a' }, { name: 'org/a' }]}
        rawErrors={[
          "models[1].name: 'org/a' is already listed as models[0]; list each model once",
        ]}
        onValue={jest.fn()}
      />,
    );

    const names = screen.getAllByRole('textbox', {
      name: /Hugging Face model id/,
    });
    expect(names[0]).not.toHaveAttribute('aria-invalid', 'true');
    expect(names[1]).toHaveAttribute('aria-invalid', 'true');
  });
});

const GIB = 1024 ** 3;

function hubReport(
  report: Partial<HubModelReport> & { id: string },
): HubModelReport {
  return {
    access: 'readable',
    url: `https://hub.example/${report.id}`,
    message: `${report.id} is readable`,
    ...report,
  };
}

/** The model-download form filled up to the models step, as the template orders it. */
const FORM = {
  cluster: 'local',
  namespace: 'ml-models',
  tokenSource: 'existing',
  hfTokenRef: { name: 'hf-token', key: 'token' },
  storagePVC: 'model-store',
};

describe('ModelDownloadModelsField with the Hub', () => {
  function apiAnswering(models: HubModelReport[]) {
    const api = mockModelDeliveryApi();
    api.checkHubModels.mockResolvedValue({
      hubUrl: 'https://hub.example',
      tokenSource: 'secret',
      models,
    });
    api.formPersistentVolumeClaims.mockResolvedValue({
      cluster: 'local',
      namespace: 'ml-models',
      items: [
        {
          name: 'model-store',
          capacity: '10Gi',
          capacityBytes: 10 * GIB,
          accessModes: ['ReadWriteOnce'],
          phase: 'Bound',
        },
      ],
    });
    return api;
  }

  it('says per row what the Hub found, asked with the chosen token Secret', async () => {
    const api = apiAnswering([
      hubReport({
        id: 'google/gemma-2-2b-it',
        totalBytes: 4.5 * GIB,
        license: 'gemma',
      }),
      hubReport({
        id: 'meta-llama/Llama-3.2-1B-Instruct',
        access: 'gated',
        gated: 'manual',
        url: 'https://hub.example/meta-llama/Llama-3.2-1B-Instruct',
        message: 'gated',
      }),
      hubReport({
        id: 'acme/secret-model',
        access: 'private',
        message: 'the Hub refuses this token',
      }),
      hubReport({
        id: 'nobody/nothing',
        access: 'missing',
        message: 'no such model',
      }),
    ]);
    render(
      <FieldHarness
        field={ModelDownloadModelsField}
        api={api}
        name="models"
        form={FORM}
        initial={[
          { name: 'google/gemma-2-2b-it' },
          { name: 'meta-llama/Llama-3.2-1B-Instruct' },
          { name: 'acme/secret-model' },
          { name: 'nobody/nothing' },
        ]}
      />,
    );

    expect(
      await screen.findByRole(
        'status',
        { name: 'Hub: model 1' },
        { timeout: 3000 },
      ),
    ).toHaveTextContent(
      'Found on the Hub at its default branch, the revision hf-operator downloads: 4.5 GiB, licence gemma.',
    );
    const gated = screen.getByRole('status', { name: 'Hub: model 2' });
    expect(gated).toHaveTextContent(
      'Gated: accept the terms at https://hub.example/meta-llama/Llama-3.2-1B-Instruct',
    );
    expect(within(gated).getByRole('link')).toHaveAttribute(
      'href',
      'https://hub.example/meta-llama/Llama-3.2-1B-Instruct',
    );
    expect(
      screen.getByRole('status', { name: 'Hub: model 3' }),
    ).toHaveTextContent(
      'Private or not readable with this token: the Hub refuses this token',
    );
    expect(
      screen.getByRole('status', { name: 'Hub: model 4' }),
    ).toHaveTextContent('Not on the Hub: no such model');
    expect(api.checkHubModels).toHaveBeenCalledWith({
      models: [
        { id: 'google/gemma-2-2b-it' },
        { id: 'meta-llama/Llama-3.2-1B-Instruct' },
        { id: 'acme/secret-model' },
        { id: 'nobody/nothing' },
      ],
      tokenSecret: {
        cluster: 'local',
        namespace: 'ml-models',
        name: 'hf-token',
        key: 'token',
      },
    });
  });

  it('asks the Hub at the default branch, the revision hf-operator downloads, whatever sha a row records', async () => {
    const pinned: ModelDownloadModel[] = [
      { name: 'google/gemma-2-2b-it', sha: 'v0.1-not-on-the-hub' },
    ];
    const api = apiAnswering([
      hubReport({ id: 'google/gemma-2-2b-it', totalBytes: 4.5 * GIB }),
    ]);
    render(
      <FieldHarness
        field={ModelDownloadModelsField}
        api={api}
        name="models"
        form={FORM}
        initial={pinned}
      />,
    );

    expect(
      await screen.findByRole(
        'status',
        { name: 'Hub: model 1' },
        { timeout: 3000 },
      ),
    ).toHaveTextContent(
      'Found on the Hub at its default branch, the revision hf-operator downloads: 4.5 GiB.',
    );
    expect(api.checkHubModels).toHaveBeenCalledWith(
      expect.objectContaining({ models: [{ id: 'google/gemma-2-2b-it' }] }),
    );
    expect(
      screen.getByRole('note', { name: 'Warning: model 1' }),
    ).toHaveTextContent(
      /^sha 'v0.1-not-on-the-hub' is not the revision downloaded/,
    );
  });

  it('flags models too large for the chosen PVC', async () => {
    const api = apiAnswering([
      hubReport({ id: 'big/model', totalBytes: 123 * GIB }),
      hubReport({ id: 'small/model', totalBytes: 0.5 * GIB }),
    ]);
    render(
      <FieldHarness
        field={ModelDownloadModelsField}
        api={api}
        name="models"
        form={FORM}
        initial={[{ name: 'big/model' }, { name: 'small/model' }]}
      />,
    );

    expect(
      await screen.findByRole('alert', {}, { timeout: 3000 }),
    ).toHaveTextContent(
      "The models need 124 GiB in total (big/model 123 GiB, small/model 512 MiB), more than the 10Gi (10.0 GiB) of PersistentVolumeClaim 'model-store'",
    );
  });

  it('says the models fit, and asks with the configured token when the form stores a new one', async () => {
    const api = apiAnswering([
      hubReport({ id: 'small/model', totalBytes: 2 * GIB }),
    ]);
    api.checkHubModels.mockResolvedValue({
      hubUrl: 'https://hub.example',
      tokenSource: 'config',
      models: [hubReport({ id: 'small/model', totalBytes: 2 * GIB })],
    });
    render(
      <FieldHarness
        field={ModelDownloadModelsField}
        api={api}
        name="models"
        form={{ ...FORM, tokenSource: 'new' }}
        initial={[{ name: 'small/model' }]}
      />,
    );

    expect(
      await screen.findByText(
        'Models total 2.0 GiB; PVC model-store holds 10Gi. Checked on https://hub.example with the portal’s configured token.',
        {},
        { timeout: 3000 },
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(api.checkHubModels).toHaveBeenCalledWith({
      models: [{ id: 'small/model' }],
    });
  });
});
