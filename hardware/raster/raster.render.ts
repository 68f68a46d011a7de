// Renders laid-out receipt rows to one bitmap (576 dots on 80 mm, 384 on 58 mm): the raster print and the PNG preview.
import { createCanvas, loadImage, type Image, type SKRSContext2D } from '@napi-rs/canvas';
import bwipjs from 'bwip-js/node';
import QRCode from 'qrcode';
import type { ReceiptColumns } from '../receipt/receipt.document.ts';
import type { ReceiptRow } from '../receipt/receipt.layout.ts';
import { RECEIPT_FONT_FAMILY, registerReceiptFonts } from './raster.fonts.ts';

export interface RasterOptions {
  columns: ReceiptColumns;
  /** Printable width in dots; 576 for 48 columns, 384 otherwise. */
  dots?: number;
  /** Dots per QR module (as the printer's QR size). */
  qrModule?: number;
  barcodeHeight?: number;
}

export interface RasterImage {
  width: number;
  height: number;
  /** RGBA pixels, row-major. */
  data: Uint8ClampedArray;
}

const RTL_CHAR = '\\u0590-\\u08ff\\ufb1d-\\ufdff\\ufe70-\\ufefc';
/** A right-to-left run: starts and ends with an RTL letter, may hold spaces, digits and punctuation in between. */
const RTL_RUN = new RegExp(`[${RTL_CHAR}](?:[${RTL_CHAR}\\s\\d.,:;()\\-/\u2013\u2014]*[${RTL_CHAR}])?`, 'gu');
const RTL_FIRST = new RegExp(`[${RTL_CHAR}]`, 'u');

type Block =
  | { kind: 'text'; row: Extract<ReceiptRow, { kind: 'text' }>; height: number }
  | { kind: 'image'; image: Image; width: number; drawHeight: number; height: number }
  | { kind: 'qr'; size: number; get: (row: number, column: number) => boolean; module: number; height: number };

/** Pixel metrics of the character grid for a paper width. */
export function rasterGrid(options: RasterOptions) {
  const dots = options.dots ?? (options.columns === 48 ? 576 : 384);
  const cell = dots / options.columns;
  const fontSize = Math.round(cell * 1.9);
  const lineHeight = Math.round(fontSize * 1.45);
  return { dots, cell, fontSize, lineHeight };
}

async function barcodeImage(row: Extract<ReceiptRow, { kind: 'barcode' }>, dots: number, height: number): Promise<Image> {
  const modules = row.symbology === 'ean13' ? 113 : 11 * (row.value.length + 3) + 2 + 20;
  const scale = Math.max(1, Math.min(3, Math.floor(dots / modules)));
  const png = await bwipjs.toBuffer({
    bcid: row.symbology,
    text: row.value,
    scale,
    height: Math.max(5, Math.round(height / scale / 2.835)), // bwip-js height is in millimetres at 72 dpi units
    includetext: false,
    paddingwidth: 0,
    paddingheight: 0,
  });
  return loadImage(png);
}

function drawTextRow(ctx: SKRSContext2D, row: Extract<ReceiptRow, { kind: 'text' }>, top: number, grid: ReturnType<typeof rasterGrid>): void {
  const { cell, fontSize, lineHeight } = grid;
  const scaleY = row.tall ? 2 : 1;
  ctx.save();
  ctx.translate(0, top);
  ctx.scale(1, scaleY);
  ctx.font = `${row.bold ? 700 : 400} ${fontSize}px ${RECEIPT_FONT_FAMILY}`;
  ctx.textBaseline = 'alphabetic';
  const baseline = Math.round(lineHeight * 0.68);
  const text = row.text;
  const covered = new Array<boolean>(text.length).fill(false);
  const firstStrong = /[A-Za-z\u00c0-\u024f\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/u.exec(text)?.[0];
  if (firstStrong && RTL_FIRST.test(firstStrong)) {
    // An Urdu/Arabic line (a header, a footer, an item name): one right-to-left paragraph, so Skia's bidi
    // orders its words, numbers and punctuation as a reader expects.
    const start = text.length - text.trimStart().length;
    const content = text.trim();
    ctx.direction = 'rtl';
    ctx.textAlign = 'right';
    // Numbers with separators (phone numbers, dates, "042-1234567") stay left-to-right inside the Urdu line.
    const isolated = content.replace(/\d[\d\-/.:,]*\d/g, (number) => `\u2066${number}\u2069`);
    ctx.fillText(isolated, (start + content.length) * cell, baseline, content.length * cell);
    ctx.restore();
    return;
  }
  for (const match of text.matchAll(RTL_RUN)) {
    const start = match.index;
    const end = start + match[0].length;
    for (let i = start; i < end; i++) covered[i] = true;
    // shaped and ordered as a whole, right-aligned in the cells the layout gave it, squeezed if wider
    ctx.direction = 'rtl';
    ctx.textAlign = 'right';
    ctx.fillText(match[0], end * cell, baseline, (end - start) * cell);
  }
  ctx.direction = 'ltr';
  ctx.textAlign = 'center';
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (covered[i] || char === ' ') continue;
    // one character per cell keeps columns aligned whatever the font's advance widths
    ctx.fillText(char, (i + 0.5) * cell, baseline, cell);
  }
  ctx.restore();
}

/** Renders the rows to one pure black-and-white image as wide as the paper's printable area. */
export async function renderRows(rows: readonly ReceiptRow[], options: RasterOptions): Promise<RasterImage> {
  registerReceiptFonts();
  const grid = rasterGrid(options);
  const blocks: Block[] = [];
  for (const row of rows) {
    switch (row.kind) {
      case 'text':
        blocks.push({ kind: 'text', row, height: grid.lineHeight * (row.tall ? 2 : 1) });
        break;
      case 'logo': {
        const image = await loadImage(Buffer.from(row.png));
        const width = Math.min(grid.dots, image.width);
        const drawHeight = Math.round((image.height * width) / image.width);
        blocks.push({ kind: 'image', image, width, drawHeight, height: drawHeight + 8 });
        break;
      }
      case 'barcode': {
        const image = await barcodeImage(row, grid.dots, options.barcodeHeight ?? 60);
        blocks.push({ kind: 'image', image, width: image.width, drawHeight: image.height, height: image.height + 8 });
        break;
      }
      case 'qr': {
        const { modules } = QRCode.create(row.value, { errorCorrectionLevel: 'M' });
        const module = options.qrModule ?? 6;
        blocks.push({ kind: 'qr', size: modules.size, get: (r, c) => Boolean(modules.get(r, c)), module, height: (modules.size + 8) * module });
        break;
      }
    }
  }
  const height = Math.max(8, Math.ceil(blocks.reduce((sum, block) => sum + block.height, 0) / 8) * 8);
  const canvas = createCanvas(grid.dots, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, grid.dots, height);
  ctx.fillStyle = '#000';
  let top = 0;
  for (const block of blocks) {
    switch (block.kind) {
      case 'text':
        drawTextRow(ctx, block.row, top, grid);
        break;
      case 'image':
        ctx.drawImage(block.image, Math.floor((grid.dots - block.width) / 2), top + 4, block.width, block.drawHeight);
        break;
      case 'qr': {
        const left = Math.floor((grid.dots - block.size * block.module) / 2);
        const start = top + 4 * block.module;
        for (let r = 0; r < block.size; r++) {
          for (let c = 0; c < block.size; c++) {
            if (block.get(r, c)) ctx.fillRect(left + c * block.module, start + r * block.module, block.module, block.module);
          }
        }
        break;
      }
    }
    top += block.height;
  }
  const { data } = ctx.getImageData(0, 0, grid.dots, height);
  // One bit per dot, decided here: the preview then shows exactly the dots the printer burns.
  const pixels = new Uint8ClampedArray(data.length);
  for (let i = 0; i < data.length; i += 4) {
    const luminance = 0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!;
    const value = luminance < 128 ? 0 : 255;
    pixels[i] = value;
    pixels[i + 1] = value;
    pixels[i + 2] = value;
    pixels[i + 3] = 255;
  }
  return { width: grid.dots, height, data: pixels };
}

/** The image as a PNG (the terminal's preview and the test oracle). */
export function rasterToPngBuffer(image: RasterImage): Buffer {
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  const imageData = ctx.createImageData(image.width, image.height);
  imageData.data.set(image.data);
  ctx.putImageData(imageData, 0, 0);
  return canvas.toBuffer('image/png');
}
