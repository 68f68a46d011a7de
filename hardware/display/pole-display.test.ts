// Pole display: golden bytes for two lines, ASCII-only text, and the adapter over a transport.
import { describe, expect, it } from 'vitest';
import { ok, type Result } from '../../server/shared/result.ts';
import type { Transport } from '../transport/transport.port.ts';
import { PoleDisplay, poleDisplayBytes, poleLine } from './pole-display.ts';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex').replace(/(..)(?!$)/g, '$1 ');

describe('pole display', () => {
  it('clears the display and writes both 20-character lines', () => {
    expect(hex(poleDisplayBytes('TOTAL', '2,850.00'))).toBe(
      `1b 40 0c 1f 24 01 01 ${hex(Buffer.from('TOTAL               '))} 1f 24 01 02 ${hex(Buffer.from('2,850.00            '))}`,
    );
  });

  it.each([
    ['a label and an amount', 'TOTAL', '2,850.00', 'TOTAL       2,850.00'],
    ['an amount too long to share the line', 'CHANGE DUE TODAY', '1,234,567.00', '        1,234,567.00'],
  ])('lays out %s', (_name, label, amount, expected) => {
    expect(poleLine(label, amount)).toBe(expected);
  });

  it('shows characters it cannot display as spaces, never as garbage', () => {
    const bytes = poleDisplayBytes('بلال Zoë', '');
    expect(Buffer.from(bytes.subarray(7, 27)).toString('latin1')).toBe('     Zo             ');
  });

  it('selects the display when it hangs behind the printer, and hands the line back', async () => {
    const written: Uint8Array[] = [];
    const transport: Transport = {
      target: 'fake', isOpen: true,
      open: async () => ok(undefined),
      write: async (bytes): Promise<Result<void>> => { written.push(bytes); return ok(undefined); },
      read: async () => ok(new Uint8Array()),
      discardInput: () => undefined,
      close: async () => undefined,
    };
    expect((await new PoleDisplay(transport, true).show('Hi', '')).ok).toBe(true);
    const bytes = hex(written[0]!);
    expect(bytes.startsWith('1b 3d 02 1b 40 0c')).toBe(true);
    expect(bytes.endsWith('1b 3d 01')).toBe(true);
  });
});
