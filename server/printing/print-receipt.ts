// Queues a receipt (and, for cash, a drawer kick) on a printer: encodes for that printer, then persists the jobs.
import type { Db } from '../db/connection.ts';
import { transactionResult } from '../db/transaction.ts';
import { appendAudit } from '../domain/audit/index.ts';
import { enqueuePrintJob, findPrinter, findPrintJob, type PrintingEffects, type PrintJobSummary } from '../domain/printing/index.ts';
import type { Clock } from '../shared/clock.ts';
import type { Id } from '../shared/ids.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { drawerKickBytes, realtimeDrawerPulseBytes } from '../../hardware/escpos/escpos.drawer.ts';
import { encodeReceiptForPrinter, type PrintMode } from '../../hardware/escpos/escpos.raster.ts';
import type { Codepage } from '../../hardware/escpos/escpos.codepages.ts';
import type { FormatMoney, ReceiptColumns, ReceiptDocument } from '../../hardware/receipt/receipt.document.ts';

export interface QueueReceiptInput {
  /** Chosen by the caller (e.g. derived from the sale id) so a retry does not print twice. */
  receiptJobId: Id<'PrintJob'>;
  /** Needed when `openDrawer`: the kick's own job id. */
  drawerJobId?: Id<'PrintJob'>;
  printerId: Id<'Printer'>;
  document: ReceiptDocument;
  formatMoney: FormatMoney;
  /** Cash sales open the drawer: a separate job first, so it opens even while the receipt waits for paper. */
  openDrawer?: boolean;
  mode?: PrintMode;
  /** Staff who completed the sale, and the order: recorded on the drawer kick and the receipt. */
  staffId?: string | null;
  orderId?: string | null;
  /** Where the sale happened: recorded on the drawer kick's audit entry. */
  branchId?: string | null;
  counterId?: string | null;
  /** Why the job prints (default "sale"; e.g. "quote", "reprint"). */
  reason?: string;
  /** The branch template's optional blocks (from getReceiptTemplate). */
  blocks?: Partial<Record<'logo' | 'customer' | 'sku' | 'taxes' | 'barcode' | 'qr' | 'footer', boolean>>;
}

export interface QueuedReceipt {
  receipt: PrintJobSummary;
  drawer: PrintJobSummary | null;
  mode: 'text' | 'raster';
}

/** Encodes the receipt for the printer's paper width and code page (raster for Urdu) and queues it. */
export async function queueReceipt(deps: { db: Db; clock: Clock }, input: QueueReceiptInput, effects: PrintingEffects = {}): Promise<Result<QueuedReceipt>> {
  const printer = findPrinter(deps.db, input.printerId);
  if (!printer) return err('PRINTER_NOT_FOUND', 'No such printer', { printerId: input.printerId });
  if (input.openDrawer && !input.drawerJobId) return err('VALIDATION_FAILED', 'A drawer kick needs its own job id', { field: 'drawerJobId' });
  // A repeated request (retried sale, after-commit run twice) finds its jobs and prints nothing more.
  const already = findPrintJob(deps.db, input.receiptJobId);
  if (already) {
    const drawer = input.openDrawer ? findPrintJob(deps.db, input.drawerJobId!) : null;
    return ok({ receipt: already, drawer, mode: 'text' });
  }
  const encoded = await encodeReceiptForPrinter(input.document, {
    columns: printer.columns as ReceiptColumns,
    codepage: printer.codepage as Codepage,
    formatMoney: input.formatMoney,
    mode: input.mode,
    blocks: input.blocks,
  });
  if (!encoded.ok) return encoded;
  const reason = input.reason ?? 'sale';
  const now = deps.clock.now();
  // One transaction: the drawer kick, its audit entry and the receipt land together or not at all.
  return transactionResult(deps.db, (tx): Result<QueuedReceipt> => {
    let drawer: PrintJobSummary | null = null;
    if (input.openDrawer) {
      const isNew = !findPrintJob(tx.db, input.drawerJobId!);
      const pin = printer.drawerPin === 5 ? 5 : 2;
      const kick = enqueuePrintJob(tx.db, {
        id: input.drawerJobId!,
        printerId: printer.id,
        kind: 'drawer',
        bytes: drawerKickBytes({ pin, onMs: printer.drawerOnMs, offMs: printer.drawerOffMs }),
        faultBytes: realtimeDrawerPulseBytes(pin, printer.drawerOnMs),
        requestedBy: input.staffId ?? null,
        reason,
        documentId: input.orderId ?? null,
      }, now, effects);
      if (!kick.ok) return kick;
      drawer = kick.value;
      if (isNew) {
        appendAudit(tx, {
          action: 'drawer.opened', staffId: input.staffId ?? null, branchId: input.branchId ?? null, counterId: input.counterId ?? null,
          entityType: input.orderId ? 'order' : null, entityId: input.orderId ?? null, reason,
          details: { printerId: printer.id, jobId: kick.value.id },
        }, now);
      }
    }
    const receipt = enqueuePrintJob(tx.db, {
      id: input.receiptJobId,
      printerId: printer.id,
      kind: 'receipt',
      bytes: encoded.value.bytes,
      document: JSON.stringify(input.document, (_key, value: unknown) => (value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value)),
      requestedBy: input.staffId ?? null,
      reason,
      documentId: input.orderId ?? null,
    }, now, effects);
    if (!receipt.ok) return receipt;
    return ok({ receipt: receipt.value, drawer, mode: encoded.value.mode });
  });
}
