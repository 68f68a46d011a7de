// ESC/POS: golden bytes for the sample receipt and drawer kicks, code pages, status-byte parsing.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatPkr, sampleReceipt } from '../receipt/receipt.fixtures.ts';
import { drawerKickBytes, realtimeDrawerPulseBytes, type DrawerKick } from './escpos.drawer.ts';
import { encodeReceipt } from './escpos.encode.ts';
import { faultOf, parseStatusReplies, statusRepliesFor, statusRequestBytes, type PrinterStatus } from './escpos.status.ts';
import { goldenHex, toHexLines } from './golden.ts';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex').replace(/(..)(?!$)/g, '$1 ');
const golden = (name: string) => fileURLToPath(new URL(`./golden/${name}`, import.meta.url));

describe('drawer kick', () => {
  it.each<[DrawerKick | undefined, string]>([
    [undefined, '1b 70 00 32 fa'],
    [{ pin: 2, onMs: 50, offMs: 500 }, '1b 70 00 19 fa'],
    [{ pin: 5, onMs: 100, offMs: 500 }, '1b 70 01 32 fa'],
    [{ pin: 2, onMs: 0, offMs: 2000 }, '1b 70 00 01 ff'],
  ])('%j is the full five bytes %s', (kick, expected) => {
    expect(hex(drawerKickBytes(kick))).toBe(expected);
  });

  it.each<[2 | 5, number, string]>([
    [2, 100, '10 14 01 00 01'],
    [5, 200, '10 14 01 01 02'],
    [2, 5000, '10 14 01 00 08'],
  ])('real-time pulse on pin %i for %i ms is %s', (pin, ms, expected) => {
    expect(hex(realtimeDrawerPulseBytes(pin, ms))).toBe(expected);
  });
});

describe('status bytes', () => {
  const ready: PrinterStatus = { online: true, paper: 'ok', coverOpen: false, drawerPin3High: false, error: false };
  it.each<[string, [number, number, number, number], PrinterStatus | null]>([
    ['all clear', [0x12, 0x12, 0x12, 0x12], ready],
    ['paper out, cover open, drawer high', [0x1e, 0x36, 0x12, 0x7e], { online: false, paper: 'out', coverOpen: true, drawerPin3High: true, error: false }],
    ['paper near end only', [0x12, 0x12, 0x12, 0x1e], { ...ready, paper: 'near-end' }],
    ['offline with cover open', [0x1a, 0x16, 0x12, 0x12], { ...ready, online: false, coverOpen: true }],
    ['autocutter error', [0x1a, 0x52, 0x1a, 0x12], { ...ready, online: false, error: true }],
    ['a stray byte is not a status', [0x00, 0x12, 0x12, 0x12], null],
  ])('%s', (_name, replies, expected) => {
    expect(parseStatusReplies(replies)).toEqual(expected);
  });

  it.each<[Partial<PrinterStatus>, string | null]>([
    [{}, null],
    [{ paper: 'near-end' }, null],
    [{ paper: 'out' }, 'paper-out'],
    [{ coverOpen: true }, 'cover-open'],
    [{ online: false }, 'offline'],
    [{ error: true }, 'error'],
    [{ drawerPin3High: true }, null],
  ])('a printer in state %j answers bytes that parse back to it, fault %s', (overrides, fault) => {
    const status = { ...ready, ...overrides };
    const parsed = parseStatusReplies(statusRepliesFor(status));
    expect(parsed).not.toBeNull();
    expect(faultOf(parsed!)).toBe(fault);
    expect(parsed!.paper).toBe(status.paper);
    expect(parsed!.coverOpen).toBe(status.coverOpen);
    expect(parsed!.drawerPin3High).toBe(status.drawerPin3High);
  });

  it('asks with DLE EOT n', () => {
    expect(hex(statusRequestBytes(4))).toBe('10 04 04');
  });
});

describe('encodeReceipt', () => {
  const options = { columns: 32 as const, formatMoney: formatPkr, drawer: { pin: 2 as const, onMs: 100, offMs: 500 } };

  it('matches the golden bytes of the sample receipt on 58 mm paper with a drawer kick', () => {
    const encoded = encodeReceipt(sampleReceipt(), options);
    if (!encoded.ok) throw new Error(encoded.error.message);
    expect(toHexLines(encoded.value.bytes)).toBe(goldenHex(golden('sample-receipt-32.hex'), encoded.value.bytes));
  });

  it('starts with ESC @ and the kick, selects the code page, and ends with the partial cut', () => {
    const encoded = encodeReceipt(sampleReceipt(), options);
    if (!encoded.ok) throw new Error(encoded.error.message);
    const bytes = hex(encoded.value.bytes);
    expect(bytes.startsWith('1b 40 1c 2e 1b 4d 00 1b 70 00 32 fa')).toBe(true);
    expect(bytes).toContain('1b 74 00'); // ESC t 0 = cp437
    // CODE128 (GS k 73) of the receipt number in code set B, 2-dot modules to fit 384 dots
    expect(bytes).toContain(`1d 77 02 1d 48 00 1d 6b 49 10 7b 42 ${hex(Buffer.from('LHR1-C2-000123'))}`);
    // QR: model 2, size 6, level M, store the data (GS ( k … 31 50 30), print it (31 51 30)
    const qr = 'https://verify.example.pk/r/LHR1-C2-000123';
    expect(bytes).toContain(`1d 28 6b 04 00 31 41 32 00 1d 28 6b 03 00 31 43 06 1d 28 6b 03 00 31 45 31 1d 28 6b ${hex(Uint8Array.of(qr.length + 3, 0))} 31 50 30 ${hex(Buffer.from(qr))} 1d 28 6b 03 00 31 51 30`);
    expect(bytes.endsWith('0a 0a 0a 0a 1d 56 01')).toBe(true);
  });

  it('prints an EAN-13 barcode with GS k 2 and the item text in the chosen code page', () => {
    const encoded = encodeReceipt(sampleReceipt({ barcode: { symbology: 'ean13', value: '200000000123' }, customerName: 'Zoë 5€' }), {
      ...options,
      codepage: 'cp858',
      cut: 'full',
    });
    if (!encoded.ok) throw new Error(encoded.error.message);
    const bytes = hex(encoded.value.bytes);
    expect(bytes).toContain(`1d 6b 02 ${hex(Buffer.from('200000000123'))} 00`);
    expect(bytes).toContain('1b 74 13'); // ESC t 19 = cp858
    expect(bytes).toContain(`5a 6f 89 20 35 d5`); // "Zoë 5€" in cp858
    expect(bytes.endsWith('1d 56 00')).toBe(true);
  });

  it.each([
    ['a euro sign on a cp437 printer', 'Zoë 5€', ['€']],
    ['Urdu text', 'بلال احمد', ['right-to-left script']],
  ])('refuses %s rather than printing "?"', (_name, customerName, characters) => {
    const encoded = encodeReceipt(sampleReceipt({ customerName }), options);
    expect(encoded.ok).toBe(false);
    if (encoded.ok) return;
    expect(encoded.error.code).toBe('UNSUPPORTED_CHARACTERS');
    expect(encoded.error.details).toMatchObject({ characters });
  });
});
