// Barcode labels for variants (name, price, SKU, barcode): on the receipt printer, or as a PNG/PDF sheet via bwip-js.
import { createCanvas, loadImage, PDFDocument, type SKRSContext2D } from '@napi-rs/canvas';
import bwipjs from 'bwip-js/node';
import { completeEan13, isValidEan13 } from '../../server/shared/ean13.ts';
import { encodeRows } from '../escpos/escpos.encode.ts';
import type { Codepage } from '../escpos/escpos.codepages.ts';
import { RECEIPT_FONT_FAMILY, registerReceiptFonts } from '../raster/raster.fonts.ts';
import type { ReceiptColumns } from '../receipt/receipt.document.ts';
import { centerText, wrapText, type ReceiptRow } from '../receipt/receipt.layout.ts';

export interface LabelBarcode {
  symbology: 'ean13' | 'code128';
  value: string;
}

export interface Label {
  name: string;
  /** Already formatted by the box, e.g. "Rs 1,200.00". */
  price: string;
  sku: string;
  barcode: LabelBarcode;
}

/**
 * An in-store EAN-13 for a variant without one: a GS1 restricted-circulation prefix (20–29 by default, never
 * sold outside the store) followed by the sequence number, plus the check digit.
 */
export function internalEan13(sequence: number, prefix = '20'): string {
  if (!/^\d{2,3}$/.test(prefix)) throw new RangeError(`prefix must be 2 or 3 digits, got "${prefix}"`);
  const digits = 12 - prefix.length;
  if (!Number.isSafeInteger(sequence) || sequence < 0 || sequence >= 10 ** digits) throw new RangeError(`sequence must fit ${digits} digits`);
  return completeEan13(prefix + String(sequence).padStart(digits, '0'));
}

/** EAN-13 when the variant has a valid one, otherwise CODE128 of the barcode or SKU. */
export function labelBarcodeFor(barcode: string | null | undefined, sku: string): LabelBarcode {
  if (barcode && isValidEan13(barcode)) return { symbology: 'ean13', value: barcode };
  return { symbology: 'code128', value: barcode || sku };
}

/** A label as receipt-printer rows: name, price (bold), SKU, the barcode with its digits. */
export function labelRows(label: Label, columns: ReceiptColumns): ReceiptRow[] {
  const rows: ReceiptRow[] = [];
  for (const line of wrapText(label.name, columns).slice(0, 2)) rows.push({ kind: 'text', text: centerText(line, columns) });
  rows.push({ kind: 'text', text: centerText(label.price, columns), bold: true, tall: true });
  rows.push({ kind: 'barcode', symbology: label.barcode.symbology, value: label.barcode.symbology === 'ean13' ? label.barcode.value.slice(0, 12) : label.barcode.value });
  rows.push({ kind: 'text', text: centerText(`${label.barcode.value}  SKU ${label.sku}`, columns) });
  return rows;
}

/** ESC/POS bytes for labels on receipt paper, one cut after each. */
export function encodeLabels(labels: readonly Label[], options: { columns: ReceiptColumns; codepage?: Codepage }): Uint8Array {
  const parts = labels.map((label) => encodeRows(labelRows(label, options.columns), { columns: options.columns, codepage: options.codepage, feedBeforeCut: 2 }));
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** A sheet layout in the sheet's own units (pixels for PNG, points for PDF). */
interface Sheet {
  perRow: number;
  labelWidth: number;
  labelHeight: number;
}

async function barcodePng(barcode: LabelBarcode, scale: number): Promise<Buffer> {
  return bwipjs.toBuffer({
    bcid: barcode.symbology,
    text: barcode.value,
    scaleX: scale,
    scaleY: 3,
    height: 8,
    includetext: true,
    textxalign: 'center',
    paddingwidth: 10, // quiet zones for scanners
    paddingheight: 2,
  });
}

async function drawLabel(ctx: SKRSContext2D, label: Label, x: number, y: number, sheet: Sheet, unit: number): Promise<void> {
  const pad = 6 * unit;
  ctx.fillStyle = '#000';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  const centre = x + sheet.labelWidth / 2;
  ctx.font = `400 ${11 * unit}px ${RECEIPT_FONT_FAMILY}`;
  ctx.fillText(label.name, centre, y + pad, sheet.labelWidth - 2 * pad);
  ctx.font = `700 ${14 * unit}px ${RECEIPT_FONT_FAMILY}`;
  ctx.fillText(label.price, centre, y + pad + 14 * unit, sheet.labelWidth - 2 * pad);
  const maxWidth = sheet.labelWidth - 2 * pad;
  const top = y + pad + 34 * unit;
  const maxHeight = sheet.labelHeight - (top - y) - 14 * unit;
  // Whole dots per module keep the bars sharp enough to scan: pick the largest integer scale that fits the width.
  const unitWidth = (await loadImage(await barcodePng(label.barcode, 1))).width;
  const scale = Math.max(1, Math.min(4, Math.floor(maxWidth / unitWidth)));
  const image = await loadImage(await barcodePng(label.barcode, scale));
  const width = Math.min(maxWidth, image.width);
  const height = Math.min(maxHeight, image.height);
  ctx.drawImage(image, Math.round(centre - width / 2), Math.round(top), width, height); // whole pixels: no grey bars
  ctx.font = `400 ${9 * unit}px ${RECEIPT_FONT_FAMILY}`;
  ctx.fillText(`SKU ${label.sku}`, centre, y + sheet.labelHeight - 12 * unit, maxWidth);
}

/** A PNG sheet of labels, 3 across, at about 200 dpi (each label 480 × 300 px). */
export async function labelSheetPng(labels: readonly Label[]): Promise<Buffer> {
  registerReceiptFonts();
  const sheet: Sheet = { perRow: 3, labelWidth: 480, labelHeight: 300 };
  const rows = Math.max(1, Math.ceil(labels.length / sheet.perRow));
  const canvas = createCanvas(sheet.perRow * sheet.labelWidth, rows * sheet.labelHeight);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  for (const [i, label] of labels.entries()) {
    await drawLabel(ctx, label, (i % sheet.perRow) * sheet.labelWidth, Math.floor(i / sheet.perRow) * sheet.labelHeight, sheet, 2.5);
  }
  return canvas.toBuffer('image/png');
}

/** An A4 PDF of labels, 3 × 8 per page (63.5 × 33.9 mm, the common sticker sheet). */
export async function labelSheetPdf(labels: readonly Label[]): Promise<Buffer> {
  registerReceiptFonts();
  const mm = 72 / 25.4;
  const sheet: Sheet = { perRow: 3, labelWidth: 63.5 * mm, labelHeight: 33.9 * mm };
  const perPage = 24;
  const marginX = (210 * mm - 3 * sheet.labelWidth) / 2;
  const marginY = (297 * mm - 8 * sheet.labelHeight) / 2;
  const pdf = new PDFDocument({ title: 'Barcode labels', creator: 'iSmartSync branch box' });
  for (let start = 0; start < Math.max(1, labels.length); start += perPage) {
    const ctx = pdf.beginPage(210 * mm, 297 * mm);
    const page = labels.slice(start, start + perPage);
    for (const [i, label] of page.entries()) {
      await drawLabel(ctx as unknown as SKRSContext2D, label, marginX + (i % 3) * sheet.labelWidth, marginY + Math.floor(i / 3) * sheet.labelHeight, sheet, 0.75);
    }
    pdf.endPage();
  }
  return pdf.close();
}
