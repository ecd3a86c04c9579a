import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { KubeConfig } from '@kubernetes/client-node';
import {
  LABEL_KUBERNETES_ID,
  gemmaOnTPUServerKind,
  localModelCacheKind,
  localModelNamespaceCacheKind,
  modelDownloadKind,
} from '@model-delivery/plugin-model-delivery-common';
import {
  CHAT_ASSISTANT_KUBERNETES_ID,
  ObjectRef,
  SECRET_PROVIDER_CLASS_TYPE,
  SECRET_TYPE,
  actionRunner,
  gemmaRgd,
  getObject,
  kroStatus,
  localModelNodeGroup,
  optedInNamespace,
  persistentVolumeClaim,
  playHfOperator,
  playKro,
  playKServe,
  refOf,
  secret,
  serviceAccount,
  useTestCluster,
} from '@model-delivery/test-kit';
import yaml from 'yaml';
import { ModelDeliveryActionOptions } from './actionOptions';
import { createModelDeliveryActions } from './createModelDeliveryActions';

/*
 * Every example of every action, as the action registry (/create/actions) shows it, run
 * against a real API server: parsed from its YAML, each step run through the action's
 * handler in order (later steps reading earlier outputs), the operators played where a
 * step waits. A user copying an example gets a step that works.
 */

jest.setTimeout(120_000);

interface Step {
  id: string;
  action: string;
  input: Record<string, any>;
}

interface ParsedExample {
  parameters?: Array<{ properties?: Record<string, Record<string, unknown>> }>;
  steps: Step[];
}

/** What the examples' `ui:field: Secret` form fields would collect. */
const SECRET_VALUES: Record<string, string> = {
  hfToken: 'hf_ExampleTokenValue0123456789',
  kaggleUsername: 'example-kaggle-user',
  kaggleKey: 'example-kaggle-key-0123456789abcdef',
};

/** The objects a step of each action says it created, from its input and outputs. */
const CREATED: Record<
  string,
  (input: Step['input'], outputs: Record<string, any>) => ObjectRef[]
> = {
  'model-delivery:model-download:create': input => [
    refOf(modelDownloadKind.resource, input.name, input.namespace),
  ],
  'model-delivery:gemma-on-tpu:create': input => [
    refOf(gemmaOnTPUServerKind.resource, input.name, input.namespace),
  ],
  'model-delivery:local-model-cache:create': input => [
    input.scope === 'namespace'
      ? refOf(
          localModelNamespaceCacheKind.resource,
          input.name,
          input.namespace,
        )
      : refOf(localModelCacheKind.resource, input.name),
  ],
  'model-delivery:hf-token:create': (input, outputs) => [
    refOf(SECRET_TYPE, outputs.name, input.namespace),
  ],
  'model-delivery:kaggle-credentials:create': (input, outputs) => [
    refOf(SECRET_TYPE, outputs.name, input.namespace),
  ],
  'model-delivery:hf-token:secret-manager': (input, outputs) =>
    outputs.secretProviderClasses.map((name: string) =>
      refOf(SECRET_PROVIDER_CLASS_TYPE, name, input.namespace),
    ),
  // The ModelDownload stays; its Jobs are deleted (gone() below).
  'model-delivery:model-download:redownload': input => [
    refOf(modelDownloadKind.resource, input.name, input.namespace),
  ],
  'model-delivery:resource:delete': () => [],
};

/** The objects a step of a lifecycle action says it deleted: they must be gone. */
const GONE: Record<
  string,
  (input: Step['input'], outputs: Record<string, any>) => ObjectRef[]
> = {
  'model-delivery:resource:delete': (_input, outputs) =>
    outputs.deleted.map(
      (o: { kind: string; namespace?: string; name: string }) =>
        refOf(
          o.kind === 'Job'
            ? { apiVersion: 'batch/v1', kind: 'Job' }
            : [
                modelDownloadKind,
                gemmaOnTPUServerKind,
                localModelCacheKind,
                localModelNamespaceCacheKind,
              ].find(k => k.kind === o.kind)!.resource,
          o.name,
          o.namespace,
        ),
    ),
  'model-delivery:model-download:redownload': (input, outputs) =>
    outputs.jobs
      .filter((j: { deleted: boolean }) => j.deleted)
      .map((j: { job: string }) =>
        refOf({ apiVersion: 'batch/v1', kind: 'Job' }, j.job, input.namespace),
      ),
};

/** The operator's part before a lifecycle step: the resource's Jobs exist. */
const BEFORE: Record<
  string,
  (admin: KubeConfig, input: Step['input']) => Promise<void>
> = {
  'model-delivery:model-download:redownload': (admin, input) =>
    playHfOperator(
      admin,
      input.namespace,
      input.name,
      Object.fromEntries(
        input.models.map((m: string) => [
          m,
          { state: 'failed', exitCode: 1, message: 'throttled' },
        ]),
      ),
    ),
};

/** The operator's part for a step that waits: everything succeeds. */
const OPERATORS: Record<
  string,
  (admin: KubeConfig, input: Step['input']) => Promise<void>
> = {
  'model-delivery:model-download:create': (admin, input) =>
    playHfOperator(
      admin,
      input.namespace,
      input.name,
      Object.fromEntries(
        input.models.map((m: { name: string }) => [
          m.name,
          { state: 'completed' },
        ]),
      ),
    ),
  'model-delivery:gemma-on-tpu:create': (admin, input) =>
    playKro(admin, input.namespace, input.name, {
      status: kroStatus.activeAndReady(),
    }),
  'model-delivery:local-model-cache:create': (admin, input) =>
    playKServe(admin, input.name, {
      namespace: input.scope === 'namespace' ? input.namespace : undefined,
      status: {
        nodeStatus: { 'gpu-node-1': 'NodeDownloaded' },
        copies: { total: 1, available: 1, failed: 0 },
      },
    }),
};

/** `${{ parameters.x }}` and `${{ steps['id'].output.x }}`, the expressions examples use. */
function render(value: unknown, context: object): unknown {
  if (typeof value === 'string') {
    const expression = /^\$\{\{\s*(.+?)\s*\}\}$/.exec(value);
    if (!expression) {
      if (value.includes('${{')) throw new Error(`cannot render ${value}`);
      return value;
    }
    const path = expression[1].replace(/\['([^']+)'\]/g, '.$1').split('.');
    return path.reduce<any>((at, key) => {
      if (at?.[key] === undefined) throw new Error(`${value}: no ${key}`);
      return at[key];
    }, context);
  }
  if (Array.isArray(value)) return value.map(v => render(v, context));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, render(v, context)]),
    );
  }
  return value;
}

/** The task secrets the example's `ui:field: Secret` fields collect. */
function secretsOf(example: ParsedExample): Record<string, string> {
  const fields = (example.parameters ?? []).flatMap(page =>
    Object.entries(page.properties ?? {})
      .filter(([, schema]) => schema['ui:field'] === 'Secret')
      .map(([name]) => name),
  );
  return Object.fromEntries(
    fields.map(name => {
      if (!SECRET_VALUES[name]) throw new Error(`no test value for ${name}`);
      return [name, SECRET_VALUES[name]];
    }),
  );
}

// The registry's view: which actions there are and their examples (no cluster needed).
const registered = createModelDeliveryActions(
  {} as ModelDeliveryActionOptions,
).map(a => ({ id: a.id, examples: (a.examples ?? []) as TemplateExample[] }));

// What the examples take as given: a platform set up for the suite.
const cluster = useTestCluster({
  given: () => [
    ...optedInNamespace('ml-models'),
    ...optedInNamespace('gemma'),
    ...optedInNamespace('serving'),
    ...optedInNamespace('kserve-localmodel-jobs'),
    persistentVolumeClaim('ml-models', 'model-cache'),
    secret('ml-models', 'hf-token', { token: SECRET_VALUES.hfToken }),
    secret('gemma', 'kaggle-credentials', {
      username: SECRET_VALUES.kaggleUsername,
      key: SECRET_VALUES.kaggleKey,
    }),
    gemmaRgd({ state: 'Active', conditions: [] }),
    localModelNodeGroup('gpu-a100'),
    localModelNodeGroup('gpu-l4'),
    serviceAccount('kserve-localmodel-jobs', 'hf-reader'),
    secret('kserve-localmodel-jobs', 'storage-config', {
      hf: JSON.stringify({ type: 'hf', token: SECRET_VALUES.hfToken }),
    }),
  ],
});

it('every action has an example, and the test knows what each creates', () => {
  expect(registered.filter(a => a.examples.length === 0)).toEqual([]);
  expect(Object.keys(CREATED).sort()).toEqual(registered.map(a => a.id).sort());
});

describe.each(registered)('$id', ({ examples }) => {
  it.each(examples.map(e => [e.description, e] as const))(
    '%s',
    async (_description, { example }) => {
      const parsed = yaml.parse(example) as ParsedExample;
      const secrets = secretsOf(parsed);
      const steps: Record<string, { output: Record<string, unknown> }> = {};
      const actions = new Map(
        createModelDeliveryActions(cluster.options).map(a => [a.id, a]),
      );

      for (const step of parsed.steps) {
        const action = actions.get(step.action);
        expect(action).toBeDefined();
        const input = render(step.input, { steps }) as Step['input'];
        await BEFORE[step.action]?.(cluster.admin, input);
        const { run } = actionRunner(() => action!, { secrets });
        const operator = input.waitForCompletion
          ? OPERATORS[step.action]
          : undefined;

        const [{ error, outputs }] = await Promise.all([
          run(input),
          operator?.(cluster.admin, input),
        ]);

        expect(error).toBeUndefined();
        expect(outputs.dryRun).toBe(false);
        for (const ref of CREATED[step.action](input, outputs)) {
          const created = await getObject(cluster.admin, ref);
          expect({
            kind: created?.kind,
            name: created?.metadata.name,
            label: created?.metadata.labels?.[LABEL_KUBERNETES_ID],
          }).toEqual({
            kind: ref.kind,
            name: ref.metadata.name,
            label: CHAT_ASSISTANT_KUBERNETES_ID,
          });
        }
        for (const ref of GONE[step.action]?.(input, outputs) ?? []) {
          expect(await getObject(cluster.admin, ref)).toBeUndefined();
        }
        steps[step.id] = { output: outputs };
      }
    },
  );
});
