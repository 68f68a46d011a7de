// Tables of the printing room: the branch's printers and their persisted print jobs (they survive a restart).
import { blob, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { idColumn, instantColumn } from '../../db/columns.ts';

export type PrintJobKind = 'receipt' | 'drawer' | 'test' | 'label' | 'raw';
/** queued: waiting to print (also while the printer is faulted); printed; dropped (a stale drawer kick); cancelled. */
export type PrintJobStatus = 'queued' | 'printed' | 'dropped' | 'cancelled';

export const printers = sqliteTable('printers', {
  id: idColumn<'Printer'>().primaryKey(),
  name: text().notNull(),
  /** tcp://HOST:PORT, /dev/usb/lpN or serial:///dev/ttyUSB0?baud=9600 */
  address: text().notNull(),
  /** Characters per line: 32 or 42 (58 mm), 48 (80 mm). */
  columns: integer().notNull().default(48),
  codepage: text().notNull().default('cp437'),
  drawerPin: integer().notNull().default(2),
  drawerOnMs: integer().notNull().default(100),
  drawerOffMs: integer().notNull().default(500),
  /** Drawer polarity, calibrated by reading the drawer closed at setup: the pin 3 level that means open. */
  drawerOpenLevel: text().$type<'high' | 'low'>().notNull().default('high'),
  /** The counter whose receipts it prints by default; null for a shared printer. */
  counterId: text(),
  active: integer({ mode: 'boolean' }).notNull().default(true),
  createdAt: instantColumn().notNull(),
  updatedAt: instantColumn().notNull(),
});

export const printJobs = sqliteTable(
  'print_jobs',
  {
    id: idColumn<'PrintJob'>().primaryKey(),
    printerId: idColumn<'Printer'>().notNull().references(() => printers.id),
    kind: text().$type<PrintJobKind>().notNull(),
    status: text().$type<PrintJobStatus>().notNull().default('queued'),
    /** The exact bytes for the printer. */
    bytes: blob({ mode: 'buffer' }).notNull(),
    /** Sent instead when the printer is out of paper or open (the real-time drawer pulse). */
    faultBytes: blob({ mode: 'buffer' }),
    /** The receipt document as JSON, for previews and re-encoding for another printer. */
    document: text(),
    attempts: integer().notNull().default(0),
    lastError: text(),
    /** The job this one reprints. */
    reprintOf: text(),
    /** Who asked for the job (staff id), and why: for drawer kicks the audit trail of every opening. */
    requestedBy: text(),
    /** e.g. "sale", "no-sale", "test", "reprint". */
    reason: text(),
    /** The order (or other document) the job belongs to. */
    documentId: text(),
    createdAt: instantColumn().notNull(),
    updatedAt: instantColumn().notNull(),
    printedAt: instantColumn(),
  },
  (t) => [index('print_jobs_printer_status').on(t.printerId, t.status, t.createdAt)],
);

/** The branch's receipt template, edited by managers: header and footer text, logo, which blocks print. */
export const receiptTemplates = sqliteTable('receipt_templates', {
  branchId: idColumn<'Branch'>().primaryKey(),
  /** JSON array of lines printed under the store name (address, phone, NTN). */
  headerLines: text().notNull().default('[]'),
  footerLines: text().notNull().default('[]'),
  logoPng: blob({ mode: 'buffer' }),
  /** JSON object of block → shown (customer, sku, taxes, barcode, qr, footer, logo). */
  blocks: text().notNull().default('{}'),
  updatedAt: instantColumn().notNull(),
});

export type PrinterRow = typeof printers.$inferSelect;
export type PrintJobRow = typeof printJobs.$inferSelect;
