import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { TestApiProvider } from '@backstage/test-utils';
import { ComponentType, useState } from 'react';
import { ModelDeliveryApi, modelDeliveryApiRef } from '../api';

/**
 * A scaffolder form field as a form holds it: its value fed back on every change, the
 * rest of the form as `formContext.formData` (as the scaffolder passes it), the plugin's
 * API from `api`.
 */
export function FieldHarness<T>(props: {
  field: ComponentType<FieldExtensionComponentProps<T, any>>;
  api: ModelDeliveryApi;
  initial?: T;
  form?: Record<string, unknown>;
  schema?: Record<string, unknown>;
  uiOptions?: Record<string, unknown>;
  rawErrors?: string[];
  name?: string;
  onValue?: (value: T | undefined) => void;
}) {
  return (
    <TestApiProvider apis={[[modelDeliveryApiRef, props.api]]}>
      <Stateful {...props} />
    </TestApiProvider>
  );
}

function Stateful<T>(props: Parameters<typeof FieldHarness<T>>[0]) {
  const [value, setValue] = useState(props.initial);
  const Field = props.field;
  const name = props.name ?? 'field';
  const fieldProps = {
    formData: value,
    onChange: (next: T | undefined) => {
      setValue(next);
      props.onValue?.(next);
    },
    rawErrors: props.rawErrors ?? [],
    schema: props.schema ?? { type: 'string', title: 'Field' },
    uiSchema: { 'ui:options': props.uiOptions ?? {} },
    idSchema: { $id: `root_${name}` },
    formContext: { formData: { ...props.form, [name]: value } },
    disabled: false,
    readonly: false,
    required: true,
    name,
  } as unknown as FieldExtensionComponentProps<T, any>;
  return <Field {...fieldProps} />;
}
