// The Transport port: how bytes reach a printer (TCP 9100, /dev/usb/lpN, serial) and replies come back.
import type { Result } from '../../server/shared/result.ts';

export interface TransportTimeouts {
  /** Giving up on a connection (TCP) or on opening the device. */
  connectMs: number;
  /** Giving up when a write makes no progress for this long (printer stalled, buffer full). */
  writeMs: number;
  /** Default wait for a reply to a status request. */
  readMs: number;
}

export const DEFAULT_TIMEOUTS: TransportTimeouts = { connectMs: 3000, writeMs: 10_000, readMs: 1000 };

/**
 * One open channel to one printer. Expected failures are results: `PRINTER_UNREACHABLE` (refused, closed,
 * gone), `PRINTER_TIMEOUT` (no progress or no reply in time), `DEVICE_NOT_FOUND` (no such device path).
 */
export interface Transport {
  /** The printer's address, for messages and logs. */
  readonly target: string;
  open(): Promise<Result<void>>;
  /** Writes all bytes, failing when the printer stops taking them for `writeMs`. */
  write(bytes: Uint8Array): Promise<Result<void>>;
  /** Reads exactly `count` bytes of reply, or fails with `PRINTER_TIMEOUT`. */
  read(count: number, timeoutMs?: number): Promise<Result<Uint8Array>>;
  /** Drops reply bytes received but not read yet (late or unsolicited status bytes). */
  discardInput(): void;
  readonly isOpen: boolean;
  close(): Promise<void>;
}

export type PrinterAddress =
  | { kind: 'tcp'; host: string; port: number }
  | { kind: 'usblp'; path: string }
  | { kind: 'serial'; path: string; baud: number };
