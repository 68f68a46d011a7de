// Printing commands and queries: register printers, enqueue, list, move and reprint jobs; the queue's job store.
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.ts';
import { appendAudit } from '../audit/index.ts';
import { transaction } from '../../db/transaction.ts';
import type { Id } from '../../shared/ids.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { printers, printJobs, type PrinterRow, type PrintJobKind, type PrintJobRow, type PrintJobStatus } from './printing.sql.ts';

export type PrinterSummary = Omit<PrinterRow, 'createdAt' | 'updatedAt'>;

export interface PrintJobSummary {
  id: Id<'PrintJob'>;
  printerId: Id<'Printer'>;
  kind: PrintJobKind;
  status: PrintJobStatus;
  attempts: number;
  lastError: string | null;
  reprintOf: string | null;
  requestedBy: string | null;
  reason: string | null;
  documentId: string | null;
  byteCount: number;
  createdAt: number;
  printedAt: number | null;
}

/** After-commit hooks: the print worker is woken when a job lands on a printer's queue. */
export interface PrintingEffects {
  jobQueued?: (printerId: Id<'Printer'>) => void;
  printerRegistered?: (printerId: Id<'Printer'>) => void;
  /** A printer's settings changed (e.g. drawer polarity): its running queue picks them up. */
  printerChanged?: (printerId: Id<'Printer'>) => void;
}

const ADDRESS = /^(tcp:\/\/[^\s/]+|serial:\/\/\/dev\/\S+|usb:\/\/\/dev\/\S+|\/dev\/\S+)$/;
const COLUMNS = [32, 42, 48];

export interface NewPrinter {
  /** Chosen by the caller so a retried request does not add the printer twice. */
  id: Id<'Printer'>;
  name: string;
  address: string;
  columns?: number;
  codepage?: string;
  drawerPin?: 2 | 5;
  drawerOnMs?: number;
  drawerOffMs?: number;
  drawerOpenLevel?: 'high' | 'low';
  counterId?: string | null;
}

function summarizePrinter(row: PrinterRow): PrinterSummary {
  const { createdAt: _created, updatedAt: _updated, ...summary } = row;
  return summary;
}

function summarizeJob(row: Omit<PrintJobRow, 'bytes' | 'faultBytes' | 'document' | 'updatedAt'> & { byteCount: number }): PrintJobSummary {
  return {
    id: row.id,
    printerId: row.printerId,
    kind: row.kind,
    status: row.status,
    attempts: row.attempts,
    lastError: row.lastError,
    reprintOf: row.reprintOf,
    requestedBy: row.requestedBy,
    reason: row.reason,
    documentId: row.documentId,
    byteCount: row.byteCount,
    createdAt: row.createdAt,
    printedAt: row.printedAt,
  };
}

/** Adds a printer; registering the same id again with the same address returns it unchanged. */
export function registerPrinter(db: Db, input: NewPrinter, now: number, effects: PrintingEffects = {}): Result<PrinterSummary> {
  const name = input.name.trim();
  if (!name) return err('VALIDATION_FAILED', 'A printer needs a name', { field: 'name' });
  if (!ADDRESS.test(input.address.trim())) {
    return err('INVALID_PRINTER_ADDRESS', `"${input.address}" is not a printer address (tcp://HOST:PORT, /dev/usb/lp0, serial:///dev/ttyUSB0?baud=9600)`, {
      address: input.address,
    });
  }
  const columns = input.columns ?? 48;
  if (!COLUMNS.includes(columns)) return err('VALIDATION_FAILED', 'Paper width must be 32, 42 or 48 characters', { field: 'columns' });
  return transaction(db, (tx) => {
    const existing = tx.db.select().from(printers).where(eq(printers.id, input.id)).get();
    if (existing) {
      if (existing.address !== input.address.trim()) {
        return err('IDEMPOTENCY_KEY_REUSED', 'This printer id is already registered with another address', { id: input.id });
      }
      return ok(summarizePrinter(existing));
    }
    const row: PrinterRow = {
      id: input.id,
      name,
      address: input.address.trim(),
      columns,
      codepage: input.codepage ?? 'cp437',
      drawerPin: input.drawerPin ?? 2,
      drawerOnMs: input.drawerOnMs ?? 100,
      drawerOffMs: input.drawerOffMs ?? 500,
      drawerOpenLevel: input.drawerOpenLevel ?? 'high',
      counterId: input.counterId ?? null,
      active: true,
      createdAt: now,
      updatedAt: now,
    };
    tx.db.insert(printers).values(row).run();
    tx.afterCommit(() => effects.printerRegistered?.(input.id));
    return ok(summarizePrinter(row));
  });
}

/** Points a printer at a new address (e.g. the demo virtual printer's port, which changes at every start). */
export function setPrinterAddress(db: Db, id: Id<'Printer'>, address: string, now: number): Result<PrinterSummary> {
  if (!ADDRESS.test(address.trim())) return err('INVALID_PRINTER_ADDRESS', `"${address}" is not a printer address`, { address });
  return transaction(db, (tx) => {
    const existing = tx.db.select().from(printers).where(eq(printers.id, id)).get();
    if (!existing) return err('PRINTER_NOT_FOUND', 'No such printer', { printerId: id });
    tx.db.update(printers).set({ address: address.trim(), updatedAt: now }).where(eq(printers.id, id)).run();
    return ok(summarizePrinter({ ...existing, address: address.trim(), updatedAt: now }));
  });
}

export interface DrawerCalibration {
  printerId: Id<'Printer'>;
  /** Pin 3 level the printer reports right now, with the drawer closed. */
  closedLevelHigh: boolean;
  staffId: string | null;
  branchId: string | null;
  counterId: string | null;
}

/**
 * Stores the drawer's polarity from a reading taken with the drawer CLOSED: open is the opposite level.
 * Calibrating again with the same reading changes nothing and writes no second audit entry.
 */
export function calibrateDrawerPolarity(db: Db, input: DrawerCalibration, now: number, effects: PrintingEffects = {}): Result<PrinterSummary> {
  return transaction(db, (tx) => {
    const existing = tx.db.select().from(printers).where(eq(printers.id, input.printerId)).get();
    if (!existing) return err('PRINTER_NOT_FOUND', 'No such printer', { printerId: input.printerId });
    const drawerOpenLevel = input.closedLevelHigh ? 'low' : 'high';
    if (existing.drawerOpenLevel === drawerOpenLevel) return ok(summarizePrinter(existing));
    tx.db.update(printers).set({ drawerOpenLevel, updatedAt: now }).where(eq(printers.id, input.printerId)).run();
    appendAudit(tx, {
      action: 'printer.drawer_calibrated', staffId: input.staffId, branchId: input.branchId, counterId: input.counterId,
      entityType: 'printer', entityId: input.printerId,
      details: { printer: existing.name, closedLevel: input.closedLevelHigh ? 'high' : 'low', drawerOpenLevel, previous: existing.drawerOpenLevel },
    }, now);
    tx.afterCommit(() => effects.printerChanged?.(input.printerId));
    return ok(summarizePrinter({ ...existing, drawerOpenLevel, updatedAt: now }));
  });
}

/** Sets a printer's paper width (32 or 42 characters on 58 mm paper, 48 on 80 mm); receipts queued after it use it. */
export function setPrinterColumns(
  db: Db, input: { printerId: Id<'Printer'>; columns: number; staffId: string | null; branchId: string | null; counterId: string | null }, now: number,
): Result<PrinterSummary> {
  if (!COLUMNS.includes(input.columns)) return err('VALIDATION_FAILED', 'Paper width must be 32, 42 or 48 characters', { field: 'columns' });
  return transaction(db, (tx) => {
    const existing = tx.db.select().from(printers).where(eq(printers.id, input.printerId)).get();
    if (!existing) return err('PRINTER_NOT_FOUND', 'No such printer', { printerId: input.printerId });
    if (existing.columns === input.columns) return ok(summarizePrinter(existing));
    tx.db.update(printers).set({ columns: input.columns, updatedAt: now }).where(eq(printers.id, input.printerId)).run();
    appendAudit(tx, {
      action: 'printer.paper_changed', staffId: input.staffId, branchId: input.branchId, counterId: input.counterId, entityType: 'printer', entityId: input.printerId,
      details: { printer: existing.name, columns: input.columns, previous: existing.columns },
    }, now);
    return ok(summarizePrinter({ ...existing, columns: input.columns, updatedAt: now }));
  });
}

/** Renames a printer or gives it to another counter (null = shared); the receipts of that counter then print on it. */
export function updatePrinter(db: Db, id: Id<'Printer'>, changes: { name?: string; counterId?: string | null }, now: number): Result<PrinterSummary> {
  return transaction(db, (tx) => {
    const existing = tx.db.select().from(printers).where(eq(printers.id, id)).get();
    if (!existing) return err('PRINTER_NOT_FOUND', 'No such printer', { printerId: id });
    const next = { ...existing, ...(changes.name !== undefined ? { name: changes.name } : {}), ...(changes.counterId !== undefined ? { counterId: changes.counterId } : {}) };
    if (next.name === existing.name && next.counterId === existing.counterId) return ok(summarizePrinter(existing));
    tx.db.update(printers).set({ name: next.name, counterId: next.counterId, updatedAt: now }).where(eq(printers.id, id)).run();
    return ok(summarizePrinter({ ...next, updatedAt: now }));
  });
}

export function listPrinters(db: Db): PrinterSummary[] {
  return db.select().from(printers).where(eq(printers.active, true)).orderBy(asc(printers.name)).all().map(summarizePrinter);
}

export function findPrinter(db: Db, id: Id<'Printer'>): PrinterSummary | null {
  const row = db.select().from(printers).where(eq(printers.id, id)).get();
  return row ? summarizePrinter(row) : null;
}

/**
 * The printer for a counter's receipts: the active printer assigned to that counter, else the first shared one
 * (no counter) by name, else the first active printer; null when the branch has none.
 */
export function printerForCounter(db: Db, counterId: string | null): PrinterSummary | null {
  const active = listPrinters(db);
  return (counterId ? active.find((p) => p.counterId === counterId) : undefined)
    ?? active.find((p) => p.counterId === null)
    ?? active[0]
    ?? null;
}

export interface NewPrintJob {
  /** Chosen by the caller (e.g. derived from the sale) so a retried request does not print twice. */
  id: Id<'PrintJob'>;
  printerId: Id<'Printer'>;
  kind: PrintJobKind;
  bytes: Uint8Array;
  faultBytes?: Uint8Array | null;
  /** The document the bytes were made from, as JSON. */
  document?: string | null;
  /** Staff id of whoever asked (every drawer kick is recorded with who and why). */
  requestedBy?: string | null;
  reason?: string | null;
  documentId?: string | null;
}

const jobColumns = {
  id: printJobs.id,
  printerId: printJobs.printerId,
  kind: printJobs.kind,
  status: printJobs.status,
  attempts: printJobs.attempts,
  lastError: printJobs.lastError,
  reprintOf: printJobs.reprintOf,
  requestedBy: printJobs.requestedBy,
  reason: printJobs.reason,
  documentId: printJobs.documentId,
  createdAt: printJobs.createdAt,
  printedAt: printJobs.printedAt,
  byteCount: sql<number>`length(${printJobs.bytes})`,
};

function jobSummary(db: Db, id: Id<'PrintJob'>): PrintJobSummary | null {
  const row = db.select(jobColumns).from(printJobs).where(eq(printJobs.id, id)).get();
  return row ? summarizeJob(row) : null;
}

/** A job's summary (no bytes), or null. */
export function findPrintJob(db: Db, id: Id<'PrintJob'>): PrintJobSummary | null {
  return jobSummary(db, id);
}

/** Puts a job on a printer's queue (persisted before anything is sent); the same id again returns the first job. */
export function enqueuePrintJob(db: Db, input: NewPrintJob, now: number, effects: PrintingEffects = {}): Result<PrintJobSummary> {
  if (input.bytes.length === 0) return err('VALIDATION_FAILED', 'A print job needs bytes to print', { field: 'bytes' });
  return transaction(db, (tx) => {
    const existing = jobSummary(tx.db, input.id);
    if (existing) return ok(existing);
    if (!tx.db.select({ id: printers.id }).from(printers).where(eq(printers.id, input.printerId)).get()) {
      return err('PRINTER_NOT_FOUND', 'No such printer', { printerId: input.printerId });
    }
    tx.db.insert(printJobs).values({
      id: input.id,
      printerId: input.printerId,
      kind: input.kind,
      status: 'queued',
      bytes: Buffer.from(input.bytes),
      faultBytes: input.faultBytes ? Buffer.from(input.faultBytes) : null,
      document: input.document ?? null,
      requestedBy: input.requestedBy ?? null,
      reason: input.reason ?? null,
      documentId: input.documentId ?? null,
      createdAt: now,
      updatedAt: now,
    }).run();
    tx.afterCommit(() => effects.jobQueued?.(input.printerId));
    return ok(jobSummary(tx.db, input.id)!);
  });
}

export interface JobFilter {
  printerId?: Id<'Printer'>;
  status?: PrintJobStatus;
  limit?: number;
}

/** Newest first. */
export function listPrintJobs(db: Db, filter: JobFilter = {}): PrintJobSummary[] {
  const conditions = [
    filter.printerId ? eq(printJobs.printerId, filter.printerId) : undefined,
    filter.status ? eq(printJobs.status, filter.status) : undefined,
  ].filter((condition) => condition !== undefined);
  return db.select(jobColumns).from(printJobs).where(and(...conditions))
    .orderBy(desc(printJobs.createdAt), desc(printJobs.id)).limit(filter.limit ?? 100).all().map(summarizeJob);
}

/** Moves a waiting job to another printer (e.g. away from a dead one); printed jobs are reprinted instead. */
export function movePrintJob(db: Db, jobId: Id<'PrintJob'>, toPrinterId: Id<'Printer'>, now: number, effects: PrintingEffects = {}): Result<PrintJobSummary> {
  return transaction(db, (tx) => {
    const job = tx.db.select({ status: printJobs.status, printerId: printJobs.printerId }).from(printJobs).where(eq(printJobs.id, jobId)).get();
    if (!job) return err('PRINT_JOB_NOT_FOUND', 'No such print job', { jobId });
    if (!tx.db.select({ id: printers.id }).from(printers).where(eq(printers.id, toPrinterId)).get()) {
      return err('PRINTER_NOT_FOUND', 'No such printer', { printerId: toPrinterId });
    }
    if (job.printerId === toPrinterId) return ok(jobSummary(tx.db, jobId)!);
    if (job.status !== 'queued') {
      return err('PRINT_JOB_NOT_MOVABLE', `This job is ${job.status}; reprint it instead`, { jobId, status: job.status });
    }
    tx.db.update(printJobs).set({ printerId: toPrinterId, attempts: 0, lastError: null, updatedAt: now }).where(eq(printJobs.id, jobId)).run();
    tx.afterCommit(() => effects.jobQueued?.(toPrinterId));
    return ok(jobSummary(tx.db, jobId)!);
  });
}

/** Queues a copy of a job (on its printer or another); `id` is the new job's id, so a retry does not print twice. */
export function reprintPrintJob(
  db: Db,
  input: { id: Id<'PrintJob'>; jobId: Id<'PrintJob'>; printerId?: Id<'Printer'>; requestedBy?: string | null },
  now: number,
  effects: PrintingEffects = {},
): Result<PrintJobSummary> {
  const original = db.select().from(printJobs).where(eq(printJobs.id, input.jobId)).get();
  if (!original) return err('PRINT_JOB_NOT_FOUND', 'No such print job', { jobId: input.jobId });
  return transaction(db, (tx) => {
    const existing = jobSummary(tx.db, input.id);
    if (existing) return ok(existing);
    const printerId = input.printerId ?? original.printerId;
    if (!tx.db.select({ id: printers.id }).from(printers).where(eq(printers.id, printerId)).get()) {
      return err('PRINTER_NOT_FOUND', 'No such printer', { printerId });
    }
    tx.db.insert(printJobs).values({
      id: input.id,
      printerId,
      kind: original.kind,
      status: 'queued',
      bytes: original.bytes,
      faultBytes: original.faultBytes,
      document: original.document,
      reprintOf: original.id,
      requestedBy: input.requestedBy ?? null,
      reason: 'reprint',
      documentId: original.documentId,
      createdAt: now,
      updatedAt: now,
    }).run();
    tx.afterCommit(() => effects.jobQueued?.(printerId));
    return ok(jobSummary(tx.db, input.id)!);
  });
}

// ---- the print queue's job store (used by the print worker) ----

export interface QueuedPrintJob {
  id: Id<'PrintJob'>;
  kind: PrintJobKind;
  bytes: Uint8Array;
  faultBytes: Uint8Array | null;
  createdAt: number;
  attempts: number;
}

/** The oldest queued job of a printer; jobs of the same instant in the order they were queued (a sale's drawer kick first). */
export function nextQueuedJob(db: Db, printerId: Id<'Printer'>): QueuedPrintJob | null {
  const row = db.select({
    id: printJobs.id, kind: printJobs.kind, bytes: printJobs.bytes, faultBytes: printJobs.faultBytes,
    createdAt: printJobs.createdAt, attempts: printJobs.attempts,
  }).from(printJobs).where(and(eq(printJobs.printerId, printerId), eq(printJobs.status, 'queued')))
    .orderBy(asc(printJobs.createdAt), asc(sql`rowid`)).limit(1).get();
  return row ? { ...row, bytes: new Uint8Array(row.bytes), faultBytes: row.faultBytes ? new Uint8Array(row.faultBytes) : null } : null;
}

export function markPrintJobPrinted(db: Db, jobId: Id<'PrintJob'>, now: number): void {
  transaction(db, (tx) => {
    tx.db.update(printJobs).set({ status: 'printed', printedAt: now, lastError: null, updatedAt: now }).where(eq(printJobs.id, jobId)).run();
  });
}

export function markPrintJobAttemptFailed(db: Db, jobId: Id<'PrintJob'>, reason: string, attempts: number, now: number): void {
  transaction(db, (tx) => {
    tx.db.update(printJobs).set({ attempts, lastError: reason, updatedAt: now }).where(eq(printJobs.id, jobId)).run();
  });
}

export function markPrintJobDropped(db: Db, jobId: Id<'PrintJob'>, reason: string, now: number): void {
  transaction(db, (tx) => {
    tx.db.update(printJobs).set({ status: 'dropped', lastError: reason, updatedAt: now }).where(eq(printJobs.id, jobId)).run();
  });
}

export function countQueuedJobs(db: Db, printerId: Id<'Printer'>): number {
  return db.select({ n: sql<number>`count(*)` }).from(printJobs)
    .where(and(eq(printJobs.printerId, printerId), eq(printJobs.status, 'queued'))).get()?.n ?? 0;
}
