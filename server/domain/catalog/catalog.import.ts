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
  productRow: Database.Statement;
  productInsert: Database.Statement;
  productUpdate: Database.Statement;
  variantRow: Database.Statement;
  variantInsert: Database.Statement;
  variantUpdate: Database.Statement;
  dropBarcode: Database.Statement;
  barcode: Database.Statement;
  seen: Database.Statement;
  variantByShopifyId: Database.Statement;
}

interface StoredProduct { id: Id<'Product'>; title: string; vendor: string; productType: string; active: number }
interface StoredVariant {
  id: Id<'Variant'>; productId: string; title: string; sku: string; price: number; compareAtPrice: number | null;
  active: number; inventoryItemId: string | null;
  /** The variant's barcodes that came from Shopify (its in-store internal barcode left out), joined by U+001F. */
  barcodes: string | null;
}

const BARCODE_SEPARATOR = '\u001f';

function prepared(db: Db): Statements {
  return preparedOnce(db, 'catalog.import', (): Statements => {
    db.$client.exec('create temp table if not exists shopify_import_seen (shopify_product_id text primary key)');
    return {
      // One read per row tells whether anything changed: an unchanged product or variant writes nothing, so its
      // updated_at stays put and the catalog_search triggers do not fire.
      productRow: db.$client.prepare(`select id, title, vendor, product_type as productType, active from products where shopify_product_id = ?`),
      productInsert: db.$client.prepare(`insert into products (id, title, vendor, product_type, active, shopify_product_id, created_at, updated_at)
        values (?, ?, ?, ?, ?, ?, ?, ?)`),
      productUpdate: db.$client.prepare(`update products set title = ?, vendor = ?, product_type = ?, active = ?, updated_at = ? where id = ?`),
      variantRow: db.$client.prepare(`select v.id, v.product_id as productId, v.title, v.sku, v.price, v.compare_at_price as compareAtPrice, v.active,
          v.shopify_inventory_item_id as inventoryItemId,
          (select group_concat(b.barcode, char(31)) from variant_barcodes b where b.variant_id = v.id
            and b.barcode is not (select i.barcode from internal_barcodes i where i.variant_id = v.id)) as barcodes
        from variants v where v.shopify_variant_id = ?`),
      variantInsert: db.$client.prepare(`insert into variants (id, product_id, title, sku, price, compare_at_price, unit, active, shopify_variant_id, shopify_inventory_item_id, created_at, updated_at)
        values (?, ?, ?, ?, ?, ?, 'each', ?, ?, ?, ?, ?)`),
      variantUpdate: db.$client.prepare(`update variants set product_id = ?, title = ?, sku = ?, price = ?, compare_at_price = ?, active = ?,
          shopify_inventory_item_id = ?, updated_at = ? where id = ?`),
      // In-store barcodes the box assigned (internal_barcodes) are local: a re-import keeps them (they are never in
      // the variant's Shopify barcodes read above, so never dropped).
      dropBarcode: db.$client.prepare('delete from variant_barcodes where barcode = ? and variant_id = ?'),
      // A barcode another variant already carries stays with it (Shopify allows duplicates; the till cannot).
      barcode: db.$client.prepare('insert or ignore into variant_barcodes (barcode, variant_id) values (?, ?)'),
      seen: db.$client.prepare('insert or ignore into shopify_import_seen (shopify_product_id) values (?)'),
      variantByShopifyId: db.$client.prepare('select id from variants where shopify_variant_id = ?'),
    };
  });
}

/**
 * Inserts or updates one Shopify product and its variants (with barcodes) in the caller's transaction; returns local
 * variant ids. Rows whose imported fields are unchanged are not written at all (updated_at and the search index stay).
 */
export function upsertShopifyProduct(tx: Tx, product: ImportedProduct, variants: readonly ImportedVariant[], now: number): Array<Id<'Variant'>> {
  const s = prepared(tx.db);
  const active = product.active ? 1 : 0;
  const stored = s.productRow.get(product.shopifyProductId) as StoredProduct | undefined;
  let productId: Id<'Product'>;
  if (!stored) {
    productId = newId<'Product'>();
    s.productInsert.run(productId, product.title, product.vendor, product.productType, active, product.shopifyProductId, now, now);
  } else {
    productId = stored.id;
    if (stored.title !== product.title || stored.vendor !== product.vendor || stored.productType !== product.productType || stored.active !== active) {
      s.productUpdate.run(product.title, product.vendor, product.productType, active, now, productId);
    }
  }
  s.seen.run(product.shopifyProductId);
  return variants.map((v) => {
    const row = s.variantRow.get(v.shopifyVariantId) as StoredVariant | undefined;
    let id: Id<'Variant'>;
    if (!row) {
      id = newId<'Variant'>();
      s.variantInsert.run(id, productId, v.title, v.sku, v.price, v.compareAtPrice, active, v.shopifyVariantId, v.shopifyInventoryItemId, now, now);
    } else {
      id = row.id;
      if (row.productId !== productId || row.title !== v.title || row.sku !== v.sku || row.price !== v.price
        || row.compareAtPrice !== v.compareAtPrice || row.active !== active || row.inventoryItemId !== v.shopifyInventoryItemId) {
        s.variantUpdate.run(productId, v.title, v.sku, v.price, v.compareAtPrice, active, v.shopifyInventoryItemId, now, id);
      }
    }
    // Barcodes: drop the Shopify ones that are no longer the variant's, add the new one; an unchanged barcode is not touched.
    const current = row?.barcodes ? row.barcodes.split(BARCODE_SEPARATOR) : [];
    for (const barcode of current) if (barcode !== v.barcode) s.dropBarcode.run(barcode, id);
    if (v.barcode && !current.includes(v.barcode)) s.barcode.run(v.barcode, id);
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

/**
 * After a complete import: products from Shopify that it did not see are deactivated with their variants (history
 * keeps them). Works through one page of products (by rowid, after `after`) so a big catalogue is done in short
 * transactions; `next` is where the following page starts, null once every product was looked at.
 */
export function deactivateUnseenShopifyProducts(tx: Tx, now: number, page: { after: number; size: number } = { after: 0, size: -1 }): { deactivated: number; next: number | null } {
  prepared(tx.db);
  const c = tx.db.$client;
  const upTo = (c.prepare('select max(r) as r from (select rowid as r from products where rowid > ? order by rowid limit ?)').get(page.after, page.size) as { r: number | null }).r;
  if (upTo === null) return { deactivated: 0, next: null };
  const gone = `rowid > @after and rowid <= @upTo and shopify_product_id is not null and active = 1
    and shopify_product_id not in (select shopify_product_id from temp.shopify_import_seen)`;
  c.prepare(`update variants set active = 0, updated_at = @now where product_id in (select id from products where ${gone})`).run({ now, after: page.after, upTo });
  const deactivated = c.prepare(`update products set active = 0, updated_at = @now where ${gone}`).run({ now, after: page.after, upTo }).changes;
  return { deactivated, next: upTo };
}

/** Deactivates one product (a products/delete webhook or a vanished product on refresh). */
export function deactivateShopifyProduct(tx: Tx, shopifyProductId: string, now: number): boolean {
  const c = tx.db.$client;
  c.prepare('update variants set active = 0, updated_at = ? where product_id in (select id from products where shopify_product_id = ?)').run(now, shopifyProductId);
  return c.prepare('update products set active = 0, updated_at = ? where shopify_product_id = ?').run(now, shopifyProductId).changes > 0;
}
