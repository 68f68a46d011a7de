// Raster receipts: the whole receipt as one bitmap sent in `GS v 0` bands, for Urdu/Arabic and unsupported characters.
import { ok, type Result } from '../../server/shared/result.ts';
import { renderRows, rasterToPngBuffer, type RasterImage } from '../raster/raster.render.ts';
import type { ReceiptDocument } from '../receipt/receipt.document.ts';
import { layoutReceipt, type ReceiptRow } from '../receipt/receipt.layout.ts';
import { drawerKickBytes } from './escpos.drawer.ts';
import { encodeReceipt, newEscPosEncoder, rowsNeedRaster, type EncodedReceipt, type EscPosOptions } from './escpos.encode.ts';

/** `auto` prints text mode unless the receipt holds text the code page cannot print well; `raster` always prints a bitmap. */
export type PrintMode = 'auto' | 'text' | 'raster';

/** Rows per `GS v 0` command: printers cap one raster command's height, so long receipts go in bands. */
export const RASTER_BAND_ROWS = 240;

export interface RasterReceipt {
  mode: 'raster';
  bytes: Uint8Array;
  rows: ReceiptRow[];
  /** The PNG that was printed, dot for dot: the preview. */
  preview: Buffer;
}

/** ESC/POS bytes for a bitmap: initialise, optional drawer kick, the bands, feed and cut. */
export function encodeRasterImage(image: RasterImage, options: Pick<EscPosOptions, 'columns' | 'cut' | 'feedBeforeCut' | 'drawer'>): Uint8Array {
  const encoder = newEscPosEncoder(options);
  encoder.initialize();
  if (options.drawer) encoder.raw(drawerKickBytes(options.drawer));
  const rowBytes = image.width * 4;
  for (let top = 0; top < image.height; top += RASTER_BAND_ROWS) {
    const height = Math.min(RASTER_BAND_ROWS, image.height - top);
    const band = { data: image.data.subarray(top * rowBytes, (top + height) * rowBytes), width: image.width, height };
    encoder.image(band, { width: image.width, height, algorithm: 'threshold', threshold: 128, mode: 'raster' });
  }
  const cut = options.cut ?? 'partial';
  if (cut !== 'none') encoder.cut(cut);
  const bytes = encoder.encode();
  return cut !== 'none' && bytes[bytes.length - 1] === 0x0a && bytes[bytes.length - 3] === 0x56 ? bytes.slice(0, -1) : bytes;
}

/** The receipt as a raster print and its PNG preview. */
export async function encodeRasterReceipt(document: ReceiptDocument, options: EscPosOptions): Promise<RasterReceipt> {
  const rows = layoutReceipt(document, { columns: options.columns, formatMoney: options.formatMoney, blocks: options.blocks });
  const image = await renderRows(rows, { columns: options.columns, barcodeHeight: options.barcodeHeight, qrModule: options.qrSize });
  return { mode: 'raster', bytes: encodeRasterImage(image, options), rows, preview: rasterToPngBuffer(image) };
}

/** A PNG preview of the receipt as the raster renderer draws it (also for text-mode receipts). */
export async function previewReceipt(document: ReceiptDocument, options: Pick<EscPosOptions, 'columns' | 'formatMoney' | 'blocks'>): Promise<Buffer> {
  const rows = layoutReceipt(document, options);
  return rasterToPngBuffer(await renderRows(rows, { columns: options.columns }));
}

/**
 * The bytes to print a receipt: text mode when the printer's code page can print every character, otherwise
 * (Urdu, Arabic, characters missing from the code page) or when the printer is set to raster, one bitmap.
 */
export async function encodeReceiptForPrinter(
  document: ReceiptDocument,
  options: EscPosOptions & { mode?: PrintMode },
): Promise<Result<EncodedReceipt | RasterReceipt>> {
  const mode = options.mode ?? 'auto';
  if (mode === 'text') return encodeReceipt(document, options);
  if (mode === 'auto') {
    const rows = layoutReceipt(document, { columns: options.columns, formatMoney: options.formatMoney, blocks: options.blocks });
    if (!rowsNeedRaster(rows, options.codepage ?? 'cp437')) return encodeReceipt(document, options);
  }
  return ok(await encodeRasterReceipt(document, options));
}
