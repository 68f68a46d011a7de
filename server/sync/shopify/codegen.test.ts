// The generated operation types are current (regenerated in memory and compared) and map Shopify's scalars as it serialises them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateOperationTypes, GENERATED_FILE } from './codegen.ts';

describe('operations.generated.ts', () => {
  it('matches what the generator makes from operations/*.graphql now (else run `npm run shopify:types`)', () => {
    expect(readFileSync(GENERATED_FILE, 'utf8') === generateOperationTypes(), 'operations.generated.ts is stale: run `npm run shopify:types`').toBe(true);
  });

  const synthetic = generateOperationTypes([{
    file: 'Probe.graphql', bulk: false,
    source: `query Probe($ids: [ID!]!, $first: Int = 10, $topic: WebhookSubscriptionTopic) {
      nodes(ids: $ids) { __typename ... on InventoryItem { id tracked unitCost { amount } } }
      shop { shopName: name plan { partnerDevelopment } metafield(key: "k") { jsonValue } }
      bulkOperations(first: $first) { nodes { objectCount fileSize } }
      webhookSubscriptions(first: 1, topics: [$topic]) { nodes { topic } }
    }`,
  }]);

  it.each([
    ['a required list variable', '  ids: Array<string>;'],
    ['a nullable variable with a default as optional', '  first?: number | null;'],
    ['a nullable enum variable as optional', '  topic?: WebhookSubscriptionTopic | null;'],
    ['an abstract type\'s __typename as string', '    __typename: string;'],
    ['fields of an inline fragment on another type as optional', '    tracked?: boolean;'],
    ['Decimal as string', '      amount: string;'],
    ['an alias as the key', '    shopName: string;'],
    ['JSON as unknown', '      jsonValue: unknown;'],
    ['UnsignedInt64 as string', '      objectCount: string;'],
    ['Boolean as boolean', '      partnerDevelopment: boolean;'],
    ['a list of nullable objects', '  } | null>;'],
    ['an enum as a union of its values', "  | 'PRODUCTS_UPDATE'"],
  ])('renders %s', (_, line) => {
    expect(synthetic.split('\n')).toContain(line);
  });

  it('lists every sent operation in ShopifyOperations, but not the bulk inner query', () => {
    const current = generateOperationTypes();
    expect(current).toMatch(/PushInventoryDelta: \{ variables: PushInventoryDeltaVariables; data: PushInventoryDeltaData \};/);
    expect(current).not.toMatch(/CatalogExport: \{ variables/);
    expect(current).toMatch(/export interface CatalogExportData/);
  });
});
