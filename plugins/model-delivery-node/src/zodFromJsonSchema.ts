import type { ActionsRegistryActionOptions } from '@backstage/backend-plugin-api/alpha';

/** The zod the actions registry hands to schema functions. @public */
export type RegistryZ = Parameters<
  ActionsRegistryActionOptions<any, any>['schema']['input']
>[0];

/** The subset of JSON schema {@link zodFromJsonSchema} reads. @public */
export type JsonSchema = {
  $ref?: string;
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
 * A zod schema equivalent to a JSON schema, for the subset the suite's schemas use
 * (strings, numbers, booleans, enums, arrays, objects, records, and `$ref`s to
 * `#/components/schemas/…` of `document`). Shapes are defined once and offered to agents
 * through this: the template actions' inputs as plan inputs, the status API's types in
 * openapi.yaml as the status actions' outputs.
 *
 * @public
 */
export function zodFromJsonSchema(
  z: RegistryZ,
  schema: JsonSchema,
  document?: { components: { schemas: Record<string, unknown> } },
): any {
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = document?.components.schemas[name] as JsonSchema;
    return zodFromJsonSchema(z, target, document);
  }
  const nested = (s: JsonSchema) => zodFromJsonSchema(z, s, document);
  const described = (type: any) =>
    schema.description ? type.describe(schema.description) : type;
  if (schema.enum && schema.enum.every(v => typeof v === 'string')) {
    return described(z.enum(schema.enum as [string, ...string[]]));
  }
  if (schema.anyOf) {
    const options = schema.anyOf.map(nested);
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
        z.array(schema.items ? nested(schema.items) : z.unknown()),
      );
    case 'object': {
      if (!schema.properties) {
        const values =
          typeof schema.additionalProperties === 'object'
            ? nested(schema.additionalProperties)
            : z.unknown();
        return described(z.record(values));
      }
      const required = new Set(schema.required ?? []);
      const shape = Object.fromEntries(
        Object.entries(schema.properties).map(([key, property]) => {
          const type = nested(property);
          return [key, required.has(key) ? type : type.optional()];
        }),
      );
      return described(z.object(shape));
    }
    default:
      return described(z.unknown());
  }
}
