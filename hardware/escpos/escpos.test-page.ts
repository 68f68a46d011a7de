// The printer test page techs print from the CLI: code-page sample, column ruler, CODE128 barcode, QR code, cut.
import CodepageEncoder from '@point-of-sale/codepage-encoder';
import type { ReceiptColumns } from '../receipt/receipt.document.ts';
import { centerText, formatReceiptTime, wrapText, type ReceiptRow } from '../receipt/receipt.layout.ts';
import { unprintableCharacters, type Codepage } from './escpos.codepages.ts';
import { encodeRows } from './escpos.encode.ts';

export const TEST_PAGE_BARCODE = 'ISMARTSYNC-TEST';
export const TEST_PAGE_QR = 'ismartsync:printer-test';

export interface TestPageOptions {
  columns: ReceiptColumns;
  codepage?: Codepage;
  /** The address being tested, printed on the page. */
  target: string;
  now: number;
  timeZone: string;
}

export interface TestPage {
  bytes: Uint8Array;
  rows: ReceiptRow[];
}

/** A sample of the code page's own characters (accented letters, symbols) that it can really print. */
export function codepageSample(codepage: Codepage): string {
  const sample = CodepageEncoder.getTestStrings(codepage)[0]?.string ?? 'The quick brown fox jumps over the lazy dog';
  return [...sample].filter((char) => unprintableCharacters(char, [codepage]).length === 0).join('').replace(/\s+/g, ' ').trim();
}

export function testPage(options: TestPageOptions): TestPage {
  const { columns } = options;
  const codepage = options.codepage ?? 'cp437';
  const rows: ReceiptRow[] = [];
  const text = (line: string, style: { bold?: boolean; tall?: boolean } = {}) => rows.push({ kind: 'text', text: line.replace(/\s+$/, ''), ...style });
  text(centerText('PRINTER TEST', columns), { bold: true, tall: true });
  text(centerText('iSmartSync branch box', columns));
  text('='.repeat(columns));
  for (const line of wrapText(`Printer: ${options.target}`, columns)) text(line);
  text(`Time: ${formatReceiptTime(options.now, options.timeZone)}`);
  text(`Paper: ${columns} columns`);
  text(Array.from({ length: columns }, (_, i) => String((i + 1) % 10)).join(''));
  text('-'.repeat(columns));
  text(`Code page ${codepage}:`);
  for (const line of wrapText(codepageSample(codepage), columns)) text(line);
  const accents = [...'ÄÖÜäöüß éèêç ñÑ åø £¥€'].filter((char) => char === ' ' || unprintableCharacters(char, [codepage]).length === 0).join('');
  text(`Accents: ${accents.replace(/\s+/g, ' ').trim()}`.slice(0, columns));
  text('-'.repeat(columns));
  text('CODE128:');
  rows.push({ kind: 'barcode', symbology: 'code128', value: TEST_PAGE_BARCODE });
  text('QR code:');
  rows.push({ kind: 'qr', value: TEST_PAGE_QR });
  text(centerText('End of test page', columns));
  return { bytes: encodeRows(rows, { columns, codepage }), rows };
}
