import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { ModelDownloadModel } from '@model-delivery/plugin-model-delivery-common';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { ModelDownloadModelsField } from './ModelDownloadModelsField';

/** The field as a form holds it: its value fed back on every change. */
function Harness(props: {
  initial?: ModelDownloadModel[];
  rawErrors?: string[];
  onValue: (value: ModelDownloadModel[] | undefined) => void;
}) {
  const [value, setValue] = useState(props.initial);
  const fieldProps = {
    formData: value,
    onChange: (next: ModelDownloadModel[] | undefined) => {
      setValue(next);
      props.onValue(next);
    },
    rawErrors: props.rawErrors ?? [],
    schema: { title: 'Models to download', description: 'Hugging Face models' },
    uiSchema: {},
    idSchema: { $id: 'root_models' },
    disabled: false,
    readonly: false,
    required: true,
    name: 'models',
  } as unknown as FieldExtensionComponentProps<ModelDownloadModel[]>;
  return <ModelDownloadModelsField {...fieldProps} />;
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
      second.getByRole('textbox', { name: /Revision/ }),
      'abc123',
    );
    await userEvent.type(
      second.getByRole('spinbutton', { name: /Retry count/ }),
      '2',
    );

    expect(onValue).toHaveBeenLastCalledWith([
      { name: 'google/gemma-2-2b-it' },
      { name: 'org/model', sha: 'abc123', retryCount: 2 },
    ]);
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
