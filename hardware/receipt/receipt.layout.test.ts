// Receipt layout: wrapping, alignment, time zone and the whole sample receipt at 32/42/48 columns.
import { describe, expect, it } from 'vitest';
import { minor } from '../../server/shared/money.ts';
import { RECEIPT_COLUMNS } from './receipt.document.ts';
import { formatPkr, longReceipt, sampleReceipt } from './receipt.fixtures.ts';
import { centerText, formatReceiptTime, layoutReceipt, leftRight, receiptTranscript, wrapText } from './receipt.layout.ts';

describe('wrapText', () => {
  it.each([
    ['short', 10, ['short']],
    ['two words here', 9, ['two words', 'here']],
    ['abcdefghijkl', 5, ['abcde', 'fghij', 'kl']],
    ['  spaced   out  ', 20, ['spaced out']],
    ['', 10, ['']],
  ])('%j at %i columns', (text, width, expected) => {
    expect(wrapText(text, width)).toEqual(expected);
  });
});

describe('leftRight and centerText', () => {
  it.each([
    ['Cash', '100.00', 16, ['Cash      100.00']],
    ['A very long tender label', '1.00', 16, ['A very long', 'tender label', '            1.00']],
    ['Long label words', '9.00', 16, ['Long label words', '            9.00']],
    ['Long label word', '9.00', 13, ['Long label', 'word     9.00']],
  ])('%j / %j at %i', (left, right, width, expected) => {
    expect(leftRight(left, right, width)).toEqual(expected);
  });
  it('centres and trims', () => {
    expect(centerText(' ab ', 8)).toBe('   ab');
    expect(centerText('too long for it', 8)).toBe('too long for it');
  });
});

describe('formatReceiptTime', () => {
  it.each([
    [Date.UTC(2026, 10, 23, 9, 5), 'Asia/Karachi', '23 Nov 2026 14:05'],
    [Date.UTC(2026, 10, 23, 20, 30), 'Asia/Karachi', '24 Nov 2026 01:30'],
    [Date.UTC(2026, 6, 1, 23, 0), 'Europe/London', '02 Jul 2026 00:00'],
  ])('%i in %s', (instant, zone, expected) => {
    expect(formatReceiptTime(instant, zone)).toBe(expected);
  });
});

describe('layoutReceipt', () => {
  it.each(RECEIPT_COLUMNS)('keeps every text row within %i columns with no trailing spaces', (columns) => {
    for (const document of [sampleReceipt(), longReceipt(30)]) {
      const rows = layoutReceipt(document, { columns, formatMoney: formatPkr });
      for (const row of rows) {
        if (row.kind !== 'text') continue;
        expect(row.text.length).toBeLessThanOrEqual(columns);
        expect(row.text).not.toMatch(/\s$/);
      }
    }
  });

  it('lays the sample receipt out for 58 mm paper (32 columns)', () => {
    const lines = receiptTranscript(layoutReceipt(sampleReceipt(), { columns: 32, formatMoney: formatPkr }));
    expect(lines).toEqual([
      '           Chai Khana',
      '    12 MM Alam Road, Lahore',
      '         NTN 1234567-8',
      '   Gulberg Lahore - Counter 2',
      '================================',
      'Receipt:          LHR1-C2-000123',
      'Date:          23 Nov 2026 14:05',
      'Cashier:                  Ayesha',
      'Customer:            Bilal Ahmed',
      '--------------------------------',
      'Tapal Danedar 950g',
      '  2 x 1,200.00          2,400.00',
      '  SKU TAP-950',
      'Rooh Afza 800ml',
      '  1 x 450.00              450.00',
      '  Promo                   -50.00',
      'Loose sugar',
      '  1.250 kg x 160.00       200.00',
      '--------------------------------',
      'Subtotal                3,000.00',
      'Loyalty 5%               -150.00',
      'GST 17% incl. on 2,435.90 414.10',
      '================================',
      'TOTAL                   2,850.00',
      '================================',
      'Cash                    3,000.00',
      'Change                    150.00',
      '',
      '[BARCODE code128 LHR1-C2-000123]',
      '',
      '[QR https://verify.example.pk/r/LHR1-C2-000123]',
      '',
      'Thank you for shopping with us!',
      '  Exchange within 7 days with',
      '            receipt.',
    ]);
  });

  it('uses the full 48 columns on 80 mm paper and marks the name and total bold', () => {
    const rows = layoutReceipt(sampleReceipt(), { columns: 48, formatMoney: formatPkr });
    const texts = rows.filter((row) => row.kind === 'text');
    expect(texts).toContainEqual({ kind: 'text', text: 'TOTAL                                   2,850.00', bold: true });
    expect(texts[0]).toEqual({ kind: 'text', text: '                   Chai Khana', bold: true, tall: true });
    expect(receiptTranscript(rows)).toContain('      Exchange within 7 days with receipt.');
  });

  it('hides the customer, barcode, QR and footer when the document has none, and shows the logo first', () => {
    const rows = layoutReceipt(
      sampleReceipt({ customerName: undefined, barcode: null, qr: undefined, footer: [], header: { ...sampleReceipt().header, logo: { png: new Uint8Array([1]) } } }),
      { columns: 42, formatMoney: formatPkr },
    );
    const lines = receiptTranscript(rows);
    expect(lines[0]).toBe('[LOGO]');
    expect(lines.some((line) => line.startsWith('Customer:'))).toBe(false);
    expect(lines.some((line) => line.startsWith('[BARCODE') || line.startsWith('[QR'))).toBe(false);
    expect(lines[lines.length - 1]).toMatch(/^Change +150\.00$/);
  });

  it('prints an EAN-13 barcode when the document asks for one, and the amounts through the given formatter', () => {
    const rows = layoutReceipt(sampleReceipt({ barcode: { symbology: 'ean13', value: '2000000001236' }, change: minor(-1) }), {
      columns: 32,
      formatMoney: (amount) => `Rs ${amount}`,
    });
    expect(rows).toContainEqual({ kind: 'barcode', symbology: 'ean13', value: '2000000001236' });
    expect(receiptTranscript(rows)).toContain('TOTAL                  Rs 285000');
  });

  it.each([
    ['customer', (line: string) => line.startsWith('Customer:')],
    ['sku', (line: string) => line.includes('SKU ')],
    ['taxes', (line: string) => line.startsWith('GST')],
    ['barcode', (line: string) => line.startsWith('[BARCODE')],
    ['qr', (line: string) => line.startsWith('[QR')],
    ['footer', (line: string) => line.includes('Thank you')],
  ] as const)('leaves out the %s block when the template hides it', (block, present) => {
    const shown = receiptTranscript(layoutReceipt(sampleReceipt(), { columns: 48, formatMoney: formatPkr }));
    const hidden = receiptTranscript(layoutReceipt(sampleReceipt(), { columns: 48, formatMoney: formatPkr, blocks: { [block]: false } }));
    expect(shown.some(present)).toBe(true);
    expect(hidden.some(present)).toBe(false);
    expect(hidden).toContain('TOTAL                                   2,850.00');
  });
});
