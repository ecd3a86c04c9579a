import { readFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import ts from 'typescript';
import { parse } from 'yaml';

/*
 * openapi.yaml is the status API's contract. The TypeScript types that the frontend and
 * the backend exchange (common's api.ts and status.ts) are written by hand, because
 * `backstage-repo-tools package schema openapi generate` runs openapi-generator, a Java
 * jar fetched at run time. This test is what keeps the two in step: every schema of the
 * spec against the type of the same name that common exports, property by property
 * (name, optionality, primitive type, enum members, array items, referenced schemas), in
 * both directions.
 */

interface Schema {
  $ref?: string;
  type?: string;
  enum?: Array<string | boolean>;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
}

interface Spec {
  components: { schemas: Record<string, Schema> };
  paths: Record<string, Record<string, unknown>>;
}

const spec: Spec = parse(
  readFileSync(resolvePath(__dirname, 'openapi.yaml'), 'utf8'),
);

/** The spec's schemas that are not the suite's own types. */
const NOT_IN_COMMON: Record<string, string> = {
  // Backstage's error body (ErrorResponseBody of @backstage/errors), written by the
  // backend's error handler.
  Error: '@backstage/errors',
};

function loadCommonExports() {
  const entry = require.resolve('@model-delivery/plugin-model-delivery-common');
  const program = ts.createProgram([entry], {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    esModuleInterop: true,
  });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(
    program.getSourceFile(entry)!,
  )!;
  const types = new Map<string, ts.Type>();
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol =
      exported.flags & ts.SymbolFlags.Alias
        ? checker.getAliasedSymbol(exported)
        : exported;
    if (symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias)) {
      types.set(exported.name, checker.getDeclaredTypeOfSymbol(symbol));
    }
  }
  return { checker, types };
}

function refName(ref: string): string {
  const prefix = '#/components/schemas/';
  if (!ref.startsWith(prefix)) throw new Error(`Unexpected $ref ${ref}`);
  return ref.slice(prefix.length);
}

/** Every way in which a TypeScript type differs from a spec schema. */
function differences(
  checker: ts.TypeChecker,
  schema: Schema,
  tsType: ts.Type,
  where: string,
): string[] {
  const type = checker.getNonNullableType(tsType);
  const shown = checker.typeToString(type);

  if (schema.$ref) {
    const name = refName(schema.$ref);
    const tsName = (type.aliasSymbol ?? type.getSymbol())?.name;
    if (tsName !== name) {
      return [`${where}: the spec refers to ${name}, common has ${shown}`];
    }
    // The named type itself is compared where the schemas are compared one by one.
    return [];
  }
  if (schema.enum) {
    const members = type.isUnion() ? type.types : [type];
    // A boolean literal member (the Hub's `gated: false | 'auto' | 'manual'`) is
    // compared by its text, as the spec's YAML `false` is.
    const isBooleanLiteral = (member: ts.Type) =>
      (member.flags & ts.TypeFlags.BooleanLiteral) !== 0;
    if (
      !members.every(
        member => member.isStringLiteral() || isBooleanLiteral(member),
      )
    ) {
      return [`${where}: the spec has an enum, common has ${shown}`];
    }
    const tsValues = members
      .map(member =>
        member.isStringLiteral() ? member.value : checker.typeToString(member),
      )
      .sort();
    const specValues = schema.enum.map(String).sort();
    return tsValues.join() === specValues.join()
      ? []
      : [
          `${where}: the spec's members are ${specValues.join(
            ' | ',
          )}, common's are ${tsValues.join(' | ')}`,
        ];
  }
  switch (schema.type) {
    case 'string':
      return type.flags & ts.TypeFlags.String
        ? []
        : [`${where}: the spec has string, common has ${shown}`];
    case 'integer':
    case 'number':
      return type.flags & ts.TypeFlags.Number
        ? []
        : [`${where}: the spec has ${schema.type}, common has ${shown}`];
    case 'boolean':
      return type.flags & ts.TypeFlags.Boolean
        ? []
        : [`${where}: the spec has boolean, common has ${shown}`];
    case 'array':
      if (!checker.isArrayType(type)) {
        return [`${where}: the spec has an array, common has ${shown}`];
      }
      return differences(
        checker,
        schema.items ?? {},
        checker.getTypeArguments(type as ts.TypeReference)[0],
        `${where}[]`,
      );
    case 'object':
      return objectDifferences(checker, schema, type, where);
    default:
      return [`${where}: the spec's type ${schema.type} is not compared`];
  }
}

function objectDifferences(
  checker: ts.TypeChecker,
  schema: Schema,
  type: ts.Type,
  where: string,
): string[] {
  const specProperties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const tsProperties = new Map(
    checker.getPropertiesOfType(type).map(p => [p.name, p]),
  );
  const found: string[] = [];
  for (const [name, propertySchema] of Object.entries(specProperties)) {
    const property = tsProperties.get(name);
    if (!property) {
      found.push(`${where}.${name}: in the spec, not in common`);
      continue;
    }
    const optional = (property.flags & ts.SymbolFlags.Optional) !== 0;
    if (optional === required.has(name)) {
      found.push(
        `${where}.${name}: ${optional ? 'optional' : 'required'} in common, ${
          required.has(name) ? 'required' : 'optional'
        } in the spec`,
      );
    }
    found.push(
      ...differences(
        checker,
        propertySchema,
        checker.getTypeOfSymbol(property),
        `${where}.${name}`,
      ),
    );
  }
  for (const name of tsProperties.keys()) {
    if (!(name in specProperties)) {
      found.push(`${where}.${name}: in common, not in the spec`);
    }
  }
  return found;
}

describe('common API types and openapi.yaml', () => {
  const { checker, types } = loadCommonExports();
  const schemaNames = Object.keys(spec.components.schemas).filter(
    name => !(name in NOT_IN_COMMON),
  );

  it('has a type in common for every schema of the spec', () => {
    expect(schemaNames.filter(name => !types.has(name))).toEqual([]);
  });

  it.each(schemaNames)('%s matches its schema', name => {
    const type = types.get(name);
    expect(type).toBeDefined();
    expect(
      differences(checker, spec.components.schemas[name], type!, name),
    ).toEqual([]);
  });

  it('has a schema for every type the API types reach', () => {
    // Follow the API's request and response types to every named type they use.
    const roots = [
      'EntityStatusResponse',
      'RetryRequest',
      'RetryResponse',
      'FleetResponse',
      'FormClustersResponse',
      'FormNamespacesResponse',
      'FormPersistentVolumeClaimsResponse',
      'FormSecretsResponse',
      'FormNodeGroupsResponse',
      'HubModelsCheckRequest',
      'HubModelsCheckResponse',
    ];
    const reached = new Set<string>();
    const visit = (tsType: ts.Type) => {
      const type = checker.getNonNullableType(tsType);
      if (checker.isArrayType(type)) {
        checker.getTypeArguments(type as ts.TypeReference).forEach(visit);
        return;
      }
      const name = (type.aliasSymbol ?? type.getSymbol())?.name;
      if (!name || !types.has(name) || reached.has(name)) return;
      reached.add(name);
      if (!(type.flags & ts.TypeFlags.Object)) return;
      for (const property of checker.getPropertiesOfType(type)) {
        visit(checker.getTypeOfSymbol(property));
      }
    };
    roots.forEach(root => visit(types.get(root)!));

    expect(reached.size).toBeGreaterThanOrEqual(roots.length);
    expect([...reached].filter(name => !schemaNames.includes(name))).toEqual(
      [],
    );
  });
});
