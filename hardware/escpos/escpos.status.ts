// Printer status from `DLE EOT n` replies (Epson bit layout, which clones mostly follow).

/** `DLE EOT n`: a real-time status request; the printer answers with one byte even when offline. */
export function statusRequestBytes(n: 1 | 2 | 3 | 4): Uint8Array {
  return Uint8Array.of(0x10, 0x04, n);
}

export type PaperState = 'ok' | 'near-end' | 'out';

export interface PrinterStatus {
  online: boolean;
  paper: PaperState;
  coverOpen: boolean;
  /** Level of the drawer connector's pin 3; whether high means open depends on the drawer (calibrate per drawer). */
  drawerPin3High: boolean;
  /** Autocutter jammed, or another error reported by `DLE EOT 3`. */
  error: boolean;
}

/** What stops a job from printing, in the words a cashier sees; null when the printer can print. */
export type PrinterFault = 'paper-out' | 'cover-open' | 'offline' | 'error';

/** A reply byte of `DLE EOT n` has bit 1 and bit 4 set, bits 0 and 7 clear. */
export function isStatusByte(byte: number): boolean {
  return (byte & 0x93) === 0x12;
}

/**
 * Combines the replies to `DLE EOT 1, 2, 3, 4` (in that order) into one status; null when a reply is not
 * a status byte (a stray byte on the line, or not an ESC/POS printer).
 */
export function parseStatusReplies(replies: readonly [number, number, number, number]): PrinterStatus | null {
  if (!replies.every(isStatusByte)) return null;
  const [printer, offline, error, paper] = replies;
  const paperEnd = (paper & 0x60) !== 0 || (offline & 0x20) !== 0;
  const nearEnd = (paper & 0x0c) !== 0;
  return {
    online: (printer & 0x08) === 0,
    paper: paperEnd ? 'out' : nearEnd ? 'near-end' : 'ok',
    coverOpen: (offline & 0x04) !== 0,
    drawerPin3High: (printer & 0x04) !== 0,
    error: (offline & 0x40) !== 0 || (error & 0x68) !== 0,
  };
}

/** The fault that keeps a job waiting, most specific first; near end is a warning, not a fault. */
export function faultOf(status: PrinterStatus): PrinterFault | null {
  if (status.paper === 'out') return 'paper-out';
  if (status.coverOpen) return 'cover-open';
  if (status.error) return 'error';
  if (!status.online) return 'offline';
  return null;
}

/** The status bytes a printer in the given state answers to `DLE EOT 1–4` (used by the virtual printer). */
export function statusRepliesFor(status: PrinterStatus): [number, number, number, number] {
  const paperOut = status.paper === 'out';
  const offline = !status.online || paperOut || status.coverOpen || status.error;
  const printer = 0x12 | (status.drawerPin3High ? 0x04 : 0) | (offline ? 0x08 : 0);
  const cause = 0x12 | (status.coverOpen ? 0x04 : 0) | (paperOut ? 0x20 : 0) | (status.error ? 0x40 : 0);
  const error = 0x12 | (status.error ? 0x40 : 0);
  const paper = 0x12 | (status.paper !== 'ok' ? 0x0c : 0) | (paperOut ? 0x60 : 0);
  return [printer, cause, error, paper];
}
