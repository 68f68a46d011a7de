// Shopify upserts into the catalog: unchanged rows are not rewritten; vanished products are deactivated page by page.
import { describe, expect, it } from 'vitest';
import { transaction } from '../../db/transaction.ts';
import type { Money } from '../../shared/money.ts';
import { testDb } from '../../test/db.ts';
import { beginShopifyImport, deactivateUnseenShopifyProducts, upsertShopifyProduct, type ImportedProduct, type ImportedVariant } from './catalog.import.ts';
import { searchCatalog } from './catalog.search.ts';

const product = (n: number, over: Partial<ImportedProduct> = {}): ImportedProduct => ({
  shopifyProductId: `gid://shopify/Product/${n}`, title: `Lawn Kurta ${n}`, vendor: 'Khaadi', productType: 'Kurta', active: true, ...over,
});
const variant = (n: number, over: Partial<ImportedVariant> = {}): ImportedVariant => ({
  shopifyVariantId: `gid://shopify/ProductVariant/${n}`, shopifyInventoryItemId: `gid://shopify/InventoryItem/${n}`, title: 'M',
  sku: `KUR-${n}`, barcode: `89600000000${n}`, price: 199000 as Money, compareAtPrice: null, ...over,
});

const rows = (db: ReturnType<typeof testDb>) => ({
  products: db.$client.prepare('select title, vendor, product_type, active, updated_at from products order by shopify_product_id').all(),
  variants: db.$client.prepare('select title, sku, price, compare_at_price, active, shopify_inventory_item_id, updated_at from variants order by shopify_variant_id').all(),
  barcodes: db.$client.prepare('select rowid, barcode from variant_barcodes order by barcode').all(),
});

describe('upsertShopifyProduct', () => {
  it('writes nothing when every imported field is as stored: no updated_at moves, no changes counted', () => {
    const db = testDb();
    transaction(db, (tx) => upsertShopifyProduct(tx, product(1), [variant(1), variant(2, { barcode: null })], 1000));
    const before = rows(db);
    const changes = (db.$client.prepare('select total_changes() as n').get() as { n: number }).n;
    const ids = transaction(db, (tx) => upsertShopifyProduct(tx, product(1), [variant(1), variant(2, { barcode: null })], 2000));
    expect(ids).toHaveLength(2);
    // The only change counted is none: the 'seen' mark is already there (insert or ignore).
    expect((db.$client.prepare('select total_changes() as n').get() as { n: number }).n).toBe(changes);
    expect(rows(db)).toEqual(before);
  });

  it.each([
    ['the product title', product(1, { title: 'Silk Kurta 1' }), variant(1), { productsUpdated: 1, variantsUpdated: 0 }, 'silk'],
    ['the vendor', product(1, { vendor: 'Sapphire' }), variant(1), { productsUpdated: 1, variantsUpdated: 0 }, 'sapphire'],
    ['the price', product(1), variant(1, { price: 209000 as Money }), { productsUpdated: 0, variantsUpdated: 1 }, 'lawn'],
    ['the SKU', product(1), variant(1, { sku: 'KUR-X1' }), { productsUpdated: 0, variantsUpdated: 1 }, 'KUR-X1'],
    ['the barcode', product(1), variant(1, { barcode: '8960000000999' }), { productsUpdated: 0, variantsUpdated: 0 }, '8960000000999'],
    ['the status (draft)', product(1, { active: false }), variant(1), { productsUpdated: 1, variantsUpdated: 1 }, null],
  ] as const)('applies a change of %s, rewriting only what changed, and the search finds it', (_what, p, v, expected, word) => {
    const db = testDb();
    transaction(db, (tx) => upsertShopifyProduct(tx, product(1), [variant(1)], 1000));
    transaction(db, (tx) => upsertShopifyProduct(tx, p, [v], 2000));
    const updated = (table: string) => (db.$client.prepare(`select count(*) as n from ${table} where updated_at = 2000`).get() as { n: number }).n;
    expect({ productsUpdated: updated('products'), variantsUpdated: updated('variants') }).toEqual(expected);
    expect(db.$client.prepare('select p.title, p.vendor, p.active as pa, v.sku, v.price, v.active as va from variants v join products p on p.id = v.product_id').get())
      .toEqual({ title: p.title, vendor: p.vendor, pa: p.active ? 1 : 0, sku: v.sku, price: v.price, va: p.active ? 1 : 0 });
    expect(db.$client.prepare('select group_concat(barcode) as b from variant_barcodes').get()).toEqual({ b: v.barcode });
    // A draft is not offered to the till; anything else is found by its new words.
    if (word === null) expect(searchCatalog(db, 'lawn', { branchId: null }).items).toEqual([]);
    else expect(searchCatalog(db, word, { branchId: null }).items.map((i) => i.sku)).toEqual([v.sku]);
  });

  it('keeps a barcode another variant already carries with that variant', () => {
    const db = testDb();
    transaction(db, (tx) => upsertShopifyProduct(tx, product(1), [variant(1, { barcode: '8960000000555' })], 1000));
    transaction(db, (tx) => upsertShopifyProduct(tx, product(2), [variant(2, { barcode: '8960000000555' })], 1000));
    transaction(db, (tx) => upsertShopifyProduct(tx, product(2), [variant(2, { barcode: '8960000000555' })], 2000));
    expect(db.$client.prepare('select v.sku from variant_barcodes b join variants v on v.id = b.variant_id').all()).toEqual([{ sku: 'KUR-1' }]);
  });
});

describe('deactivateUnseenShopifyProducts', () => {
  it('deactivates, page by page, exactly the products the import did not see, with their variants', () => {
    const db = testDb();
    transaction(db, (tx) => { for (let n = 1; n <= 7; n++) upsertShopifyProduct(tx, product(n), [variant(n)], 1000); });
    beginShopifyImport(db);
    transaction(db, (tx) => { for (const n of [1, 3, 4, 7]) upsertShopifyProduct(tx, product(n), [variant(n)], 2000); });
    const pages: number[] = [];
    let after: number | null = 0;
    while (after !== null) {
      const page = transaction(db, (tx) => deactivateUnseenShopifyProducts(tx, 3000, { after: after!, size: 2 }));
      pages.push(page.deactivated);
      after = page.next;
    }
    expect(pages).toEqual([1, 0, 2, 0, 0]); // products 1-2, 3-4, 5-6, 7, then nothing left
    expect(db.$client.prepare('select v.sku from variants v join products p on p.id = v.product_id where v.active = 0 and p.active = 0 and p.updated_at = 3000 order by v.sku').all())
      .toEqual([{ sku: 'KUR-2' }, { sku: 'KUR-5' }, { sku: 'KUR-6' }]);
    expect(db.$client.prepare('select count(*) as n from products where active = 1').get()).toEqual({ n: 4 });
  });
});
