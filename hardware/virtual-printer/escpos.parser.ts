// Incremental ESC/POS parser: turns a byte stream (in any chunking) back into lines, images, codes, cuts and pulses.
import CodepageEncoder, { type Codepage } from '@point-of-sale/codepage-encoder';
import { epsonCodepageTable } from '../escpos/escpos.codepages.ts';

export interface Pulse {
  pin: 2 | 5;
  onMs: number;
  offMs: number;
  /** True for the real-time `DLE DC4 1` pulse, false for the buffered `ESC p`. */
  realtime: boolean;
}

export type ParsedEvent =
  | { type: 'line'; text: string }
  | { type: 'image'; width: number; height: number; /** 1 bit per dot, rows of width/8 bytes, MSB first, 1 = black */ bits: Uint8Array }
  | { type: 'barcode'; symbology: string; value: string }
  | { type: 'qr'; value: string }
  | { type: 'cut'; partial: boolean }
  | { type: 'pulse'; pulse: Pulse }
  | { type: 'status-request'; n: number }
  | { type: 'transmit-status'; n: number }
  | { type: 'initialize' }
  | { type: 'unknown'; bytes: number[] };

const FUNCTION_A_SYMBOLOGIES = ['upca', 'upce', 'ean13', 'ean8', 'code39', 'itf', 'codabar'];
const FUNCTION_B_SYMBOLOGIES: Record<number, string> = {
  65: 'upca', 66: 'upce', 67: 'ean13', 68: 'ean8', 69: 'code39', 70: 'itf', 71: 'codabar', 72: 'code93',
  73: 'code128', 74: 'gs1-128', 75: 'gs1-databar-omni', 76: 'gs1-databar-truncated', 77: 'gs1-databar-limited',
  78: 'gs1-databar-expanded', 79: 'code128-auto',
};

// ESC commands with a fixed number of parameter bytes that only change formatting (ignored by the parser).
const ESC_FIXED: Record<number, number> = {
  0x20: 1, 0x21: 1, 0x25: 1, 0x2d: 1, 0x32: 0, 0x33: 1, 0x3c: 0, 0x3d: 1, 0x3f: 1, 0x4a: 1, 0x4c: 0, 0x4d: 1,
  0x52: 1, 0x53: 0, 0x54: 1, 0x55: 1, 0x56: 1, 0x57: 8, 0x61: 1, 0x64: 1, 0x65: 1, 0x72: 1, 0x75: 1, 0x76: 0,
  0x7b: 1, 0x24: 2, 0x5c: 2, 0x45: 1, 0x47: 1, 0x42: 2, 0x0c: 0, 0x34: 0, 0x35: 0,
};
// GS commands with a fixed number of parameter bytes that only change formatting.
const GS_FIXED: Record<number, number> = {
  0x21: 1, 0x42: 1, 0x48: 1, 0x66: 1, 0x68: 1, 0x77: 1, 0x61: 1, 0x4c: 2, 0x57: 2, 0x50: 2, 0x62: 1, 0x49: 1,
  0x24: 2, 0x5c: 2, 0x2f: 1, 0x3a: 0, 0x54: 1,
};

/** Decodes CODE128 data as sent in `GS k 73`: `{A`/`{B`/`{C` pick the code set, `{{` is a brace, set C packs digit pairs. */
function decodeCode128(data: Uint8Array): string {
  let set: 'A' | 'B' | 'C' = 'B';
  let out = '';
  for (let i = 0; i < data.length; i++) {
    const byte = data[i]!;
    if (byte === 0x7b && i + 1 < data.length) {
      const next = String.fromCharCode(data[i + 1]!);
      i++;
      if (next === 'A' || next === 'B' || next === 'C') set = next;
      else if (next === '{') out += '{';
      // {1..{4 (FNC1–4) and {S (shift) carry no characters
      continue;
    }
    out += set === 'C' ? String(byte).padStart(2, '0') : String.fromCharCode(byte);
  }
  return out;
}

export class EscPosParser {
  #buffer: Uint8Array = new Uint8Array(0);
  #line = '';
  #codepoints: number[] = CodepageEncoder.getEncoding('cp437').codepoints;
  #qrData = '';
  #events: ParsedEvent[] = [];

  /** Feeds more bytes; returns the events they complete (an incomplete command waits for the next chunk). */
  push(chunk: Uint8Array): ParsedEvent[] {
    if (this.#buffer.length === 0) this.#buffer = chunk;
    else {
      const joined = new Uint8Array(this.#buffer.length + chunk.length);
      joined.set(this.#buffer);
      joined.set(chunk, this.#buffer.length);
      this.#buffer = joined;
    }
    let position = 0;
    while (position < this.#buffer.length) {
      const consumed = this.#parseAt(position);
      if (consumed === 0) break; // incomplete command: keep the rest for the next chunk
      position += consumed;
    }
    this.#buffer = this.#buffer.slice(position);
    const events = this.#events;
    this.#events = [];
    return events;
  }

  /** Text received since the last line feed (printed by a cut or the next LF). */
  get pendingText(): string {
    return this.#line;
  }

  #emit(event: ParsedEvent): void {
    this.#events.push(event);
  }

  #flushLine(): void {
    this.#emit({ type: 'line', text: this.#line });
    this.#line = '';
  }

  #setCodepage(n: number): void {
    const codepage: Codepage | undefined = epsonCodepageTable().get(n);
    this.#codepoints = CodepageEncoder.getEncoding(codepage ?? 'cp437').codepoints;
  }

  /** Parses one command or character at `p`; returns how many bytes it used, or 0 when more bytes are needed. */
  #parseAt(p: number): number {
    const b = this.#buffer;
    const available = b.length - p;
    const at = (offset: number) => b[p + offset]!;
    const byte = at(0);
    switch (byte) {
      case 0x0a:
        this.#flushLine();
        return 1;
      case 0x0d:
      case 0x00:
      case 0x18:
        return 1;
      case 0x09:
        this.#line += ' ';
        return 1;
      case 0x0c: // FF: print in page mode
        if (this.#line) this.#flushLine();
        return 1;
      case 0x1b:
        return available < 2 ? 0 : this.#parseEsc(p, available);
      case 0x1d:
        return available < 2 ? 0 : this.#parseGs(p, available);
      case 0x1c:
        return available < 2 ? 0 : this.#parseFs(p, available);
      case 0x10: {
        if (available < 3) return 0;
        const fn = at(1);
        if (fn === 0x04 || fn === 0x05) {
          if (fn === 0x04) this.#emit({ type: 'status-request', n: at(2) });
          return 3;
        }
        if (fn === 0x14) {
          const sub = at(2);
          if (sub === 0x01) {
            if (available < 5) return 0;
            this.#emit({ type: 'pulse', pulse: { pin: at(3) === 0 || at(3) === 48 ? 2 : 5, onMs: at(4) * 100, offMs: at(4) * 100, realtime: true } });
            return 5;
          }
          const lengths: Record<number, number> = { 2: 5, 7: 4, 8: 10 };
          const length = lengths[sub] ?? 3;
          return available < length ? 0 : length;
        }
        this.#emit({ type: 'unknown', bytes: [0x10, fn] });
        return 2;
      }
      default:
        if (byte < 0x20) {
          this.#emit({ type: 'unknown', bytes: [byte] });
          return 1;
        }
        this.#line += String.fromCodePoint(this.#codepoints[byte] ?? 0xfffd);
        return 1;
    }
  }

  #parseEsc(p: number, available: number): number {
    const at = (offset: number) => this.#buffer[p + offset]!;
    const command = at(1);
    switch (command) {
      case 0x40: // ESC @
        this.#line = '';
        this.#setCodepage(0);
        this.#emit({ type: 'initialize' });
        return 2;
      case 0x74: // ESC t n
        if (available < 3) return 0;
        this.#setCodepage(at(2));
        return 3;
      case 0x70: // ESC p m t1 t2
        if (available < 5) return 0;
        this.#emit({ type: 'pulse', pulse: { pin: at(2) === 0 || at(2) === 48 ? 2 : 5, onMs: at(3) * 2, offMs: at(4) * 2, realtime: false } });
        return 5;
      case 0x69: // ESC i / ESC m: cut
      case 0x6d:
        if (this.#line) this.#flushLine();
        this.#emit({ type: 'cut', partial: command === 0x6d });
        return 2;
      case 0x2a: { // ESC * m nL nH d: column image (skipped, logged)
        if (available < 5) return 0;
        const columns = at(3) + at(4) * 256;
        const length = 5 + columns * (at(2) >= 32 ? 3 : 1);
        if (available < length) return 0;
        this.#emit({ type: 'unknown', bytes: [0x1b, 0x2a] });
        return length;
      }
      case 0x44: { // ESC D n1 … NUL: tab stops
        for (let i = 2; i < available; i++) if (at(i) === 0) return i + 1;
        return 0;
      }
      case 0x63: // ESC c 3/4/5 n
        return available < 4 ? 0 : 4;
      default: {
        const params = ESC_FIXED[command];
        if (params === undefined) {
          this.#emit({ type: 'unknown', bytes: [0x1b, command] });
          return 2;
        }
        return available < 2 + params ? 0 : 2 + params;
      }
    }
  }

  #parseGs(p: number, available: number): number {
    const at = (offset: number) => this.#buffer[p + offset]!;
    const command = at(1);
    switch (command) {
      case 0x56: { // GS V m [n]
        if (available < 3) return 0;
        const m = at(2);
        const withFeed = m >= 65;
        if (withFeed && available < 4) return 0;
        if (this.#line) this.#flushLine();
        this.#emit({ type: 'cut', partial: m === 1 || m === 49 || m === 66 || m === 98 || m === 104 });
        return withFeed ? 4 : 3;
      }
      case 0x76: { // GS v 0 m xL xH yL yH d
        if (available < 8) return 0;
        const widthBytes = at(4) + at(5) * 256;
        const height = at(6) + at(7) * 256;
        const length = 8 + widthBytes * height;
        if (available < length) return 0;
        const bits = this.#buffer.slice(p + 8, p + length);
        this.#emit({ type: 'image', width: widthBytes * 8, height, bits });
        return length;
      }
      case 0x6b: { // GS k m …
        if (available < 3) return 0;
        const m = at(2);
        if (m <= 6) {
          for (let i = 3; i < available; i++) {
            if (at(i) === 0) {
              const data = this.#buffer.slice(p + 3, p + i);
              this.#emit({ type: 'barcode', symbology: FUNCTION_A_SYMBOLOGIES[m]!, value: Buffer.from(data).toString('latin1') });
              return i + 1;
            }
          }
          return 0;
        }
        if (available < 4) return 0;
        const length = 4 + at(3);
        if (available < length) return 0;
        const data = this.#buffer.slice(p + 4, p + length);
        const symbology = FUNCTION_B_SYMBOLOGIES[m] ?? `gs-k-${m}`;
        const value = symbology === 'code128' || symbology === 'gs1-128' ? decodeCode128(data) : Buffer.from(data).toString('latin1');
        this.#emit({ type: 'barcode', symbology, value });
        return length;
      }
      case 0x28: { // GS ( x pL pH …
        if (available < 5) return 0;
        const length = 5 + at(3) + at(4) * 256;
        if (available < length) return 0;
        if (at(2) === 0x6b && at(5) === 0x31) {
          const fn = at(6);
          if (fn === 0x50) this.#qrData = Buffer.from(this.#buffer.slice(p + 8, p + length)).toString('utf8');
          if (fn === 0x51) this.#emit({ type: 'qr', value: this.#qrData });
        }
        return length;
      }
      case 0x72: // GS r n: transmit status
        if (available < 3) return 0;
        this.#emit({ type: 'transmit-status', n: at(2) });
        return 3;
      case 0x38: { // GS 8 L p1 p2 p3 p4 …: large graphics data
        if (available < 7) return 0;
        const length = 7 + at(3) + at(4) * 256 + at(5) * 65536 + at(6) * 16777216;
        return available < length ? 0 : length;
      }
      case 0x2a: { // GS * x y d: define downloaded image
        if (available < 4) return 0;
        const length = 4 + at(2) * at(3) * 8;
        return available < length ? 0 : length;
      }
      default: {
        const params = GS_FIXED[command];
        if (params === undefined) {
          this.#emit({ type: 'unknown', bytes: [0x1d, command] });
          return 2;
        }
        return available < 2 + params ? 0 : 2 + params;
      }
    }
  }

  #parseFs(p: number, available: number): number {
    const at = (offset: number) => this.#buffer[p + offset]!;
    const command = at(1);
    switch (command) {
      case 0x2e: // FS . cancel Kanji mode
      case 0x26: // FS & Kanji mode
        return 2;
      case 0x21:
      case 0x2d:
      case 0x43:
      case 0x57:
        return available < 3 ? 0 : 3;
      case 0x70: // FS p n m: print NV image
      case 0x53:
        return available < 4 ? 0 : 4;
      case 0x28: {
        if (available < 5) return 0;
        const length = 5 + at(3) + at(4) * 256;
        return available < length ? 0 : length;
      }
      default:
        this.#emit({ type: 'unknown', bytes: [0x1c, command] });
        return 2;
    }
  }
}
