// The running box's latest printer states in `printer-status.json`, so `doctor` can read them without a second connection.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { PrinterQueueStatus } from '../../hardware/queue/print-queue.ts';

const FILE = 'printer-status.json';

export function printerStatusFile(dataDir: string): string {
  return join(resolve(dataDir), FILE);
}

/** Replaces the file atomically; a failure to write is not worth stopping a print for (the caller logs it). */
export function writePrinterStatuses(dataDir: string, statuses: readonly PrinterQueueStatus[]): void {
  const file = printerStatusFile(dataDir);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ statuses }), { mode: 0o644 });
  renameSync(tmp, file);
}

/** The states the box last wrote, by printer id; empty when there is no readable file. */
export function readPrinterStatuses(dataDir: string): Map<string, PrinterQueueStatus> {
  try {
    const { statuses } = JSON.parse(readFileSync(printerStatusFile(dataDir), 'utf8')) as { statuses: PrinterQueueStatus[] };
    return new Map(statuses.map((s) => [s.printerId, s]));
  } catch {
    return new Map();
  }
}
