// Encodes a receipt document to ESC/POS bytes (text mode) with @point-of-sale/receipt-printer-encoder.
import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import { PNG } from 'pngjs';
import { err, ok, type Result } from '../../server/shared/result.ts';
import type { FormatMoney, ReceiptColumns, ReceiptDocument } from '../receipt/receipt.document.ts';
import { layoutReceipt, type ReceiptBlocks, type ReceiptRow } from '../receipt/receipt.layout.ts';
import { unprintableCharacters, type Codepage } from './escpos.codepages.ts';
import { drawerKickBytes, type DrawerKick } from './escpos.drawer.ts';

export type CutMode = 'full' | 'partial' | 'none';

export interface EscPosOptions {
  columns: ReceiptColumns;
  formatMoney: FormatMoney;
  /** The printer's code page for text mode; `cp437` is the one every ESC/POS printer has. */
  codepage?: Codepage | undefined;
  cut?: CutMode | undefined;
  /** Blank lines fed before the cut so the last line clears the cutter. */
  feedBeforeCut?: number | undefined;
  /** Kick the drawer at the start of the receipt (cash sales), so it opens while the receipt prints. */
  drawer?: DrawerKick | undefined;
  barcodeHeight?: number | undefined;
  qrSize?: number | undefined;
  /** The branch template's choice of optional blocks. */
  blocks?: Partial<ReceiptBlocks> | undefined;
}

export interface EncodedReceipt {
  mode: 'text';
  bytes: Uint8Array;
  /** The laid-out rows the bytes print (the oracle for round-trip tests). */
  rows: ReceiptRow[];
}

/** Printable dots per line: 58 mm heads print 384 dots, 80 mm heads 576 dots (203 dpi). */
export function printableDots(columns: ReceiptColumns): number {
  return columns === 48 ? 576 : 384;
}

// Right-to-left scripts are never printed in text mode: code pages hold isolated glyphs, unshaped and unordered.
const RIGHT_TO_LEFT = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/u;

/** True when any text of the rows needs raster printing (a right-to-left script, or characters the code page lacks). */
export function rowsNeedRaster(rows: readonly ReceiptRow[], codepage: Codepage): boolean {
  return rows.some((row) => row.kind === 'text' && (RIGHT_TO_LEFT.test(row.text) || unprintableCharacters(row.text, [codepage]).length > 0));
}

/** Module width (GS w) that keeps a barcode inside the paper: 3 dots on 80 mm, fewer when the code is long. */
function barcodeModuleWidth(row: Extract<ReceiptRow, { kind: 'barcode' }>, dots: number): 1 | 2 | 3 {
  const modules = row.symbology === 'ean13' ? 113 : 11 * (row.value.length + 3) + 2 + 20;
  const width = Math.floor(dots / modules);
  return width >= 3 ? 3 : width >= 2 ? 2 : 1;
}

/** Decodes a PNG into the plain pixel object the encoder accepts. */
function decodePng(png: Uint8Array): { data: Uint8ClampedArray; width: number; height: number } {
  const image = PNG.sync.read(Buffer.from(png));
  return { data: new Uint8ClampedArray(image.data), width: image.width, height: image.height };
}

/**
 * The ESC/POS bytes of a receipt in text mode. Fails with `UNSUPPORTED_CHARACTERS` when the receipt holds text
 * the code page cannot print, rather than letting it print as `?`.
 */
export function encodeReceipt(document: ReceiptDocument, options: EscPosOptions): Result<EncodedReceipt> {
  const codepage = options.codepage ?? 'cp437';
  const rows = layoutReceipt(document, { columns: options.columns, formatMoney: options.formatMoney, blocks: options.blocks });
  if (rowsNeedRaster(rows, codepage)) {
    const text = rows.map((row) => (row.kind === 'text' ? row.text : '')).join('');
    return err('UNSUPPORTED_CHARACTERS', `This receipt has characters the printer's code page (${codepage}) cannot print`, {
      codepage,
      characters: RIGHT_TO_LEFT.test(text) ? ['right-to-left script'] : unprintableCharacters(text, [codepage]),
    });
  }
  return ok({ mode: 'text', bytes: encodeRows(rows, { ...options, codepage }), rows });
}

/** The encoder every job starts from: ESC/POS, raster images (`GS v 0`), our own feeds. */
export function newEscPosEncoder(options: Pick<EscPosOptions, 'columns' | 'feedBeforeCut'>): ReceiptPrinterEncoder {
  return new ReceiptPrinterEncoder({
    columns: options.columns,
    language: 'esc-pos',
    imageMode: 'raster',
    newline: '\n',
    feedAfterBlock: false,
    feedBeforeCut: options.feedBeforeCut ?? 4,
  });
}

/** Text-mode ESC/POS bytes for laid-out rows (the receipt, a test page, a label). */
export function encodeRows(rows: readonly ReceiptRow[], options: Omit<EscPosOptions, 'formatMoney'>): Uint8Array {
  const codepage = options.codepage ?? 'cp437';
  const dots = printableDots(options.columns);
  const encoder = newEscPosEncoder(options);
  encoder.initialize().codepage(codepage);
  if (options.drawer) encoder.raw(drawerKickBytes(options.drawer));
  for (const row of rows) {
    switch (row.kind) {
      case 'text':
        if (row.tall) encoder.height(2);
        if (row.bold) encoder.bold(true);
        encoder.line(row.text);
        if (row.bold) encoder.bold(false);
        if (row.tall) encoder.height(1);
        break;
      case 'logo': {
        const image = decodePng(row.png);
        const width = Math.min(dots, Math.ceil(image.width / 8) * 8);
        encoder.align('center').image(image, { width, algorithm: 'threshold', mode: 'raster' }).align('left');
        break;
      }
      case 'barcode':
        encoder
          .align('center')
          .barcode(row.value, row.symbology, { height: options.barcodeHeight ?? 60, width: barcodeModuleWidth(row, dots), text: 'none' })
          .align('left');
        break;
      case 'qr':
        encoder.align('center').qrcode(row.value, { model: 2, size: options.qrSize ?? 6, errorlevel: 'm' }).align('left');
        break;
    }
  }
  const cut = options.cut ?? 'partial';
  if (cut !== 'none') encoder.cut(cut);
  let bytes = encoder.encode();
  // The encoder ends a cut with a line feed, which would be a blank first line of the next receipt.
  if (cut !== 'none' && bytes[bytes.length - 1] === 0x0a && bytes[bytes.length - 3] === 0x56) bytes = bytes.slice(0, -1);
  return bytes;
}
