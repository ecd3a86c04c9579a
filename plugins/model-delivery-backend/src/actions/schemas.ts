import {
  RegistryZ,
  zodFromJsonSchema,
} from '@model-delivery/plugin-model-delivery-node';
import { spec } from '../schema/openapi/generated';

/*
 * The actions' output schemas: the status API's types as openapi.yaml defines them (the
 * schema drift test keeps them equal to common's), so an agent gets the same fields the
 * entity tab shows, described; and what only the actions return.
 */

/** A schema of openapi.yaml's components, as zod. */
export const apiSchema = (name: string) => (z: RegistryZ) =>
  zodFromJsonSchema(z, { $ref: `#/components/schemas/${name}` }, spec);

/** One of the kinds the backend watches. */
export const kindSchema = (
  z: RegistryZ,
  kinds: ReadonlyArray<{ kind: string }>,
) => {
  const names = kinds.map(k => k.kind) as [string, ...string[]];
  return z.enum(names).describe(`The resource kind: ${names.join(', ')}`);
};

export const failedItemSchema = (z: RegistryZ) =>
  z.object({
    entityRef: z
      .string()
      .describe('The catalog entity the resource belongs to'),
    owner: z.string().optional().describe("The entity's owner"),
    cluster: z.string(),
    kind: z.string(),
    namespace: z.string().optional(),
    name: z.string().describe('The resource'),
    item: z.string().describe('The failed model, node or instance'),
    itemNoun: z.string(),
    phase: z.string(),
    detail: z.string(),
    reason: z.string().optional().describe('Why it failed, in full'),
    jobName: z.string().optional(),
    jobNamespace: z.string().optional(),
    finishedAt: z.string().optional(),
    retryable: z.boolean(),
  });
