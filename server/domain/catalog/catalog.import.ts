// Catalog upserts for the Shopify import: products and variants keyed by their Shopify ids; vanished products are deactivated, never deleted.
import type Database from 'better-sqlite3';
import type { Db } from '../../db/connection.ts';
import { preparedOnce } from '../../db/prepared.ts';
import type { Tx } from '../../db/transaction.ts';
import { newId, type Id } from '../../shared/ids.ts';
import type { Money } from '../../shared/money.ts';

export interface ImportedProduct {
  shopifyProductId: string;
  title: string;
  vendor: string;
  productType: string;
  /** Shopify ACTIVE products are sellable; DRAFT and ARCHIVED ones are kept inactive. */
  active: boolean;
}

export interface ImportedVariant {
  shopifyVariantId: string;
  shopifyInventoryItemId: string | null;
  title: string;
  sku: string;
  barcode: string | null;
  price: Money;
  compareAtPrice: Money | null;
}

interface Statements {
  product: Database.Statement;
  variant: Database.Statement;
  clearBarcodes: Database.Statement;
  barcode: Database.Statement;
  seen: Database.Statement;
  variantByShopifyId: Database.Statement;
}

function prepared(db: Db): Statements {
  return preparedOnce(db, 'catalog.import', (): Statements => {
    db.$client.exec('create temp table if not exists shopify_import_seen (shopify_product_id text primary key)');
    return {
      product: db.$client.prepare(`insert into products (id, title, vendor, product_type, active, shopify_product_id, created_at, updated_at)
        values (?, ?, ?, ?, ?, ?, ?, ?)
        on conflict (shopify_product_id) do update set title = excluded.title, vendor = excluded.vendor,
          product_type = excluded.product_type, active = excluded.active, updated_at = excluded.updated_at
        returning id`),
      variant: db.$client.prepare(`insert into variants (id, product_id, title, sku, price, compare_at_price, unit, active, shopify_variant_id, shopify_inventory_item_id, created_at, updated_at)
        values (?, ?, ?, ?, ?, ?, 'each', ?, ?, ?, ?, ?)
        on conflict (shopify_variant_id) do update set product_id = excluded.product_id, title = excluded.title, sku = excluded.sku,
          price = excluded.price, compare_at_price = excluded.compare_at_price, active = excluded.active,
          shopify_inventory_item_id = excluded.shopify_inventory_item_id, updated_at = excluded.updated_at
        returning id`),
      // In-store barcodes the box assigned (internal_barcodes) are local: a re-import keeps them.
      clearBarcodes: db.$client.prepare('delete from variant_barcodes where variant_id = @id and barcode not in (select barcode from internal_barcodes where variant_id = @id)'),
      // A barcode another variant already carries stays with it (Shopify allows duplicates; the till cannot).
      barcode: db.$client.prepare('insert or ignore into variant_barcodes (barcode, variant_id) values (?, ?)'),
      seen: db.$client.prepare('insert or ignore into shopify_import_seen (shopify_product_id) values (?)'),
      variantByShopifyId: db.$client.prepare('select id from variants where shopify_variant_id = ?'),
    };
  });
}

/** Inserts or updates one Shopify product and its variants (with barcodes) in the caller's transaction; returns local variant ids. */
export function upsertShopifyProduct(tx: Tx, product: ImportedProduct, variants: readonly ImportedVariant[], now: number): Array<Id<'Variant'>> {
  const s = prepared(tx.db);
  const productId = (s.product.get(newId(), product.title, product.vendor, product.productType, product.active ? 1 : 0, product.shopifyProductId, now, now) as { id: Id<'Product'> }).id;
  s.seen.run(product.shopifyProductId);
  return variants.map((v) => {
    const id = (s.variant.get(newId(), productId, v.title, v.sku, v.price, v.compareAtPrice, product.active ? 1 : 0, v.shopifyVariantId, v.shopifyInventoryItemId, now, now) as { id: Id<'Variant'> }).id;
    s.clearBarcodes.run({ id });
    if (v.barcode) s.barcode.run(v.barcode, id);
    return id;
  });
}

/** The local variant imported from a Shopify variant, if any. */
export function findVariantByShopifyId(db: Db, shopifyVariantId: string): Id<'Variant'> | null {
  return (prepared(db).variantByShopifyId.get(shopifyVariantId) as { id: Id<'Variant'> } | undefined)?.id ?? null;
}

/** Starts a full import: forgets which products the previous one saw. */
export function beginShopifyImport(db: Db): void {
  prepared(db);
  db.$client.exec('delete from shopify_import_seen');
}

/** After a complete import: products from Shopify that it did not see are deactivated with their variants (history keeps them). */
export function deactivateUnseenShopifyProducts(tx: Tx, now: number): number {
  prepared(tx.db);
  const c = tx.db.$client;
  const gone = `shopify_product_id is not null and active = 1 and shopify_product_id not in (select shopify_product_id from temp.shopify_import_seen)`;
  c.prepare(`update variants set active = 0, updated_at = ? where product_id in (select id from products where ${gone})`).run(now);
  return c.prepare(`update products set active = 0, updated_at = ? where ${gone}`).run(now).changes;
}

/** Deactivates one product (a products/delete webhook or a vanished product on refresh). */
export function deactivateShopifyProduct(tx: Tx, shopifyProductId: string, now: number): boolean {
  const c = tx.db.$client;
  c.prepare('update variants set active = 0, updated_at = ? where product_id in (select id from products where shopify_product_id = ?)').run(now, shopifyProductId);
  return c.prepare('update products set active = 0, updated_at = ? where shopify_product_id = ?').run(now, shopifyProductId).changes > 0;
}
