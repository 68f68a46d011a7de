// Code pages: which characters a text-mode receipt can print, and the `ESC t n` table for decoding bytes back.
import CodepageEncoder, { type Codepage } from '@point-of-sale/codepage-encoder';
import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';

export type { Codepage };

const codepointCache = new Map<string, Set<number>>();

function codepointsOf(codepage: Codepage): Set<number> {
  let set = codepointCache.get(codepage);
  if (!set) {
    set = new Set(CodepageEncoder.getEncoding(codepage).codepoints.filter((cp) => cp !== 0xfffd));
    codepointCache.set(codepage, set);
  }
  return set;
}

let epsonTable: Map<number, Codepage> | undefined;

/**
 * The Epson `ESC t n` number of every code page the encoder knows, read from the encoder itself
 * (so the virtual printer decodes exactly what the encoder selected).
 */
export function epsonCodepageTable(): Map<number, Codepage> {
  if (epsonTable) return epsonTable;
  epsonTable = new Map();
  for (const name of CodepageEncoder.getEncodings()) {
    let bytes: Uint8Array;
    try {
      bytes = new ReceiptPrinterEncoder({ newline: '\n' }).codepage(name).text('A').encode();
    } catch {
      continue; // not in the Epson mapping
    }
    if (bytes[0] === 0x1b && bytes[1] === 0x74 && bytes[2] !== undefined && !epsonTable.has(bytes[2])) {
      epsonTable.set(bytes[2], name);
    }
  }
  return epsonTable;
}

/** The characters of `text` that the code page cannot print (they would come out as `?`). */
export function unprintableCharacters(text: string, codepages: readonly Codepage[]): string[] {
  const missing = new Set<string>();
  for (const char of text) {
    const cp = char.codePointAt(0) ?? 0;
    if (cp >= 0x20 && cp < 0x7f) continue;
    if (!codepages.some((codepage) => codepointsOf(codepage).has(cp))) missing.add(char);
  }
  return [...missing];
}

/** Decodes printer bytes in a code page (unknown bytes become U+FFFD). */
export function decodeBytes(bytes: Uint8Array, codepage: Codepage): string {
  const table = CodepageEncoder.getEncoding(codepage).codepoints;
  let out = '';
  for (const byte of bytes) out += String.fromCodePoint(table[byte] ?? 0xfffd);
  return out;
}
