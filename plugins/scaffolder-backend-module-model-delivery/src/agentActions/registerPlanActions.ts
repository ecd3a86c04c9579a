import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { JsonObject, JsonValue } from '@backstage/types';
import {
  RegistryZ,
  zodFromJsonSchema,
} from '@model-delivery/plugin-model-delivery-node';
import { ModelDeliveryActionOptions } from '../actions/actionOptions';
import { createGemmaOnTpuAction } from '../actions/gemmaOnTpu/createGemmaOnTpuAction';
import { createLocalModelCacheAction } from '../actions/localModelCache/createLocalModelCacheAction';
import { createModelDownloadAction } from '../actions/modelDownload/createModelDownloadAction';
import { recordDryRuns } from './dryRunRecorder';
import { planWithTemplateAction } from './planWithTemplateAction';

/** Inputs that only make sense inside a task: a plan never waits, and has no earlier step. */
const TASK_ONLY_INPUTS = [
  'waitForCompletion',
  'timeoutSeconds',
  'hfTokenFromEarlierStep',
  'kaggleSecretFromEarlierStep',
];

interface PlanDefinition {
  name: string;
  title: string;
  createTemplateAction(
    options: ModelDeliveryActionOptions,
  ): TemplateAction<any, any, any>;
  what: string;
  /** Item → the Job that will do its work, from the dry run's outputs. */
  jobNames(
    outputs: Record<string, JsonValue>,
    input: JsonObject,
  ): Record<string, string>;
}

/** The plan actions, by name (ids `scaffolder:<name>`, MCP tools `scaffolder.<name>`). */
export const PLAN_ACTIONS: PlanDefinition[] = [
  {
    name: 'model-delivery-plan-model-download',
    title: 'Plan a ModelDownload (Hugging Face models into a PVC)',
    createTemplateAction: createModelDownloadAction,
    what: "a hf-operator ModelDownload (hfops.kamal.dev/v1alpha1) that downloads Hugging Face models into a PVC, one Job per model. Checks every field (Hugging Face ids, hf-operator's Job names at most 63 characters...), that hf-operator is installed, that the namespace, the PVC and the token Secret's key exist",
    jobNames: outputs =>
      (outputs.jobNames as Record<string, string> | undefined) ?? {},
  },
  {
    name: 'model-delivery-plan-local-model-cache',
    title: 'Plan a KServe LocalModelCache (a model cached on node groups)',
    createTemplateAction: createLocalModelCacheAction,
    what: "a KServe LocalModelCache or LocalModelNamespaceCache (serving.kserve.io/v1alpha1) that caches a model on the nodes of node groups. Checks every field, that KServe's local model cache is installed, the node groups, the storage URI and credentials. KServe names its download Jobs per node when it creates them, so there are no Job names to derive",
    jobNames: () => ({}),
  },
  {
    name: 'model-delivery-plan-gemma-on-tpu-server',
    title: 'Plan a GemmaOnTPUServer (Gemma served on Cloud TPU, via kro)',
    createTemplateAction: createGemmaOnTpuAction,
    what: "a kro GemmaOnTPUServer (kro.run/v1alpha1) from the suite's ResourceGraphDefinition: a loader Job downloads Gemma's weights from Kaggle, then a Deployment and Service serve them. Checks every field, that kro and the suite's ResourceGraphDefinition are installed, the namespace and the Kaggle Secret's keys",
    jobNames: (outputs, input) =>
      typeof outputs.loaderJobName === 'string'
        ? { [String(input.name)]: outputs.loaderJobName }
        : {},
  },
];

const planOutputSchema = (z: RegistryZ) =>
  z.object({
    ok: z
      .boolean()
      .describe(
        'True when a real run would apply: the input is valid, the cluster ready, the API server admitted the dry run',
      ),
    problems: z
      .array(z.string())
      .describe('Every problem found, each with what to do about it'),
    outcome: z
      .enum(['created', 'updated', 'unchanged'])
      .optional()
      .describe('What a real run would do to the object'),
    changes: z.array(z.string()).describe('The fields an update would change'),
    manifest: z
      .record(z.unknown())
      .optional()
      .describe('The object a real run applies (server-side apply)'),
    jobNames: z
      .record(z.string())
      .describe(
        'Item (model, instance) → the Job the operator will run for it',
      ),
    warnings: z.array(z.string()),
    summary: z.string().optional(),
    log: z.array(z.string()).describe('What the dry run logged'),
  });

function withoutTaskOnlyInputs(schema: any): any {
  const properties = { ...(schema?.properties ?? {}) };
  for (const key of TASK_ONLY_INPUTS) delete properties[key];
  return {
    ...schema,
    properties,
    required: (schema?.required ?? []).filter(
      (key: string) => !TASK_ONLY_INPUTS.includes(key),
    ),
  };
}

/**
 * Registers a plan action per kind the suite creates, in the scaffolder plugin's actions
 * registry: each takes the same inputs as the kind's template action and runs that very
 * action as a dry run, so an agent gets the validation, prerequisites and admission a
 * template run would meet, the manifest and the Job names, and nothing is applied.
 */
export function registerPlanActions(
  actionsRegistry: ActionsRegistryService,
  options: ModelDeliveryActionOptions,
): void {
  for (const plan of PLAN_ACTIONS) {
    const described = plan.createTemplateAction(options);
    const inputSchema = withoutTaskOnlyInputs(described.schema?.input);
    actionsRegistry.register({
      name: plan.name,
      title: plan.title,
      description: `Plans ${plan.what}. Runs the template action ${described.id} as a dry run: validates the input, looks up the owner entity with your credentials, checks the cluster's prerequisites and has the API server admit the object (server-side dry run). Returns the manifest, the Job names the operator will use, what a real run would change, and every problem found. Applies nothing.`,
      attributes: { readOnly: true, idempotent: true, destructive: false },
      schema: {
        input: z => zodFromJsonSchema(z, inputSchema),
        output: planOutputSchema,
      },
      action: async ({ input, credentials }) => {
        // A template action of its own per plan, so that its dry-run writes are this plan's.
        const recorder = recordDryRuns(options.clusters);
        const result = await planWithTemplateAction(
          plan.createTemplateAction({
            ...options,
            clusters: recorder.clusters,
          }),
          input as JsonObject,
          credentials,
        );
        const { outputs } = result;
        const manifest = result.ok ? recorder.sent.at(-1) : undefined;
        return {
          output: {
            ok: result.ok,
            problems: result.problems,
            ...(typeof outputs.outcome === 'string'
              ? { outcome: outputs.outcome as 'created' }
              : {}),
            changes: (outputs.changes as string[] | undefined) ?? [],
            ...(manifest ? { manifest } : {}),
            jobNames: result.ok
              ? plan.jobNames(outputs, input as JsonObject)
              : {},
            warnings: (outputs.warnings as string[] | undefined) ?? [],
            ...(typeof outputs.summary === 'string'
              ? { summary: outputs.summary }
              : {}),
            log: result.log,
          },
        };
      },
    });
  }
}
