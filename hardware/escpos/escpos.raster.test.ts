// Raster receipts: Urdu switches the receipt to a bitmap, the preview PNG decodes and matches what the printer got.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { rasterGrid } from '../raster/raster.render.ts';
import type { ReceiptDocument } from '../receipt/receipt.document.ts';
import { formatPkr, longReceipt, sampleReceipt } from '../receipt/receipt.fixtures.ts';
import { EscPosParser } from '../virtual-printer/escpos.parser.ts';
import { applyPrintEvent, emptyJob } from '../virtual-printer/virtual-printer.jobs.ts';
import { encodeReceiptForPrinter, RASTER_BAND_ROWS } from './escpos.raster.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'raster-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Decodes every barcode and QR code in a PNG with Debian's zbar-tools. */
function zbar(png: Buffer): string[] {
  const file = path.join(dir, `scan-${Math.random().toString(36).slice(2)}.png`);
  fs.writeFileSync(file, png);
  return execFileSync('zbarimg', ['--quiet', '--raw', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n').sort();
}

function urduReceipt(): ReceiptDocument {
  const base = sampleReceipt();
  return { ...base, customerName: 'بلال احمد', footer: ['خریداری کا شکریہ', 'Thank you!'] };
}

async function raster(document: ReceiptDocument, columns: 32 | 48 = 48) {
  const result = await encodeReceiptForPrinter(document, { columns, formatMoney: formatPkr, drawer: { pin: 2, onMs: 100, offMs: 500 } });
  if (!result.ok) throw new Error(result.error.message);
  if (result.value.mode !== 'raster') throw new Error('expected a raster receipt');
  return result.value;
}

function printed(bytes: Uint8Array) {
  const job = emptyJob();
  for (const event of new EscPosParser().push(bytes)) applyPrintEvent(job, event);
  return job;
}

describe('raster receipts', () => {
  it('prints a Latin receipt in text mode and an Urdu one as a bitmap', async () => {
    const latin = await encodeReceiptForPrinter(sampleReceipt(), { columns: 48, formatMoney: formatPkr });
    expect(latin.ok && latin.value.mode).toBe('text');
    const urdu = await encodeReceiptForPrinter(urduReceipt(), { columns: 48, formatMoney: formatPkr });
    expect(urdu.ok && urdu.value.mode).toBe('raster');
    const euro = await encodeReceiptForPrinter(sampleReceipt({ customerName: 'Zoë 5€' }), { columns: 48, formatMoney: formatPkr });
    expect(euro.ok && euro.value.mode).toBe('raster'); // cp437 has no €: a bitmap rather than "?"
  });

  it('renders a preview PNG 576 dots wide whose barcode and QR code decode', async () => {
    const receipt = await raster(urduReceipt());
    const png = PNG.sync.read(receipt.preview);
    expect(png.width).toBe(576);
    expect(png.height % 8).toBe(0);
    expect(zbar(receipt.preview)).toEqual(['LHR1-C2-000123', 'https://verify.example.pk/r/LHR1-C2-000123'].sort());
  });

  it('draws the Urdu customer name at the right end of its line, where the layout put it', async () => {
    const receipt = await raster(urduReceipt());
    const png = PNG.sync.read(receipt.preview);
    const grid = rasterGrid({ columns: 48 });
    const row = receipt.rows.findIndex((r) => r.kind === 'text' && r.text.startsWith('Customer:'));
    const top = receipt.rows.slice(0, row).reduce((sum, r) => sum + (r.kind === 'text' ? grid.lineHeight * (r.tall ? 2 : 1) : NaN), 0);
    const inked: number[] = [];
    for (let y = top; y < top + grid.lineHeight; y++) {
      for (let x = 0; x < png.width; x++) if (png.data[(y * png.width + x) * 4]! < 128) inked.push(x);
    }
    const nameStart = (48 - 'بلال احمد'.length) * grid.cell;
    const nameInk = inked.filter((x) => x >= nameStart);
    const labelInk = inked.filter((x) => x < 'Customer:'.length * grid.cell);
    expect(nameInk.length).toBeGreaterThan(100); // the name is drawn (not blank, not "?")
    expect(labelInk.length).toBeGreaterThan(100);
    expect(inked.filter((x) => x >= 'Customer:'.length * grid.cell && x < nameStart - grid.cell)).toEqual([]);
    expect(Math.max(...nameInk)).toBeGreaterThan(576 - grid.cell); // right-aligned to the paper edge
  });

  it('sends the same dots in GS v 0 bands with the drawer kick and the cut', async () => {
    const receipt = await raster(urduReceipt());
    const job = printed(receipt.bytes);
    const preview = PNG.sync.read(receipt.preview);
    expect(job.pulses).toEqual([{ pin: 2, onMs: 100, offMs: 500, realtime: false }]);
    expect(job.cut).toBe('partial');
    expect(job.lines).toEqual([]);
    expect(job.images.map((image) => image.height).reduce((a, b) => a + b, 0)).toBe(preview.height);
    expect(Math.max(...job.images.map((image) => image.height))).toBeLessThanOrEqual(RASTER_BAND_ROWS);
    let y0 = 0;
    for (const image of job.images) {
      const band = PNG.sync.read(image.png);
      for (let y = 0; y < band.height; y++) {
        for (let x = 0; x < band.width; x++) {
          const printedBlack = band.data[(y * band.width + x) * 4]! === 0;
          const previewBlack = preview.data[((y0 + y) * preview.width + x) * 4]! < 128;
          if (printedBlack !== previewBlack) throw new Error(`dot (${x}, ${y0 + y}) differs from the preview`);
        }
      }
      y0 += band.height;
    }
  });

  it('renders a 58 mm Urdu receipt 384 dots wide and a long one in bands', async () => {
    const narrow = await raster(urduReceipt(), 32);
    expect(PNG.sync.read(narrow.preview).width).toBe(384);
    const long = await raster({ ...longReceipt(80), customerName: 'بلال' });
    const job = printed(long.bytes);
    expect(job.images.length).toBeGreaterThan(10);
    expect(job.images.reduce((sum, image) => sum + image.height, 0)).toBe(PNG.sync.read(long.preview).height);
  });
});
