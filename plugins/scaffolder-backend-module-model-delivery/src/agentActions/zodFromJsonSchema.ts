import type { ActionsRegistryActionOptions } from '@backstage/backend-plugin-api/alpha';

/** The zod the actions registry hands to schema functions. */
export type RegistryZ = Parameters<
  ActionsRegistryActionOptions<any, any>['schema']['input']
>[0];

type JsonSchema = {
  type?: string | string[];
  description?: string;
  enum?: unknown[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
};

/**
 * A zod schema equivalent to a scaffolder action's input JSON schema, for the subset the
 * scaffolder produces from the suite's actions (zod-to-json-schema of strings, numbers,
 * booleans, enums, arrays, objects and records). The template actions define their
 * inputs once; the plan actions offer the very same inputs to agents through this.
 */
export function zodFromJsonSchema(z: RegistryZ, schema: JsonSchema): any {
  const described = (type: any) =>
    schema.description ? type.describe(schema.description) : type;
  if (schema.enum && schema.enum.every(v => typeof v === 'string')) {
    return described(z.enum(schema.enum as [string, ...string[]]));
  }
  if (schema.anyOf) {
    const options = schema.anyOf.map(s => zodFromJsonSchema(z, s));
    return described(
      options.length === 1 ? options[0] : z.union(options as [any, any]),
    );
  }
  switch (schema.type) {
    case 'string':
      return described(z.string());
    case 'number':
      return described(z.number());
    case 'integer':
      return described(z.number().int());
    case 'boolean':
      return described(z.boolean());
    case 'array':
      return described(
        z.array(
          schema.items ? zodFromJsonSchema(z, schema.items) : z.unknown(),
        ),
      );
    case 'object': {
      if (!schema.properties) {
        const values =
          typeof schema.additionalProperties === 'object'
            ? zodFromJsonSchema(z, schema.additionalProperties)
            : z.unknown();
        return described(z.record(values));
      }
      const required = new Set(schema.required ?? []);
      const shape = Object.fromEntries(
        Object.entries(schema.properties).map(([key, property]) => {
          const type = zodFromJsonSchema(z, property);
          return [key, required.has(key) ? type : type.optional()];
        }),
      );
      return described(z.object(shape));
    }
    default:
      return described(z.unknown());
  }
}
