// Every operation file passes graphql-js validation on the pinned 2026-10 schema with the Shopify rules, and the emulator answers it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kind, parse, type FieldNode, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../test/fake-clock.ts';
import { ShopifyEmulator } from './emulator/index.ts';
import { IDEMPOTENT_REQUIRED_MESSAGE, validateShopifyDocument } from './graphql-rules.ts';
import { listOperationFiles } from './operations.ts';
import { loadAdminSchema } from './schema.ts';

const { schema, sha256 } = loadAdminSchema();
const files = listOperationFiles();

describe('operations/*.graphql', () => {
  it('is built from the pinned schema file', () => {
    expect(sha256).toBe('f3b522f264556925eada700e795e4a002a9cba83444ebcc6c0d724254a0c6593');
  });

  it('has the expected operations (a new one needs a resolver and a line here)', () => {
    expect(files.map((f) => f.name)).toEqual([
      'BulkCatalogRun', 'BulkOperationStatus', 'CatalogExport', 'InventoryActivate', 'InventoryLevelsByItems', 'Locations',
      'PushInventoryDelta', 'ShopInfo', 'VariantsUpdatedSince', 'WebhookSubscriptionCreate',
    ]);
  });

  it.each(files.map((f) => [f.file, f] as const))('%s validates with the Shopify rules and names itself after its file', (_, f) => {
    const document = parse(f.source);
    expect(validateShopifyDocument(schema, document).map((e) => e.message)).toEqual([]);
    const ops = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    expect(ops).toHaveLength(1);
    expect(ops[0]!.name?.value).toBe(f.name);
  });

  it.each(files.map((f) => [f.file, f] as const))('%s has an emulator resolver for every root field', (_, f) => {
    const emulator = new ShopifyEmulator({ clock: new FakeClock() });
    const op = parse(f.source).definitions[0] as OperationDefinitionNode;
    for (const field of op.selectionSet.selections as FieldNode[]) {
      expect(emulator.hasResolver(op.operation === 'mutation' ? 'mutation' : 'query', field.name.value), field.name.value).toBe(true);
    }
  });
});

describe('GraphQL outside operations/', () => {
  const serverDir = fileURLToPath(new URL('../..', import.meta.url));
  const sources = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.ts$/.test(e.name) && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : []);
  const tagged = sources(serverDir).flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/\/\* GraphQL \*\/\s*`([^`]*)`/g)].map((m) => ({ file, source: m[1]! })));

  it.each(tagged.length ? tagged.map((t) => [t.file, t.source] as const) : [['(none)', '{ shop { id } }'] as const])('%s: every /* GraphQL */ string passes the same rules', (_, source) => {
    expect(validateShopifyDocument(schema, parse(source)).map((e) => e.message)).toEqual([]);
  });
});

describe('Shopify validation rules', () => {
  const ids = Array.from({ length: 251 }, (_, i) => `"gid://shopify/InventoryItem/${i}"`).join(',');
  it.each([
    ['a keyed mutation without @idempotent', 'mutation($i: InventoryAdjustQuantitiesInput!) { inventoryAdjustQuantities(input: $i) { userErrors { message } } }', IDEMPOTENT_REQUIRED_MESSAGE, 'BAD_REQUEST'],
    ['inventoryActivate without @idempotent', 'mutation { inventoryActivate(inventoryItemId: "a", locationId: "b") { userErrors { message } } }', IDEMPOTENT_REQUIRED_MESSAGE, 'BAD_REQUEST'],
    ['an empty key', 'mutation($i: InventoryAdjustQuantitiesInput!) { inventoryAdjustQuantities(input: $i) @idempotent(key: "  ") { userErrors { message } } }', 'The @idempotent key must not be empty.', 'BAD_REQUEST'],
    ['@idempotent on a query field', '{ shop @idempotent(key: "k") { id } }', 'The @idempotent directive is not supported on field "shop".', 'BAD_REQUEST'],
    ['@idempotent on a mutation without keys', 'mutation { webhookSubscriptionCreate(topic: PRODUCTS_UPDATE, webhookSubscription: { uri: "https://x" }) @idempotent(key: "k") { userErrors { message } } }', 'The @idempotent directive is not supported on field "webhookSubscriptionCreate".', 'BAD_REQUEST'],
    ['a deprecated field', '{ shop { billingAddress { city } } }', 'The field Shop.billingAddress is deprecated. Use `shopAddress` instead.', undefined],
    ['a literal list over 250', `{ nodes(ids: [${ids}]) { id } }`, 'The input array size of 251 is greater than the maximum allowed of 250.', 'MAX_INPUT_SIZE_EXCEEDED'],
  ])('refuses %s', (_, source, message, code) => {
    const errors = validateShopifyDocument(schema, parse(source));
    expect(errors.map((e) => e.message)).toContain(message);
    if (code) expect(errors.find((e) => e.message === message)?.extensions.code).toBe(code);
  });
});
