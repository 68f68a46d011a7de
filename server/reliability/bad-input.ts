// A bad-input fuzzer: walks every route in the OpenAPI document and sends malformed requests of many kinds.
import { seededRandom } from '../demo/demo-catalog.ts';

type JsonSchema = {
  type?: string | string[];
  format?: string;
  pattern?: string;
  enum?: unknown[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  maxItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  example?: unknown;
  anyOf?: JsonSchema[];
  $ref?: string;
};

interface Operation {
  method: string;
  path: string;
  pathParams: string[];
  queryParams: Array<{ name: string; schema?: JsonSchema }>;
  body: JsonSchema | null;
  example: unknown;
}

export interface FuzzRequest {
  label: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | Uint8Array | null;
}

interface OpenApiDoc {
  paths: Record<string, Record<string, {
    parameters?: Array<{ name: string; in: string; schema?: JsonSchema }>;
    requestBody?: { content?: Record<string, { schema?: JsonSchema; example?: unknown }> };
  }>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

function resolve(doc: OpenApiDoc, schema: JsonSchema | undefined): JsonSchema | undefined {
  if (schema?.$ref) return doc.components?.schemas?.[schema.$ref.split('/').pop()!];
  return schema;
}

export function operationsOf(doc: OpenApiDoc): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const content = op.requestBody?.content?.['application/json'];
      const body = resolve(doc, content?.schema) ?? null;
      ops.push({
        method: method.toUpperCase(),
        path,
        pathParams: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!),
        queryParams: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema })),
        body,
        example: content?.example ?? body?.example ?? null,
      });
    }
  }
  return ops;
}

const WRONG_VALUES: Array<[string, unknown]> = [
  ['string', 'not the right type'], ['empty string', ''], ['number', 12345], ['negative', -1], ['fraction', 1.5],
  ['huge number', 1e308], ['boolean', true], ['null', null], ['array', [1, 'two', null]], ['object', { nested: { deeper: [] } }],
  ['huge string', 'x'.repeat(50_000)], ['unicode', 'ی'.repeat(100) + '\u0000\uFFFF'], ['uuid', '0190d5a0-0000-7000-8000-000000000000'],
];

/** Values a field of this schema must refuse (only values that are invalid for it, never a valid one). */
export function invalidValuesFor(schema: JsonSchema | undefined): Array<[string, unknown]> {
  const variants = schema?.anyOf ?? (schema ? [schema] : []);
  const types = new Set(variants.flatMap((v) => (Array.isArray(v.type) ? v.type : v.type ? [v.type] : [])));
  if (types.size !== 1) return []; // unions: no value is surely invalid for every branch
  const s = variants.find((v) => v.type !== 'null') ?? variants[0]!;
  const [type] = [...types];
  const notNull: Array<[string, unknown]> = [['null', null], ['array', [1, 'two']], ['object', { nested: {} }]];
  switch (type) {
    case 'string': {
      const out: Array<[string, unknown]> = [['number', 12345], ['boolean', true], ...notNull, ['huge string', 'x'.repeat(100_000)]];
      if ((s.minLength ?? 0) > 0) out.push(['empty string', '']);
      if (s.enum) out.push(['not in enum', 'NOT_A_CHOICE']);
      if (s.format === 'uuid' || s.pattern) out.push(['malformed', '../../etc/passwd\u0000']);
      return out;
    }
    case 'integer':
    case 'number': {
      const out: Array<[string, unknown]> = [['numeric string', '12'], ['boolean', true], ...notNull];
      if (type === 'integer') out.push(['fraction', 1.5]);
      const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum : undefined);
      if (min !== undefined) out.push(['below minimum', min - 1]);
      const max = s.maximum ?? s.exclusiveMaximum;
      if (max !== undefined) out.push(['above maximum', max + 1], ['huge number', 1e308]);
      return out;
    }
    case 'boolean': return [['string', 'true'], ['number', 1], ...notNull];
    case 'array': {
      const out: Array<[string, unknown]> = [['string', 'x'], ['number', 1], ['null', null], ['object', {}]];
      if (s.maxItems !== undefined) out.push(['too many items', Array.from({ length: s.maxItems + 1 }, () => 0)]);
      return out;
    }
    case 'object': return [['string', 'x'], ['number', 1], ['null', null], ['array', []]];
    default: return [];
  }
}

const BAD_PATH_VALUES = ['0190d5a0-0000-7000-8000-000000000000', 'not-an-id', '..%2F..%2Fetc%2Fpasswd', 'x'.repeat(2000), '%00', '-1', '1.5'];

function fill(path: string, params: string[], value: string): string {
  let out = path;
  for (const p of params) out = out.replace(`{${p}}`, value);
  return out;
}

/** Every malformed request for one operation, plus random mixes to reach `minimum` overall. */
export function badRequests(doc: OpenApiDoc, options: { bodyLimitBytes: number; minimum: number; seed?: number }): FuzzRequest[] {
  const random = seededRandom(options.seed ?? 1);
  const requests: FuzzRequest[] = [];
  const json = { 'content-type': 'application/json' };
  for (const op of operationsOf(doc)) {
    const path = fill(op.path, op.pathParams, BAD_PATH_VALUES[0]!);
    for (const value of BAD_PATH_VALUES) {
      if (op.pathParams.length) requests.push({ label: `${op.method} ${op.path} path=${value.slice(0, 20)}`, method: op.method, path: fill(op.path, op.pathParams, value), headers: {}, body: null });
    }
    for (const q of op.queryParams) {
      for (const [kind, value] of WRONG_VALUES) {
        requests.push({ label: `${op.method} ${op.path} ?${q.name}=${kind}`, method: op.method, path: `${path}?${q.name}=${encodeURIComponent(typeof value === 'string' ? value : JSON.stringify(value))}`, headers: {}, body: null });
      }
    }
    if (op.method === 'GET' || op.method === 'HEAD') continue;
    // Bodies that no route can accept: broken JSON, another content type, too large.
    const bodies: Array<[string, string | Uint8Array, Record<string, string>]> = [
      ['truncated JSON', '{"lines": [', json], ['not JSON', 'hello', json],
      ['text/plain', '{}', { 'content-type': 'text/plain' }],
      ['oversized', JSON.stringify({ pad: 'x'.repeat(options.bodyLimitBytes + 10) }), json],
    ];
    // A route without a body ignores well-formed JSON, so only routes with a body schema get the wrong shapes.
    const required = new Set(op.body?.required ?? []);
    if (op.body) {
      bodies.push(['JSON null', 'null', json], ['JSON array', '[]', json], ['JSON string', '"x"', json], ['JSON number', '42', json],
        ['bad UTF-8', new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]), json]);
      if (required.size > 0) bodies.push(['empty object', '{}', json]);
    }
    const base = (op.example && typeof op.example === 'object' ? op.example : {}) as Record<string, unknown>;
    for (const [name, fieldSchema] of Object.entries(op.body?.properties ?? {})) {
      for (const [kind, value] of invalidValuesFor(resolve(doc, fieldSchema))) bodies.push([`${name}=${kind}`, JSON.stringify({ ...base, [name]: value }), json]);
      if (!required.has(name)) continue;
      const { [name]: _dropped, ...missing } = base;
      bodies.push([`missing ${name}`, JSON.stringify(missing), json]);
    }
    for (const [kind, body, headers] of bodies) requests.push({ label: `${op.method} ${op.path} ${kind}`, method: op.method, path, headers, body });
  }
  // Random mixes until the minimum is reached: several wrong fields at once, unknown extra fields.
  // Mixed-up bodies only where a required field stays missing, so no mix can be a valid command.
  const mutating = operationsOf(doc).filter((op) => op.method !== 'GET' && (op.body?.required?.length ?? 0) > 0);
  const reads = operationsOf(doc).filter((op) => op.method === 'GET');
  const pool = [...mutating, ...mutating, ...mutating, ...mutating, ...reads]; // mostly bodies that must be refused
  for (let i = 0; requests.length < options.minimum && pool.length > 0; i++) {
    const op = pool[Math.floor(random() * pool.length)]!;
    const path = fill(op.path, op.pathParams, BAD_PATH_VALUES[Math.floor(random() * BAD_PATH_VALUES.length)]!);
    if (op.method === 'GET') {
      requests.push({ label: `${op.method} ${op.path} mix ${i}`, method: op.method, path: `${path}?q=${'%ff'.repeat(Math.floor(random() * 5))}&n=${random()}`, headers: {}, body: null });
      continue;
    }
    const body: Record<string, unknown> = {};
    const names = [...Object.keys(op.body?.properties ?? {}).filter((n) => n !== op.body?.required?.[0]), 'unexpected', '__proto__', 'constructor'];
    for (let k = 0; k < 1 + Math.floor(random() * 3); k++) body[names[Math.floor(random() * names.length)]!] = WRONG_VALUES[Math.floor(random() * WRONG_VALUES.length)]![1];
    requests.push({ label: `${op.method} ${op.path} mix ${i}`, method: op.method, path, headers: json, body: JSON.stringify(body) });
  }
  return requests;
}

/** Row count of every table plus the ledger totals: must be identical before and after the fuzz. */
export function databaseFingerprint(client: { prepare(sql: string): { all(): unknown[]; get(): unknown } }, ignoredTables: readonly string[] = []): Record<string, number> {
  const tables = (client.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '%_fts%'").all() as Array<{ name: string }>)
    .map((t) => t.name).filter((name) => !ignoredTables.includes(name));
  const counts: Record<string, number> = {};
  for (const name of tables) counts[name] = (client.prepare(`select count(*) as n from "${name}"`).get() as { n: number }).n;
  counts['ledger:sum(delta)'] = (client.prepare('select coalesce(sum(delta), 0) as n from stock_movements').get() as { n: number }).n;
  counts['levels:sum(on_hand)'] = (client.prepare('select coalesce(sum(on_hand), 0) as n from stock_levels').get() as { n: number }).n;
  return counts;
}
