// Lays a receipt document out as fixed-width rows (text, logo, barcode, QR) for 32, 42 or 48 columns.
import { barcodeOf, type FormatMoney, type ReceiptColumns, type ReceiptDocument } from './receipt.document.ts';
import { addMoney, type Money } from '../../server/shared/money.ts';

export type ReceiptRow =
  | { kind: 'text'; text: string; bold?: boolean; tall?: boolean }
  | { kind: 'logo'; png: Uint8Array }
  | { kind: 'barcode'; symbology: 'code128' | 'ean13'; value: string }
  | { kind: 'qr'; value: string };

/** Which optional blocks a branch's receipt template shows (all shown by default). */
export interface ReceiptBlocks {
  logo: boolean;
  customer: boolean;
  sku: boolean;
  taxes: boolean;
  barcode: boolean;
  qr: boolean;
  footer: boolean;
}

export const ALL_BLOCKS: ReceiptBlocks = { logo: true, customer: true, sku: true, taxes: true, barcode: true, qr: true, footer: true };

export interface LayoutOptions {
  columns: ReceiptColumns;
  formatMoney: FormatMoney;
  blocks?: Partial<ReceiptBlocks> | undefined;
}

/** Word-wraps text to the width; words longer than the width are cut. Never returns an empty list. */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.trim().split(/\s+/)) {
    if (word === '') continue;
    let rest = word;
    while (rest.length > width) {
      if (current) {
        lines.push(current);
        current = '';
      }
      lines.push(rest.slice(0, width));
      rest = rest.slice(width);
    }
    if (rest === '') continue;
    if (current === '') current = rest;
    else if (current.length + 1 + rest.length <= width) current += ` ${rest}`;
    else {
      lines.push(current);
      current = rest;
    }
  }
  if (current || lines.length === 0) lines.push(current);
  return lines;
}

/** Centres a line (trailing spaces dropped). */
export function centerText(text: string, width: number): string {
  const trimmed = text.trim();
  const pad = Math.max(0, Math.floor((width - trimmed.length) / 2));
  return ' '.repeat(pad) + trimmed;
}

/**
 * `left` flush left and `right` flush right on one line; when both do not fit, `left` wraps above and
 * `right` sits alone at the right of the last line.
 */
export function leftRight(left: string, right: string, width: number): string[] {
  if (left.length + 1 + right.length <= width) return [left + ' '.repeat(width - left.length - right.length) + right];
  const wrapped = wrapText(left, width);
  const last = wrapped[wrapped.length - 1] ?? '';
  if (last.length + 1 + right.length <= width) {
    wrapped[wrapped.length - 1] = last + ' '.repeat(width - last.length - right.length) + right;
    return wrapped;
  }
  return [...wrapped, right.length >= width ? right.slice(0, width) : ' '.repeat(width - right.length) + right];
}

/** "23 Nov 2026 14:05" in the given IANA time zone. */
export function formatReceiptTime(instant: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: '2-digit',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('day')} ${part('month')} ${part('year')} ${part('hour')}:${part('minute')}`;
}

/** Lays the document out; every text row is at most `columns` characters with no trailing spaces. */
export function layoutReceipt(document: ReceiptDocument, options: LayoutOptions): ReceiptRow[] {
  const width = options.columns;
  const money = options.formatMoney;
  const show: ReceiptBlocks = { ...ALL_BLOCKS, ...options.blocks };
  const rows: ReceiptRow[] = [];
  const text = (line: string, style: { bold?: boolean; tall?: boolean } = {}) =>
    rows.push({ kind: 'text', text: line.replace(/\s+$/, ''), ...style });
  const pair = (left: string, right: string, style: { bold?: boolean } = {}) => {
    for (const line of leftRight(left, right, width)) text(line, style);
  };
  const rule = (char: '-' | '=') => text(char.repeat(width));
  const negative = (amount: Money) => `-${money(amount)}`;

  const { header } = document;
  if (header.logo && show.logo) rows.push({ kind: 'logo', png: header.logo.png });
  for (const line of wrapText(header.storeName, width)) text(centerText(line, width), { bold: true, tall: true });
  for (const headerLine of header.lines ?? []) {
    for (const line of wrapText(headerLine, width)) text(centerText(line, width));
  }
  for (const line of wrapText(`${header.branchName} - ${header.counterName}`, width)) text(centerText(line, width));
  rule('=');
  pair('Receipt:', document.receiptNumber);
  pair('Date:', formatReceiptTime(document.issuedAt, document.timeZone));
  pair('Cashier:', document.staffName);
  if (document.customerName && show.customer) pair('Customer:', document.customerName);
  rule('-');

  for (const item of document.items) {
    for (const line of wrapText(item.name, width)) text(line);
    const quantity = item.quantityText ?? String(item.quantity);
    const lineAmount = item.discount ? money(addMoney(item.total, item.discount)) : money(item.total);
    pair(`  ${quantity} x ${money(item.unitPrice)}`, lineAmount);
    if (item.discount) pair(`  ${item.discountLabel ?? 'Discount'}`, negative(item.discount));
    if (item.sku && show.sku) text(`  SKU ${item.sku}`.slice(0, width));
  }
  rule('-');

  pair('Subtotal', money(document.subtotal));
  for (const discount of document.discounts ?? []) pair(discount.label, negative(discount.amount));
  for (const tax of show.taxes ? document.taxes ?? [] : []) {
    const label = document.taxInclusive ? `${tax.label} incl.` : tax.label;
    const withBase = `${label} on ${money(tax.taxable)}`;
    const amount = money(tax.amount);
    pair(withBase.length + 1 + amount.length <= width ? withBase : label, amount);
  }
  rule('=');
  pair('TOTAL', money(document.total), { bold: true });
  rule('=');
  for (const tender of document.tenders) pair(tender.label, money(tender.amount));
  pair('Change', money(document.change));

  const barcode = show.barcode ? barcodeOf(document) : null;
  if (barcode) {
    text('');
    rows.push({ kind: 'barcode', ...barcode });
  }
  if (document.qr && show.qr) {
    text('');
    rows.push({ kind: 'qr', value: document.qr });
  }
  if (document.footer?.length && show.footer) {
    text('');
    for (const footerLine of document.footer) {
      for (const line of wrapText(footerLine, width)) text(centerText(line, width));
    }
  }
  return rows;
}

/** A plain-text transcript of the rows: text as is, other blocks as `[BARCODE …]`, `[QR …]`, `[LOGO]` markers. */
export function receiptTranscript(rows: readonly ReceiptRow[]): string[] {
  return rows.map((row) => {
    switch (row.kind) {
      case 'text': return row.text;
      case 'logo': return '[LOGO]';
      case 'barcode': return `[BARCODE ${row.symbology} ${row.value}]`;
      case 'qr': return `[QR ${row.value}]`;
    }
  });
}
