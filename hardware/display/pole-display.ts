// Serial pole displays (VFD, 2 × 20) with ESC/POS display commands: the optional customer display adapter.
import { ok, type Result } from '../../server/shared/result.ts';
import { leftRight } from '../receipt/receipt.layout.ts';
import type { Transport } from '../transport/transport.port.ts';

export const POLE_COLUMNS = 20;

/** The Display port: two lines of text in front of the customer. */
export interface CustomerDisplay {
  show(line1: string, line2: string): Promise<Result<void>>;
}

/** Pole displays have no Urdu and often no accents: anything outside printable ASCII shows as a space. */
function asciiLine(text: string): string {
  return [...text].map((char) => (/^[\x20-\x7e]$/.test(char) ? char : ' ')).join('').slice(0, POLE_COLUMNS).padEnd(POLE_COLUMNS, ' ');
}

/** `ESC @` (init), `FF` (clear), `US $ 1 1` line 1, `US $ 1 2` line 2, each exactly 20 characters. */
export function poleDisplayBytes(line1: string, line2: string): Uint8Array {
  return Uint8Array.from([
    0x1b, 0x40, 0x0c,
    0x1f, 0x24, 0x01, 0x01, ...Buffer.from(asciiLine(line1), 'latin1'),
    0x1f, 0x24, 0x01, 0x02, ...Buffer.from(asciiLine(line2), 'latin1'),
  ]);
}

/** "TOTAL      2,850.00" style: a label left, an amount right, on one 20-character line. */
export function poleLine(label: string, amount: string): string {
  const [line] = leftRight(label, amount, POLE_COLUMNS).slice(-1);
  return line ?? '';
}

/** A pole display on a serial (or USB-serial) transport, or daisy-chained behind a printer (`ESC = 2` first). */
export class PoleDisplay implements CustomerDisplay {
  constructor(private readonly transport: Transport, private readonly behindPrinter = false) {}

  async show(line1: string, line2: string): Promise<Result<void>> {
    if (!this.transport.isOpen) {
      const opened = await this.transport.open();
      if (!opened.ok) return opened;
    }
    const select = this.behindPrinter ? [0x1b, 0x3d, 0x02] : [];
    const back = this.behindPrinter ? [0x1b, 0x3d, 0x01] : []; // hand the line back to the printer
    const written = await this.transport.write(Uint8Array.from([...select, ...poleDisplayBytes(line1, line2), ...back]));
    return written.ok ? ok(undefined) : written;
  }
}
