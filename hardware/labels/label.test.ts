// Labels: internal EAN-13s, golden ESC/POS bytes, and sheets whose barcodes a real decoder (zbarimg) reads back.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { completeEan13, isValidEan13 } from '../../server/shared/ean13.ts';
import { goldenHex, toHexLines } from '../escpos/golden.ts';
import { EscPosParser } from '../virtual-printer/escpos.parser.ts';
import { applyPrintEvent, emptyJob, type PrintedJob } from '../virtual-printer/virtual-printer.jobs.ts';
import { encodeLabels, internalEan13, labelBarcodeFor, labelSheetPdf, labelSheetPng, type Label } from './label.ts';
import { zbar } from './zbar.ts';

const labels: Label[] = [
  { name: 'Tapal Danedar 950g', price: 'PKR 1,200.00', sku: 'TAP-950', barcode: { symbology: 'ean13', value: completeEan13('896400012345') } },
  { name: 'Rooh Afza 800ml', price: 'PKR 450.00', sku: 'RA-800', barcode: { symbology: 'code128', value: 'RA-800' } },
  { name: 'Loose sugar per kg', price: 'PKR 160.00', sku: 'SUG-1', barcode: { symbology: 'ean13', value: internalEan13(42) } },
];

describe('internal EAN-13', () => {
  it.each([
    [42, '20', '2000000000428'],
    [123_456_789, '29', '2901234567896'],
    [7, '210', '2100000000074'],
  ])('sequence %i with prefix %s is %s, a valid EAN-13', (sequence, prefix, expected) => {
    const code = internalEan13(sequence, prefix);
    expect(code).toBe(expected);
    expect(isValidEan13(code)).toBe(true);
  });

  it.each([
    [1, '2'],
    [10_000_000_000, '20'],
    [-1, '20'],
  ])('refuses sequence %i with prefix %s', (sequence, prefix) => {
    expect(() => internalEan13(sequence, prefix)).toThrow(RangeError);
  });

  it.each([
    ['8964000123454', 'SKU', { symbology: 'ean13', value: '8964000123454' }],
    ['8964000123455', 'SKU', { symbology: 'code128', value: '8964000123455' }],
    [null, 'TAP-950', { symbology: 'code128', value: 'TAP-950' }],
  ])('labels barcode %s (SKU %s) as %j', (barcode, sku, expected) => {
    expect(labelBarcodeFor(barcode, sku)).toEqual(expected);
  });
});

describe('labels on the receipt printer', () => {
  const bytes = encodeLabels(labels, { columns: 48 });

  it('matches the golden bytes', () => {
    expect(toHexLines(bytes)).toBe(goldenHex(fileURLToPath(new URL('../escpos/golden/labels-48.hex', import.meta.url)), bytes));
  });

  it('prints one cut label per variant with its barcode, price and SKU', () => {
    const hex = Buffer.from(bytes).toString('hex');
    expect(hex).toContain(`1d6b02${Buffer.from('896400012345').toString('hex')}00`); // EAN-13, printer adds the check digit
    const jobs: PrintedJob[] = [];
    let job = emptyJob();
    for (const event of new EscPosParser().push(bytes)) {
      if (applyPrintEvent(job, event)) {
        jobs.push(job);
        job = emptyJob();
      }
    }
    expect(jobs.map((j) => j.barcodes[0])).toEqual([
      { symbology: 'ean13', value: '896400012345' },
      { symbology: 'code128', value: 'RA-800' },
      { symbology: 'ean13', value: '200000000042' },
    ]);
    expect(jobs[0]!.lines).toEqual([
      '               Tapal Danedar 950g',
      '                  PKR 1,200.00',
      '           8964000123454  SKU TAP-950',
    ]);
  });
});

describe('label sheets', () => {
  it('draws a PNG sheet whose barcodes zbarimg reads back exactly', async () => {
    expect(zbar(await labelSheetPng(labels))).toEqual(['CODE-128:RA-800', 'EAN-13:2000000000428', 'EAN-13:8964000123454']);
  });

  it('writes an A4 PDF, 24 labels a page', async () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ ...labels[i % 3]! }));
    const pdf = (await labelSheetPdf(many)).toString('latin1');
    expect(pdf.startsWith('%PDF-')).toBe(true);
    expect(pdf.match(/\/Type\s*\/Page\b/g)).toHaveLength(2);
  });
});
