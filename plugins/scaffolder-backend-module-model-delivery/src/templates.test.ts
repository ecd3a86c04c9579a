import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import yaml from 'yaml';
import { ModelDeliveryActionOptions } from './actions/actionOptions';
import { createModelDeliveryActions } from './actions/createModelDeliveryActions';

/*
 * The templates this module ships (templates/) against the actions it registers: cheap,
 * and it catches drift (a renamed input, a removed output, a typo in a parameter name)
 * before a user meets it halfway through a task.
 */

const TEMPLATES_DIR = resolve(__dirname, '../templates');
const actions = new Map(
  createModelDeliveryActions({} as ModelDeliveryActionOptions).map(a => [
    a.id,
    a,
  ]),
);

type Schema = {
  properties?: Record<string, Schema>;
  dependencies?: Record<string, { oneOf?: Schema[] }>;
  items?: Schema;
  [key: string]: unknown;
};

interface Step {
  id: string;
  action: string;
  if?: string;
  input?: Record<string, unknown>;
}

const location = yaml.parse(
  readFileSync(join(TEMPLATES_DIR, 'all.yaml'), 'utf8'),
);
const templateFiles: string[] = location.spec.targets.map((target: string) =>
  resolve(TEMPLATES_DIR, target),
);

/** Top-level form properties, with those a dependency adds, and their schemas. */
function formProperties(template: any): Map<string, Schema> {
  const properties = new Map<string, Schema>();
  for (const page of template.spec.parameters as Schema[]) {
    for (const [name, schema] of Object.entries(page.properties ?? {})) {
      properties.set(name, schema);
    }
    for (const dependency of Object.values(page.dependencies ?? {})) {
      for (const branch of dependency.oneOf ?? []) {
        for (const [name, schema] of Object.entries(branch.properties ?? {})) {
          if (!properties.has(name) || Object.keys(schema).length > 1) {
            properties.set(name, schema);
          }
        }
      }
    }
  }
  return properties;
}

/** Every `${{ … }}` expression in a value, however deep. */
function expressions(value: unknown): string[] {
  if (typeof value === 'string') {
    return [...value.matchAll(/\$\{\{(.*?)\}\}/g)].map(m => m[1]);
  }
  if (Array.isArray(value)) return value.flatMap(expressions);
  if (value && typeof value === 'object') {
    return Object.values(value).flatMap(expressions);
  }
  return [];
}

describe('templates/all.yaml', () => {
  it('lists every template under templates/', () => {
    const onDisk = readdirSync(TEMPLATES_DIR, { withFileTypes: true })
      .filter(entry => entry.isDirectory())
      .map(entry => join(TEMPLATES_DIR, entry.name, 'template.yaml'));
    expect([...templateFiles].sort()).toEqual(onDisk.sort());
  });
});

describe.each(
  templateFiles.map(file => [file.slice(TEMPLATES_DIR.length + 1), file]),
)('%s', (_name, file) => {
  const template = yaml.parse(readFileSync(file, 'utf8'));
  const steps: Step[] = template.spec.steps;
  const parameters = formProperties(template);

  it('is a model-delivery scaffolder template', () => {
    expect(template.apiVersion).toBe('scaffolder.backstage.io/v1beta3');
    expect(template.kind).toBe('Template');
    expect(template.spec.type).toBe('model-delivery');
    expect(dirname(file)).toBe(join(TEMPLATES_DIR, template.metadata.name));
  });

  it('uses only actions this module registers, with inputs they declare', () => {
    for (const step of steps) {
      const action = actions.get(step.action);
      expect({ step: step.id, registered: !!action }).toEqual({
        step: step.id,
        registered: true,
      });
      const declared = Object.keys(
        (action!.schema?.input as Schema).properties ?? {},
      );
      for (const input of Object.keys(step.input ?? {})) {
        expect({
          step: step.id,
          input,
          declared: declared.includes(input),
        }).toEqual({
          step: step.id,
          input,
          declared: true,
        });
      }
    }
  });

  it('passes every input its actions require', () => {
    for (const step of steps) {
      const required: string[] =
        ((actions.get(step.action)!.schema?.input as Schema)
          .required as string[]) ?? [];
      expect({
        step: step.id,
        missing: required.filter(r => !(r in (step.input ?? {}))),
      }).toEqual({ step: step.id, missing: [] });
    }
  });

  it('refers only to parameters the form has and outputs earlier steps declare', () => {
    const everything = [
      ...expressions(steps),
      ...expressions(template.spec.output),
    ];
    for (const expression of everything) {
      for (const [, name] of expression.matchAll(/parameters\.(\w+)/g)) {
        expect({
          expression,
          parameter: name,
          exists: parameters.has(name),
        }).toEqual({
          expression,
          parameter: name,
          exists: true,
        });
      }
      for (const [, stepId, output] of expression.matchAll(
        /steps\[['"]([\w-]+)['"]\]\.output\.(\w+)/g,
      )) {
        const step = steps.find(s => s.id === stepId);
        const outputs = Object.keys(
          ((step && actions.get(step.action)?.schema?.output) as Schema)
            ?.properties ?? {},
        );
        expect({
          expression,
          output,
          declared: outputs.includes(output),
        }).toEqual({
          expression,
          output,
          declared: true,
        });
      }
    }
  });

  it('collects every task secret an action reads with a ui:field: Secret form field', () => {
    const secretInputs = ['secretName', 'usernameSecretName', 'keySecretName'];
    for (const step of steps) {
      for (const input of secretInputs) {
        const taskSecret = step.input?.[input];
        if (taskSecret === undefined) continue;
        expect({
          step: step.id,
          taskSecret,
          field: parameters.get(String(taskSecret))?.['ui:field'],
        }).toEqual({ step: step.id, taskSecret, field: 'Secret' });
      }
    }
  });

  it('checks a form field with the rules of the action input it becomes (ui:options.validateAs and input)', () => {
    for (const [name, schema] of parameters) {
      const options = schema['ui:options'] as
        | { validateAs?: string; input?: string }
        | undefined;
      if (!options?.validateAs) continue;
      const fed = steps.some(
        step =>
          options.input !== undefined &&
          step.input?.[options.input] === `\${{ parameters.${name} }}`,
      );
      expect({ parameter: name, input: options.input, fed }).toEqual({
        parameter: name,
        input: options.input,
        fed: true,
      });
    }
  });
});
