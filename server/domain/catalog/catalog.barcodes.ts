// In-store barcodes: a manager gives a variant without a barcode an internal EAN-13 (prefix 20–29, local only, audited).
import type { Db } from '../../db/connection.ts';
import { transactionResult } from '../../db/transaction.ts';
import { completeEan13 } from '../../shared/ean13.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { appendAudit } from '../audit/index.ts';
import { can, type Actor } from '../staff/index.ts';

export interface InternalBarcodeSettings {
  /** Two digits, 20–29, outside the weighed-goods prefixes (config makes sure). */
  prefix: string;
}

export interface AssignedBarcode {
  variantId: string;
  barcode: string;
  /** False when the variant already had this internal barcode (a repeated request). */
  created: boolean;
}

/** Digits between the prefix and the check digit. */
const SEQUENCE_DIGITS = 10;

/**
 * Gives the variant the next free internal EAN-13 with the configured prefix. Idempotent: a variant that already has
 * its internal code gets it back unchanged; a variant with another barcode is refused with `VARIANT_HAS_BARCODE`.
 * The code goes into variant_barcodes (the search index follows by trigger) and the audit log, in one transaction.
 */
export function assignInternalBarcode(db: Db, actor: Actor, variantId: string, settings: InternalBarcodeSettings, now: number): Result<AssignedBarcode> {
  if (!can(actor, 'manage_catalog')) return err('PERMISSION_DENIED', 'assigning barcodes needs the manage catalog permission', { permission: 'manage_catalog' });
  if (!/^2\d$/.test(settings.prefix)) return err('VALIDATION_FAILED', `internal barcode prefix must be 20–29, got "${settings.prefix}"`, { field: 'prefix' });
  return transactionResult(db, (tx): Result<AssignedBarcode> => {
    const c = tx.db.$client;
    const variant = c.prepare('select v.id, v.sku, p.title from variants v join products p on p.id = v.product_id where v.id = ?').get(variantId) as
      | { id: string; sku: string; title: string } | undefined;
    if (!variant) return err('VARIANT_NOT_FOUND', 'no such item', { variantId });
    const mine = c.prepare('select barcode from internal_barcodes where variant_id = ?').get(variantId) as { barcode: string } | undefined;
    if (mine) return ok({ variantId, barcode: mine.barcode, created: false });
    const existing = c.prepare('select barcode from variant_barcodes where variant_id = ? order by barcode limit 1').get(variantId) as { barcode: string } | undefined;
    if (existing) return err('VARIANT_HAS_BARCODE', `${variant.title} already has the barcode ${existing.barcode}`, { variantId, barcode: existing.barcode });
    // Next after the highest code with this prefix the box knows (internal or imported), so it can never collide.
    const top = c.prepare(`select max(substr(barcode, 3, ${SEQUENCE_DIGITS})) as top from variant_barcodes where length(barcode) = 13 and substr(barcode, 1, 2) = ?
      and barcode not glob '*[^0-9]*'`).get(settings.prefix) as { top: string | null };
    const sequence = (top.top === null ? 0 : Number(top.top)) + 1;
    if (sequence >= 10 ** SEQUENCE_DIGITS) return err('INTERNAL_BARCODES_EXHAUSTED', `every in-store barcode with prefix ${settings.prefix} is taken`, { prefix: settings.prefix });
    const barcode = completeEan13(settings.prefix + String(sequence).padStart(SEQUENCE_DIGITS, '0'));
    c.prepare('insert into variant_barcodes (barcode, variant_id) values (?, ?)').run(barcode, variantId);
    c.prepare('insert into internal_barcodes (variant_id, barcode, assigned_by, assigned_at) values (?, ?, ?, ?)').run(variantId, barcode, actor.staffId, now);
    appendAudit(tx, {
      action: 'catalog.internal_barcode_assigned', staffId: actor.staffId, counterId: actor.counterId, deviceId: actor.deviceId, branchId: actor.branchId,
      entityType: 'variant', entityId: variantId, details: { barcode, sku: variant.sku, title: variant.title, localOnly: true },
    }, now);
    return ok({ variantId, barcode, created: true });
  });
}
