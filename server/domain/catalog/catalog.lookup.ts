// Reading variants for the till: by id (in bulk, one query), by barcode (exact, or a weighed-goods scale barcode).
import type Database from 'better-sqlite3';
import type { Db } from '../../db/connection.ts';
import { preparedOnce } from '../../db/prepared.ts';
import type { Id } from '../../shared/ids.ts';
import type { Money } from '../../shared/money.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { parseScaleBarcode, type ScaleBarcodeSettings } from './catalog.scale.ts';
import type { VariantUnit } from './catalog.sql.ts';

/** What the till needs to know about a variant. */
export interface VariantView {
  variantId: Id<'Variant'>;
  productId: Id<'Product'>;
  productTitle: string;
  variantTitle: string;
  /** Product and variant title as a cashier reads it. */
  title: string;
  sku: string;
  barcode: string | null;
  vendor: string;
  /** Per piece, or per 1,000 g / ml. */
  price: Money;
  compareAtPrice: Money | null;
  unit: VariantUnit;
  taxRateBps: number;
  active: boolean;
  /** On hand at the branch asked about (0 when it never had stock); null when no branch was given. */
  stock: number | null;
}

interface Row {
  variantId: string; productId: string; productTitle: string; variantTitle: string; sku: string; barcode: string | null;
  vendor: string; price: number; compareAtPrice: number | null; unit: VariantUnit; taxRateBps: number | null; active: number; stock: number | null;
}

const COLUMNS = `v.id as variantId, p.id as productId, p.title as productTitle, v.title as variantTitle, v.sku as sku,
  (select min(b.barcode) from variant_barcodes b where b.variant_id = v.id) as barcode, p.vendor as vendor, v.price as price,
  v.compare_at_price as compareAtPrice, v.unit as unit, t.rate_bps as taxRateBps, (v.active and p.active) as active,
  (select s.on_hand from stock_levels s where s.variant_id = v.id and s.branch_id = @branchId) as stock`;
const FROM = 'variants v join products p on p.id = v.product_id left join tax_classes t on t.id = v.tax_class_id';

interface Statements {
  byIds: Database.Statement;
  byBarcode: Database.Statement;
  bySku: Database.Statement;
  stock: Database.Statement;
}

function prepared(db: Db): Statements {
  return preparedOnce(db, 'catalog.lookup', (): Statements => {
    return {
      byIds: db.$client.prepare(`select ${COLUMNS} from ${FROM} where v.id in (select value from json_each(@ids))`),
      byBarcode: db.$client.prepare(`select ${COLUMNS} from variant_barcodes vb join variants v on v.id = vb.variant_id join products p on p.id = v.product_id
        left join tax_classes t on t.id = v.tax_class_id where vb.barcode = @code`),
      bySku: db.$client.prepare(`select ${COLUMNS} from ${FROM} where v.sku = @code and v.active = 1 limit 2`),
      stock: db.$client.prepare('select variant_id as variantId, on_hand as onHand from stock_levels where branch_id = ? and variant_id in (select value from json_each(?))'),
    };
  });
}

export function toView(row: Row, withStock: boolean): VariantView {
  const variantTitle = row.variantTitle === 'Default Title' ? '' : row.variantTitle;
  return {
    variantId: row.variantId as Id<'Variant'>, productId: row.productId as Id<'Product'>, productTitle: row.productTitle, variantTitle,
    title: variantTitle ? `${row.productTitle} — ${variantTitle}` : row.productTitle, sku: row.sku, barcode: row.barcode, vendor: row.vendor,
    price: row.price as Money, compareAtPrice: row.compareAtPrice as Money | null, unit: row.unit, taxRateBps: row.taxRateBps ?? 0,
    active: row.active === 1, stock: withStock ? (row.stock ?? 0) : null,
  };
}

/** The variants with these ids (missing ids are simply absent), in one query. */
export function getVariants(db: Db, ids: readonly string[], branchId: Id<'Branch'> | null): Map<string, VariantView> {
  const rows = prepared(db).byIds.all({ ids: JSON.stringify(ids), branchId }) as Row[];
  return new Map(rows.map((r) => [r.variantId, toView(r, branchId !== null)]));
}

/** On-hand stock of these variants at a branch (variants without a level are 0), in one query. */
export function getStockLevels(db: Db, branchId: Id<'Branch'>, ids: readonly string[]): Map<string, number> {
  const rows = prepared(db).stock.all(branchId, JSON.stringify(ids)) as Array<{ variantId: string; onHand: number }>;
  const levels = new Map<string, number>(ids.map((id) => [id, 0]));
  for (const r of rows) levels.set(r.variantId, r.onHand);
  return levels;
}

export interface BarcodeMatch {
  variant: VariantView;
  /** Set for a weighed-goods barcode carrying a weight: the quantity in grams. */
  quantity: number | null;
  /** Set for a weighed-goods barcode carrying a price: the line's amount. */
  embeddedPrice: Money | null;
}

/**
 * Finds the variant a scanned code names: an exact barcode first, then an exact SKU, then a weighed-goods
 * barcode whose item code is stored as a barcode of the variant (prefix + item code, or the item code alone).
 */
export function lookupBarcode(db: Db, code: string, scale: ScaleBarcodeSettings, branchId: Id<'Branch'> | null): Result<BarcodeMatch> {
  const trimmed = code.trim();
  const s = prepared(db);
  const withStock = branchId !== null;
  const exact = s.byBarcode.get({ code: trimmed, branchId }) as Row | undefined;
  if (exact) return ok({ variant: toView(exact, withStock), quantity: null, embeddedPrice: null });
  const bySku = s.bySku.all({ code: trimmed, branchId }) as Row[];
  if (bySku.length === 1) return ok({ variant: toView(bySku[0]!, withStock), quantity: null, embeddedPrice: null });
  const parsed = parseScaleBarcode(trimmed, scale);
  if (parsed) {
    const row = (s.byBarcode.get({ code: parsed.prefix + parsed.itemCode, branchId }) ?? s.byBarcode.get({ code: parsed.itemCode, branchId })) as Row | undefined;
    if (row) {
      return ok(parsed.valueKind === 'weight'
        ? { variant: toView(row, withStock), quantity: parsed.value, embeddedPrice: null }
        : { variant: toView(row, withStock), quantity: null, embeddedPrice: parsed.value as Money });
    }
  }
  return err('BARCODE_NOT_FOUND', `no item has the barcode ${trimmed}`, { barcode: trimmed });
}
