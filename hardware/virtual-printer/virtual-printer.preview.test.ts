// Previews of printed jobs: a text receipt redrawn (its codes still scan), a raster receipt stacked as received.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, expect, it } from 'vitest';
import { encodeReceipt } from '../escpos/escpos.encode.ts';
import { encodeRasterReceipt } from '../escpos/escpos.raster.ts';
import { formatPkr, sampleReceipt } from '../receipt/receipt.fixtures.ts';
import { EscPosParser } from './escpos.parser.ts';
import { applyPrintEvent, emptyJob } from './virtual-printer.jobs.ts';
import { previewPrintedJob } from './virtual-printer.preview.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vp-preview-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function printed(bytes: Uint8Array) {
  const job = emptyJob();
  for (const event of new EscPosParser().push(bytes)) applyPrintEvent(job, event);
  return job;
}

it('redraws a text receipt 576 dots wide with a barcode and QR code that still decode', async () => {
  const encoded = encodeReceipt(sampleReceipt(), { columns: 48, formatMoney: formatPkr });
  if (!encoded.ok) throw new Error(encoded.error.message);
  const png = await previewPrintedJob(printed(encoded.value.bytes));
  expect(PNG.sync.read(png).width).toBe(576);
  const file = path.join(dir, 'text.png');
  fs.writeFileSync(file, png);
  const decoded = execFileSync('zbarimg', ['--quiet', '--raw', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n').sort();
  expect(decoded).toEqual(['LHR1-C2-000123', 'https://verify.example.pk/r/LHR1-C2-000123']);
});

it('shows a raster receipt exactly as the bands arrived', async () => {
  const raster = await encodeRasterReceipt(sampleReceipt({ customerName: 'بلال احمد' }), { columns: 48, formatMoney: formatPkr });
  const preview = PNG.sync.read(await previewPrintedJob(printed(raster.bytes)));
  const original = PNG.sync.read(raster.preview);
  expect([preview.width, preview.height]).toEqual([original.width, original.height]);
  for (let i = 0; i < original.data.length; i += 4) {
    if ((preview.data[i]! < 128) !== (original.data[i]! < 128)) throw new Error(`pixel ${i / 4} differs`);
  }
});
