// No-sale drawer opening: a reasoned, audited drawer kick on the counter's printer, idempotent on the client's id.
import type { Db } from '../db/connection.ts';
import { transactionResult } from '../db/transaction.ts';
import { appendAudit } from '../domain/audit/index.ts';
import { enqueuePrintJob, findPrinter, findPrintJob, printerForCounter, type PrintingEffects } from '../domain/printing/index.ts';
import { can, redeemApproval, type Actor } from '../domain/staff/index.ts';
import { derivedId, type Id } from '../shared/ids.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { drawerKickBytes, realtimeDrawerPulseBytes } from '../../hardware/escpos/escpos.drawer.ts';

export const NO_SALE_REASON_MAX = 200;

export interface NoSaleRequest {
  /** Chosen by the terminal: a retried request finds the first kick and opens nothing more. */
  id: string;
  /** Why the drawer is opened without a sale ("change for a customer"); required. */
  reason: string;
  /** A manager's approval, for staff without open_drawer_no_sale. */
  approvalId?: string | undefined;
}

export interface NoSaleOpening {
  id: string;
  jobId: Id<'PrintJob'>;
  printerId: Id<'Printer'>;
  printerName: string;
  /** queued until the printer's queue sends the kick; dropped when it came too late to be useful. */
  status: string;
  createdAt: number;
}

/** The drawer job's id for a no-sale request: derived, so the same request id can only ever kick once. */
export function noSaleJobId(requestId: string): Id<'PrintJob'> {
  return derivedId(`${requestId}:no-sale`);
}

/**
 * Opens the counter's cash drawer without a sale: checks the reason and the permission (or redeems a manager's
 * approval), then in one transaction queues the drawer job (with the real-time pulse for paper-out) and audits it.
 */
export function openDrawerNoSale(db: Db, actor: Actor, input: NoSaleRequest, now: number, effects: PrintingEffects = {}): Result<NoSaleOpening> {
  const reason = input.reason.trim().replace(/\s+/g, ' ');
  if (!reason) return err('VALIDATION_FAILED', 'Say why the drawer is opened without a sale', { field: 'reason' });
  if (reason.length > NO_SALE_REASON_MAX) return err('VALIDATION_FAILED', `Keep the reason under ${NO_SALE_REASON_MAX} characters`, { field: 'reason' });
  const jobId = noSaleJobId(input.id);
  const answer = (job: { printerId: Id<'Printer'>; status: string; createdAt: number }): NoSaleOpening =>
    ({ id: input.id, jobId, printerId: job.printerId, printerName: findPrinter(db, job.printerId)?.name ?? '', status: job.status, createdAt: job.createdAt });

  return transactionResult(db, (tx): Result<NoSaleOpening> => {
    // A replay (the terminal retried after a lost answer) gets the first answer: no second kick, no second audit entry.
    const existing = findPrintJob(tx.db, jobId);
    if (existing) {
      if (existing.kind !== 'drawer' || existing.requestedBy !== actor.staffId) {
        return err('IDEMPOTENCY_KEY_REUSED', 'This request id was already used for something else', { id: input.id });
      }
      return ok(answer(existing));
    }
    const printer = printerForCounter(tx.db, actor.counterId);
    if (!printer) return err('PRINTER_NOT_FOUND', 'No receipt printer is set up for this counter, so its drawer cannot be opened', { counterId: actor.counterId });
    let approverId: string | null = null;
    if (!can(actor, 'open_drawer_no_sale')) {
      if (!input.approvalId) return err('APPROVAL_REQUIRED', 'a manager must approve: open drawer no sale', { permission: 'open_drawer_no_sale' });
      const approved = redeemApproval(tx, { approvalId: input.approvalId, permission: 'open_drawer_no_sale', requesterStaffId: actor.staffId }, now);
      if (!approved.ok) return approved;
      approverId = approved.value.approverId;
    }
    const pin = printer.drawerPin === 5 ? 5 : 2;
    const kick = enqueuePrintJob(tx.db, {
      id: jobId,
      printerId: printer.id,
      kind: 'drawer',
      bytes: drawerKickBytes({ pin, onMs: printer.drawerOnMs, offMs: printer.drawerOffMs }),
      faultBytes: realtimeDrawerPulseBytes(pin, printer.drawerOnMs),
      requestedBy: actor.staffId,
      reason: 'no-sale',
    }, now, effects);
    if (!kick.ok) return kick;
    appendAudit(tx, {
      action: 'drawer.opened', staffId: actor.staffId, approverId, branchId: actor.branchId, counterId: actor.counterId, deviceId: actor.deviceId,
      entityType: 'no_sale', entityId: input.id, reason,
      details: { noSale: true, printerId: printer.id, printer: printer.name, jobId, by: actor.name },
    }, now);
    return ok(answer(kick.value));
  });
}
