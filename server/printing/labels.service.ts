// Shelf labels for chosen variants: as a print job on a receipt printer (idempotent on the client's id), or as a PDF/PNG sheet.
import { createHash } from 'node:crypto';
import type { Config } from '../config.ts';
import { canonicalJson } from '../shared/canonical-json.ts';
import type { Db } from '../db/connection.ts';
import { getVariants } from '../domain/catalog/index.ts';
import { enqueuePrintJob, findPrinter, findPrintJob, printerForCounter, type PrintingEffects, type PrintJobSummary } from '../domain/printing/index.ts';
import type { Id } from '../shared/ids.ts';
import { toDecimalString, type Money } from '../shared/money.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { encodeLabels, labelBarcodeFor, labelSheetPdf, labelSheetPng, type Label } from '../../hardware/labels/label.ts';
import type { Codepage } from '../../hardware/escpos/escpos.codepages.ts';
import type { ReceiptColumns } from '../../hardware/receipt/receipt.document.ts';

export interface LabelRequestItem {
  variantId: string;
  copies: number;
}

/** Most labels one request makes (a sheet PDF of 300 is 13 pages; a receipt roll of 300 labels is long enough). */
export const MAX_LABELS = 300;
/** A PNG sheet grows 300 px a row of three: keep it a picture a browser opens. */
export const MAX_PNG_LABELS = 60;

/** "PKR 1,200.00": plain formatting for labels and the CLI (the terminal formats with Intl). */
export function formatLabelPrice(amount: Money, exponent: number, currency: string): string {
  const [whole = '0', fraction] = toDecimalString(amount, exponent).replace('-', '').split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${currency} ${amount < 0 ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

/** The labels for these variants and copies, in the order asked: `VARIANT_NOT_FOUND` names any unknown id. */
export function labelsFor(db: Db, config: Config, items: readonly LabelRequestItem[], max = MAX_LABELS): Result<Label[]> {
  if (items.length === 0) return err('VALIDATION_FAILED', 'pick at least one item', { field: 'items' });
  const total = items.reduce((n, i) => n + i.copies, 0);
  if (total > max) return err('VALIDATION_FAILED', `at most ${max} labels at a time (asked for ${total})`, { field: 'items', max, total });
  const variants = getVariants(db, items.map((i) => i.variantId), null);
  const missing = items.filter((i) => !variants.has(i.variantId)).map((i) => i.variantId);
  if (missing.length > 0) return err('VARIANT_NOT_FOUND', `no item with id ${missing.join(', ')}`, { variantIds: missing });
  const labels: Label[] = [];
  for (const item of items) {
    const v = variants.get(item.variantId)!;
    const per = v.unit === 'g' ? ' / kg' : v.unit === 'ml' ? ' / L' : '';
    const label: Label = {
      name: v.variantTitle ? `${v.productTitle} - ${v.variantTitle}` : v.productTitle,
      price: formatLabelPrice(v.price, config.currencyExponent, config.currency) + per,
      sku: v.sku,
      barcode: labelBarcodeFor(v.barcode, v.sku),
    };
    for (let n = 0; n < item.copies; n++) labels.push(label);
  }
  return ok(labels);
}

export interface PrintLabelsInput {
  /** Chosen by the terminal before it sends: a retried request finds its job and prints nothing more. */
  id: Id<'PrintJob'>;
  /** A printer by id; absent: the counter's receipt printer. */
  printerId?: string | null;
  counterId: string | null;
  items: readonly LabelRequestItem[];
  requestedBy: string | null;
}

export interface QueuedLabels {
  job: PrintJobSummary;
  printerName: string;
  /** False for a replayed request (nothing new was queued). */
  created: boolean;
}

/** What a label request asks for, as a short fingerprint (stored as the job's documentId): a reused id with other items is refused. */
function fingerprint(input: PrintLabelsInput): string {
  const what = canonicalJson({ printerId: input.printerId ?? null, items: input.items.map((i) => ({ variantId: i.variantId, copies: i.copies })) });
  return `labels:${createHash('sha256').update(what).digest('hex').slice(0, 32)}`;
}

/** Queues the labels as one `label` job on the printer (ESC/POS for its width and code page, one cut per label). */
export function printLabels(deps: { db: Db; config: Config; now: number }, input: PrintLabelsInput, effects: PrintingEffects = {}): Result<QueuedLabels> {
  const documentId = fingerprint(input);
  const already = findPrintJob(deps.db, input.id);
  if (already) {
    if (already.kind !== 'label' || already.documentId !== documentId) {
      return err('IDEMPOTENCY_KEY_REUSED', 'this id was already used for another print job', { id: input.id });
    }
    return ok({ job: already, printerName: findPrinter(deps.db, already.printerId)?.name ?? '', created: false });
  }
  const printer = input.printerId ? findPrinter(deps.db, input.printerId as Id<'Printer'>) : printerForCounter(deps.db, input.counterId);
  if (!printer || !printer.active) {
    return err('PRINTER_NOT_FOUND', input.printerId ? 'No such printer' : 'No printer is set up for this counter', { printerId: input.printerId ?? null });
  }
  const labels = labelsFor(deps.db, deps.config, input.items);
  if (!labels.ok) return labels;
  const bytes = encodeLabels(labels.value, { columns: printer.columns as ReceiptColumns, codepage: printer.codepage as Codepage });
  const job = enqueuePrintJob(deps.db, {
    id: input.id, printerId: printer.id, kind: 'label', bytes, document: JSON.stringify({ labels: input.items }), requestedBy: input.requestedBy, reason: 'labels', documentId,
  }, deps.now, effects);
  return job.ok ? ok({ job: job.value, printerName: printer.name, created: true }) : job;
}

export type SheetFormat = 'pdf' | 'png';

/** A printable sheet of the labels: an A4 PDF (3 × 8 stickers a page) or a PNG (3 across). */
export async function labelSheet(db: Db, config: Config, format: SheetFormat, items: readonly LabelRequestItem[]): Promise<Result<Buffer>> {
  const labels = labelsFor(db, config, items, format === 'png' ? MAX_PNG_LABELS : MAX_LABELS);
  if (!labels.ok) return labels;
  return ok(format === 'pdf' ? await labelSheetPdf(labels.value) : await labelSheetPng(labels.value));
}
