// Catalog commands and queries: bulk-add products with their variants and barcodes; look variants up.
import type Database from 'better-sqlite3';
import type { Db } from '../../db/connection.ts';
import { preparedOnce } from '../../db/prepared.ts';
import type { Tx } from '../../db/transaction.ts';
import type { Id } from '../../shared/ids.ts';
import type { Money } from '../../shared/money.ts';
import type { VariantUnit } from './catalog.sql.ts';

export interface NewVariant {
  id: Id<'Variant'>;
  title: string;
  sku: string;
  price: Money;
  compareAtPrice: Money | null;
  taxClassId: Id<'TaxClass'> | null;
  unit: VariantUnit;
  barcodes: string[];
}

export interface NewProduct {
  id: Id<'Product'>;
  title: string;
  vendor: string;
  productType: string;
  categoryId: Id<'Category'> | null;
  variants: NewVariant[];
}


function prepared(db: Db): { product: Database.Statement; variant: Database.Statement; barcode: Database.Statement } {
  return preparedOnce(db, 'catalog.service', () => {
    return {
      product: db.$client.prepare(`insert into products (id, title, vendor, product_type, category_id, active, created_at, updated_at)
        values (?, ?, ?, ?, ?, 1, ?, ?)`),
      variant: db.$client.prepare(`insert into variants (id, product_id, title, sku, price, compare_at_price, tax_class_id, unit, active, created_at, updated_at)
        values (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`),
      barcode: db.$client.prepare('insert into variant_barcodes (barcode, variant_id) values (?, ?)'),
    };
  });
}

/** Inserts products with their variants and barcodes inside the caller's transaction (bulk path for seeding). */
export function addProducts(tx: Tx, products: readonly NewProduct[], now: number): void {
  const s = prepared(tx.db);
  for (const p of products) {
    s.product.run(p.id, p.title, p.vendor, p.productType, p.categoryId, now, now);
    for (const v of p.variants) {
      s.variant.run(v.id, p.id, v.title, v.sku, v.price, v.compareAtPrice, v.taxClassId, v.unit, now, now);
      for (const barcode of v.barcodes) s.barcode.run(barcode, v.id);
    }
  }
}

export function countVariants(db: Db): number {
  return (db.$client.prepare('select count(*) as n from variants').get() as { n: number }).n;
}

export interface VariantForLabel {
  id: Id<'Variant'>;
  sku: string;
  /** Product title, with the variant title when it is not the default one. */
  name: string;
  price: Money;
  /** The variant's first barcode, if any. */
  barcode: string | null;
}

/** Active variants with the given SKUs (for printing shelf labels), in the order asked; unknown SKUs are left out. */
export function findVariantsBySku(db: Db, skus: readonly string[]): VariantForLabel[] {
  const lookup = db.$client.prepare(`select v.id, v.sku, p.title as productTitle, v.title as variantTitle, v.price,
      (select min(b.barcode) from variant_barcodes b where b.variant_id = v.id) as barcode
    from variants v join products p on p.id = v.product_id where v.sku = ? and v.active = 1 order by v.created_at limit 1`);
  const found: VariantForLabel[] = [];
  for (const sku of skus) {
    const row = lookup.get(sku) as { id: Id<'Variant'>; sku: string; productTitle: string; variantTitle: string; price: Money; barcode: string | null } | undefined;
    if (!row) continue;
    const name = row.variantTitle && row.variantTitle !== 'Default Title' ? `${row.productTitle} - ${row.variantTitle}` : row.productTitle;
    found.push({ id: row.id, sku: row.sku, name, price: row.price, barcode: row.barcode });
  }
  return found;
}
