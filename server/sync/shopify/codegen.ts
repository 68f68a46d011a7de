// Generates operations.generated.ts (variables and result types of every operations/*.graphql) from the pinned schema; `npm run shopify:types`.
import { writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  getNamedType, isAbstractType, isEnumType, isInputObjectType, isListType, isNonNullType, isObjectType, isScalarType, Kind, parse, typeFromAST,
  type FragmentDefinitionNode, type GraphQLCompositeType, type GraphQLInputType, type GraphQLOutputType, type GraphQLSchema,
  type OperationDefinitionNode, type SelectionSetNode,
} from 'graphql';
import { listOperationFiles } from './operations.ts';
import { loadAdminSchema } from './schema.ts';

export const GENERATED_FILE = fileURLToPath(new URL('./operations.generated.ts', import.meta.url));

/** How Shopify serialises its scalars in JSON. BigInt and UnsignedInt64 arrive as strings (they may exceed 2^53). */
const SCALARS: Record<string, string> = {
  ID: 'string', String: 'string', DateTime: 'string', Date: 'string', URL: 'string', HTML: 'string', FormattedString: 'string',
  ARN: 'string', Color: 'string', StorefrontID: 'string', UtcOffset: 'string',
  Int: 'number', Float: 'number', Boolean: 'boolean',
  Decimal: 'string', Money: 'string', BigInt: 'string', UnsignedInt64: 'string',
  JSON: 'unknown',
};

interface Ctx {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  /** Enum and input object names to emit, filled while walking. */
  enums: Set<string>;
  inputs: Set<string>;
}

const indent = (level: number) => '  '.repeat(level);

/** A leaf or input type's TypeScript name (records enums and input objects for later emission). */
function namedTs(ctx: Ctx, name: string): string {
  const type = ctx.schema.getType(name);
  if (isScalarType(type)) return SCALARS[name] ?? 'unknown';
  if (isEnumType(type)) { ctx.enums.add(name); return name; }
  if (isInputObjectType(type)) { ctx.inputs.add(name); return name; }
  throw new Error(`codegen: ${name} is not a leaf or input type`);
}

function inputTs(ctx: Ctx, type: GraphQLInputType): string {
  if (isNonNullType(type)) return inputTs(ctx, type.ofType).replace(/ \| null$/, '');
  if (isListType(type)) return `Array<${inputTs(ctx, type.ofType)}> | null`;
  return `${namedTs(ctx, type.name)} | null`;
}

/** An output type wrapped around an already rendered named type. */
function wrap(type: GraphQLOutputType, inner: string): string {
  if (isNonNullType(type)) return wrap(type.ofType, inner).replace(/ \| null$/, '');
  if (isListType(type)) return `Array<${wrap(type.ofType, inner)}> | null`;
  return `${inner} | null`;
}

interface Field { key: string; ts: string; optional: boolean }

/**
 * The fields a selection set yields on `parent`. Inline fragments and spreads on the parent type itself merge as plain
 * fields; those on another type (an interface's implementation, e.g. `nodes { ... on InventoryItem }`) add their fields
 * as optional, since they are present only for that type.
 */
function collect(ctx: Ctx, parent: GraphQLCompositeType, selectionSet: SelectionSetNode, level: number, optional: boolean, out: Map<string, Field>): void {
  for (const sel of selectionSet.selections) {
    if (sel.kind === Kind.FIELD) {
      const key = sel.alias?.value ?? sel.name.value;
      let ts: string;
      if (sel.name.value === '__typename') {
        ts = isObjectType(parent) ? `'${parent.name}'` : 'string';
      } else {
        if (!('getFields' in parent)) throw new Error(`codegen: ${parent.name} has no fields (select them in fragments)`);
        const def = parent.getFields()[sel.name.value];
        if (!def) throw new Error(`codegen: ${parent.name}.${sel.name.value} does not exist`);
        const named = getNamedType(def.type);
        const inner = sel.selectionSet ? objectTs(ctx, named as GraphQLCompositeType, sel.selectionSet, level) : namedTs(ctx, named.name);
        ts = wrap(def.type, inner);
      }
      const previous = out.get(key);
      out.set(key, { key, ts, optional: optional && (previous?.optional ?? true) });
    } else {
      const fragment = sel.kind === Kind.FRAGMENT_SPREAD ? ctx.fragments.get(sel.name.value) : sel;
      if (!fragment) throw new Error('codegen: unknown fragment');
      const on = fragment.typeCondition ? ctx.schema.getType(fragment.typeCondition.name.value) as GraphQLCompositeType : parent;
      collect(ctx, on, fragment.selectionSet, level, optional || on.name !== parent.name, out);
    }
  }
}

function objectTs(ctx: Ctx, parent: GraphQLCompositeType, selectionSet: SelectionSetNode, level: number): string {
  const fields = new Map<string, Field>();
  collect(ctx, parent, selectionSet, level + 1, false, fields);
  if (isAbstractType(parent) && fields.size === 0) return 'Record<string, never>';
  const lines = [...fields.values()].map((f) => `${indent(level + 1)}${f.key}${f.optional ? '?' : ''}: ${f.ts};`);
  return `{\n${lines.join('\n')}\n${indent(level)}}`;
}

/** The TypeScript source of operations.generated.ts, deterministic for a given schema and set of operation files. */
export function generateOperationTypes(files: ReadonlyArray<{ file: string; bulk: boolean; source: string }> = listOperationFiles()): string {
  const { schema, sha256 } = loadAdminSchema();
  const ctx: Ctx = { schema, fragments: new Map(), enums: new Set(), inputs: new Set() };
  const blocks: string[] = [];
  const sent: string[] = [];
  for (const file of files) {
    const document = parse(file.source);
    for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) ctx.fragments.set(d.name.value, d);
    const op = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    if (!op?.name) throw new Error(`codegen: ${file.file} has no named operation`);
    const name = op.name.value;
    const root = op.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
    if (!root) throw new Error(`codegen: the schema has no ${op.operation} type`);
    const vars = (op.variableDefinitions ?? []).map((v) => {
      const type = typeFromAST(schema, v.type as never) as GraphQLInputType | undefined;
      if (!type) throw new Error(`codegen: ${name}: unknown type of $${v.variable.name.value}`);
      const optional = !isNonNullType(type) || v.defaultValue !== undefined;
      return `${indent(1)}${v.variable.name.value}${optional ? '?' : ''}: ${inputTs(ctx, type)};`;
    });
    const kind = file.bulk ? 'bulk inner query (its results arrive as JSONL lines, one per node)' : op.operation;
    blocks.push(`/** ${file.file}: ${kind}. */\n${vars.length ? `export interface ${name}Variables {\n${vars.join('\n')}\n}` : `export type ${name}Variables = Record<string, never>;`}`);
    blocks.push(`export interface ${name}Data ${objectTs(ctx, root, op.selectionSet, 0)}`);
    if (!file.bulk) sent.push(name);
  }
  // Input objects may reference further inputs and enums: emit until no new name appears.
  const inputBlocks = new Map<string, string>();
  for (let pending = [...ctx.inputs]; pending.length > 0; pending = [...ctx.inputs].filter((n) => !inputBlocks.has(n))) {
    for (const n of pending) {
      const type = schema.getType(n);
      if (!isInputObjectType(type)) continue;
      const fields = Object.values(type.getFields()).filter((f) => !f.deprecationReason).map((f) => {
        const optional = !isNonNullType(f.type) || f.defaultValue !== undefined;
        const ts = inputTs(ctx, f.type);
        return `${indent(1)}${f.name}${optional ? '?' : ''}: ${ts};`;
      });
      inputBlocks.set(n, `export interface ${n} {\n${fields.join('\n')}\n}`);
    }
  }
  const enumBlocks = [...ctx.enums].sort().map((n) => {
    const type = schema.getType(n);
    if (!isEnumType(type)) throw new Error(`codegen: ${n} is not an enum`);
    const values = type.getValues().filter((v) => !v.deprecationReason).map((v) => `'${v.name}'`);
    return `export type ${n} =\n${values.map((v) => `${indent(1)}| ${v}`).join('\n')};`;
  });
  const map = sent.map((n) => `${indent(1)}${n}: { variables: ${n}Variables; data: ${n}Data };`);
  return [
    '// GENERATED by server/sync/shopify/codegen.ts from operations/*.graphql and the pinned Admin 2026-10 schema: do not edit; run `npm run shopify:types`.',
    `// Schema sha256 ${sha256}.`,
    '/* eslint-disable */',
    '',
    ...blocks.flatMap((b) => [b, '']),
    '/** Every operation the client sends, by name: its variables and its `data`. */',
    `export interface ShopifyOperations {\n${map.join('\n')}\n}`,
    '',
    `export type ShopifyOperationName = keyof ShopifyOperations;`,
    '',
    ...[...inputBlocks.keys()].sort().flatMap((n) => [inputBlocks.get(n)!, '']),
    ...enumBlocks.flatMap((b) => [b, '']),
  ].join('\n').replace(/\n+$/, '\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(GENERATED_FILE, generateOperationTypes());
  console.log(`wrote ${GENERATED_FILE}`);
}
